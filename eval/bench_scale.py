"""Scale: indexes of growing size built from the real texts of ../shared/data (1k, 10k and 100k
passages). The sets hold about 1,800 passages, so larger indexes repeat documents under distinct ids
(copy-K/...), which the report says. Each size runs in its own process so that its peak memory is its own.

    python eval/bench_scale.py [SIZES...]        (default: 1000 10000 100000)
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

from benchlib import DATA, REPORTS, build_corpus, median, peak_rss_mb, scratch, timed_against_plain, write

from ti_assistant.evaluation.metrics import percentile

PASSAGES_PER_DOCUMENT = 1.35  # measured on the sets: 1,778 passages for 1,319 documents


def one(size: int) -> dict[str, float]:
    from ti_assistant.answer.engine import Assistant
    from ti_assistant.config import Settings
    from ti_assistant.ingest.pipeline import ingest

    work = scratch(f"ti-bench-scale-{size}-")
    base = work / "base"
    sets = build_corpus(DATA, base)
    files = sorted(p for p in base.rglob("*.txt"))
    wanted = int(size / PASSAGES_PER_DOCUMENT)
    corpus = work / "corpus"
    for k in range(0, wanted):
        source = files[k % len(files)]
        target = corpus / f"copy-{k // len(files)}" / source.relative_to(base)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
        os.link(source.with_name(source.name + ".meta.json"), target.with_name(target.name + ".meta.json"))
    settings = Settings.from_env({}, corpus_dir=str(corpus), index_dir=str(work / "index"))
    report = ingest(settings)
    assistant = Assistant(settings)
    questions = [q.question for q in random.Random(0).sample(sets["piaf"], 200)]
    answers, baseline = timed_against_plain(assistant, questions, warmup=10)
    pipeline = [a.timings_ms["total"] for a in answers]
    disk = sum(f.stat().st_size for f in (work / "index").rglob("*") if f.is_file())
    return {
        "size": size, "documents": wanted, "copies": -(-wanted // len(files)), "chunks": report.chunks,
        "ingest_chunks_per_s": report.chunks / report.seconds, "ingest_s": report.seconds,
        "disk_mb": disk / 1e6, "peak_rss_mb": peak_rss_mb(),
        "p50_ms": median(pipeline), "p95_ms": percentile(pipeline, 95),
        "plain_p50_ms": median(baseline), "plain_p95_ms": percentile(baseline, 95),
    }  # fmt: skip


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(one(int(sys.argv[2]))))
        return
    if not DATA.exists():
        print(f"Benchmark ignoré : les données {DATA} sont absentes.")
        return
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000, 100000]
    previous = REPORTS / "bench-scale.json"
    kept = json.loads(previous.read_text(encoding="utf-8"))["results"] if previous.exists() else []
    results = [r for r in kept if r["size"] not in sizes]  # sizes not re-run keep their last measure
    for size in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)], capture_output=True, text=True, check=True
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    results.sort(key=lambda r: r["size"])
    lines = [
        "Documents répétés sous des identifiants distincts au-delà des ~1 800 passages réels (colonne « copies »).",
        "",
        "| passages | copies | ingestion (passages/s) | disque (Mo) | mémoire max (Mo) | pipeline p50 / p95 (ms) | llama-index simple p50 / p95 (ms) |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['chunks']:.0f} | {r['copies']:.0f} | {r['ingest_chunks_per_s']:.0f} | {r['disk_mb']:.0f} | {r['peak_rss_mb']:.0f} "
        f"| {r['p50_ms']:.1f} / {r['p95_ms']:.1f} | {r['plain_p50_ms']:.1f} / {r['plain_p95_ms']:.1f} |"
        for r in results
    ]
    lines += [
        "",
        "Objectif à 100 000 passages : p95 < 500 ms et mémoire < 2 Go.",
        "",
        "![Échelle](bench-scale.png)",
    ]
    _plot(results)
    write("scale", lines, {"results": results})


def _plot(results: list[dict[str, float]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    xs = [r["chunks"] for r in results]
    left.plot(xs, [r["p95_ms"] for r in results], marker="o", label="pipeline p95")
    left.plot(xs, [r["p50_ms"] for r in results], marker="o", label="pipeline p50")
    left.plot(xs, [r["plain_p95_ms"] for r in results], marker="s", label="llama-index p95")
    left.set(xscale="log", xlabel="passages", ylabel="ms", title="Latence par question")
    left.legend()
    right.plot(xs, [r["peak_rss_mb"] for r in results], marker="o", label="mémoire max (Mo)")
    right.plot(xs, [r["disk_mb"] for r in results], marker="s", label="disque (Mo)")
    right.set(xscale="log", xlabel="passages", title="Mémoire et disque")
    right.legend()
    fig.tight_layout()
    REPORTS.mkdir(parents=True, exist_ok=True)
    fig.savefig(REPORTS / "bench-scale.png", dpi=90)


if __name__ == "__main__":
    main()

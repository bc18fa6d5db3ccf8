"""Question latency with the ~1,300 documents of ../shared/data indexed: the whole pipeline (rewrite,
hybrid retrieval, extractive answer, citation check) next to a plain llama-index `VectorStoreIndex`
top-5 retrieval on the same Chroma collection, in the same process.

    python eval/bench_latency.py [DATA_DIR] [N_QUESTIONS]
"""

from __future__ import annotations

import random
import sys

from benchlib import build_corpus, data_dir_or_exit, median, peak_rss_mb, scratch, timed_against_plain, write

from ti_assistant.answer.engine import Assistant
from ti_assistant.config import Settings
from ti_assistant.evaluation.metrics import percentile
from ti_assistant.ingest.pipeline import ingest


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    work = scratch("ti-bench-latency-")
    sets = build_corpus(data, work / "corpus")
    settings = Settings.from_env({}, corpus_dir=str(work / "corpus"), index_dir=str(work / "index"))
    ingest(settings)
    assistant = Assistant(settings)
    questions = [q.question for q in random.Random(0).sample(sets["piaf"], n)]

    answers, baseline = timed_against_plain(assistant, questions, warmup=20)
    pipeline = [a.timings_ms["total"] for a in answers]
    retrieval = [a.timings_ms["retrieval"] for a in answers]
    answering = [a.timings_ms["answer"] for a in answers]

    def row(name: str, values: list[float]) -> str:
        return f"| {name} | {median(values):.1f} | {percentile(values, 95):.1f} | {median(values) / median(baseline):.1f}× |"

    lines = [
        f"{n} questions PIAF, {assistant.index.stats()['documents']} documents indexés "
        f"({assistant.index.manifest.count_chunks()} passages), 2 cœurs.",
        "",
        "| étape | p50 (ms) | p95 (ms) | p50 / référence |",
        "|---|---|---|---|",
        row("référence : VectorStoreIndex llama-index, top 5", baseline),
        row("pipeline : recherche hybride (dense + BM25, fusion)", retrieval),
        row("pipeline : réponse extractive + vérification des citations", answering),
        row("pipeline complet", pipeline),
        "",
        "Objectif (issue 24) : pipeline complet ≤ 60 ms au 95e centile à ~2 000 passages.",
        f"Mémoire maximale du processus : {peak_rss_mb():.0f} Mo.",
    ]
    write("latency", lines, {"questions": n, "baseline_ms": baseline, "pipeline_ms": pipeline,
                             "retrieval_ms": retrieval, "answer_ms": answering})  # fmt: skip


if __name__ == "__main__":
    main()

"""Chunk size and top-k, chosen by measurement: 400 questions of PIAF's dev part among all ~1,300
documents of ../shared/data, and the own set's dev part on the shipped release, for each chunk size.
No test part is read here.

    python eval/tune_chunking.py [DATA_DIR]
"""

from __future__ import annotations

import random
import shutil
import sys

from benchlib import ROOT, data_dir_or_exit, scratch, tuning_parts, write

from ti_assistant.answer.engine import Assistant
from ti_assistant.config import Settings
from ti_assistant.evaluation.datasets import load_own
from ti_assistant.evaluation.runner import run, summarize
from ti_assistant.ingest.pipeline import ingest
from ti_assistant.store.embeddings import build_embedder

SIZES = (500, 800, 1200)
TOP_KS = (3, 5, 8)


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    work = scratch("ti-tune-")
    dev, _ = tuning_parts(data, work)
    shutil.copytree(ROOT / "corpus", work / "release")
    piaf = random.Random(0).sample([q for q in dev if q.kind == "piaf"], 400)
    own = load_own(ROOT / "eval" / "own" / "dev.jsonl")
    embedder = build_embedder("use")
    lines = ["| taille visée | top k | PIAF : citation contenant la réponse | PIAF : document juste en tête | "
             "questions du projet : réponses correctes | pièges refusés |", "|---|---|---|---|---|---|"]  # fmt: skip
    results = []
    for size in SIZES:
        big = Settings.from_env(
            {}, corpus_dir=str(work / "corpus"), index_dir=str(work / f"big-{size}"), chunk_size=size
        )
        small = Settings.from_env(
            {}, corpus_dir=str(work / "release"), index_dir=str(work / f"own-{size}"), chunk_size=size
        )
        ingest(big, embedder=embedder)
        ingest(small, embedder=embedder)
        for k in TOP_KS:
            p = summarize(run(Assistant(big.with_(top_k=k), embedder=embedder), piaf, baselines=False))
            o = summarize(run(Assistant(small.with_(top_k=k), embedder=embedder), own, baselines=False))
            row = {"size": size, "top_k": k, "piaf_span": p["answers"]["quote_contains_span"],
                   "piaf_doc1": p["retrieval"]["pipeline"]["recall@1"], "own_correct": o["answers"]["correct"],
                   "own_traps": o["refusal"]["recall"]}  # fmt: skip
            results.append(row)
            lines.append(
                f"| {size} | {k} | {row['piaf_span']:.1%} | {row['piaf_doc1']:.1%} | {row['own_correct']:.1%} | {row['own_traps']:.1%} |"
            )
            print(lines[-1], flush=True)
    write("tuning", lines, {"results": results})


if __name__ == "__main__":
    main()

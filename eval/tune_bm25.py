"""BM25's k1 (term-frequency saturation) and b (length normalisation): the best pair for retrieval on
the dev part of PIAF and CNIL, reported on their test part, among all ~1,300 documents of
../shared/data: retrieval only (5 passages), the fusion as shipped. Each setting is a fresh ingestion
(same embedder object). Retrieval is not the whole answer: `store/bm25.py` says what was kept and why.

    python eval/tune_bm25.py [DATA_DIR]

Writes eval/reports/bench-bm25.md (and .json); `store/bm25.py` points here.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchlib import data_dir_or_exit, retrieval_scores, tuning_parts, write

from ti_assistant.answer.engine import Assistant
from ti_assistant.config import Settings
from ti_assistant.evaluation.datasets import EvalQuestion
from ti_assistant.ingest.pipeline import ingest
from ti_assistant.store import bm25
from ti_assistant.store.embeddings import TiEmbedding, build_embedder

K1S = (0.3, 0.45, 0.6, 0.9, 1.2, 1.5, 2.0)
BS = (0.3, 0.5, 0.75, 0.9)


def measure(
    settings: Settings,
    embedder: TiEmbedding,
    work: Path,
    k1: float,
    b: float,
    parts: list[list[EvalQuestion]],
) -> list[dict[str, float]]:
    bm25.K1, bm25.B = k1, b
    # a new folder each time: Chroma keeps its clients by path, a reused one would be read-only
    index_dir = Path(tempfile.mkdtemp(prefix="index-", dir=work))
    local = settings.with_(index_dir=index_dir)
    ingest(local, embedder=embedder)
    assistant = Assistant(local, embedder=embedder)
    found = [retrieval_scores(assistant, [(q.question, q) for q in questions]) for questions in parts]
    shutil.rmtree(index_dir, ignore_errors=True)
    return found


def overall(scores: dict[str, float]) -> float:
    return (scores["doc@1"] + scores["span@5"]) / 2


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    work = Path(tempfile.mkdtemp(prefix="ti-bm25-"))
    shipped = (bm25.K1, bm25.B)
    try:
        dev, settings = tuning_parts(data, work)
        embedder = build_embedder("use")
        results: list[dict[str, Any]] = []
        for k1 in K1S:
            for b in BS:
                (found,) = measure(settings, embedder, work, k1, b, [dev])
                results.append({"k1": k1, "b": b, "dev": found})
                print(results[-1], flush=True)
        best = max(results, key=lambda r: overall(r["dev"]))
        lines = [
            f"Choix sur la partie dev de PIAF et de la CNIL ({len(dev)} questions ; leurs parties test ne sont "
            "lues que par `ti-assistant eval`), parmi tous les documents de ../shared/data ; recherche seule (5 passages, "
            f"fusion livrée, poids dense {settings.dense_weight}). Choix : la meilleure moyenne dev du "
            "document juste en tête et de la réponse dans les 5 passages. Réglage gardé : voir "
            "`store/bm25.py` (le modèle de confiance réentraîné sur le meilleur couple était moins bon en dev).",
            "",
            "| k1 | b | dev : document en tête | dev : réponse dans les 5 |",
            "|---|---|---|---|",
        ]
        for r in results:
            mark = (
                " **(meilleur en recherche)**"
                if r is best
                else (" (avant)" if (r["k1"], r["b"]) == shipped else "")
            )
            lines.append(
                f"| {r['k1']}{mark} | {r['b']} | {r['dev']['doc@1']:.1%} | {r['dev']['span@5']:.1%} |"
            )
        write("bm25", lines, {"results": results, "chosen": {"k1": best["k1"], "b": best["b"]}})
    finally:
        bm25.K1, bm25.B = shipped
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

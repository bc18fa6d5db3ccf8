"""Fusion mode and dense weight, chosen by measurement on the dev part of PIAF and CNIL (split by
article, as `ti-assistant train` does) among all ~1,300 documents of ../shared/data (retrieval only).
Their test parts are never read here: `ti-assistant eval` reports on them.

    python eval/tune_fusion.py [DATA_DIR]

Writes eval/reports/bench-fusion.md (and .json). The README's fusion settings point here.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchlib import data_dir_or_exit, retrieval_scores, tuning_parts, write

from ti_assistant.answer.engine import Assistant
from ti_assistant.ingest.pipeline import ingest
from ti_assistant.store.embeddings import embedder_for

MODES = ("relative", "rrf")
WEIGHTS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0)


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    work = Path(tempfile.mkdtemp(prefix="ti-fusion-"))
    try:
        dev, settings = tuning_parts(data, work)
        embedder = embedder_for(settings)
        ingest(settings, embedder=embedder)
        results: list[dict[str, Any]] = []
        for mode in MODES:
            assistant = Assistant(settings.with_(fusion=mode), embedder=embedder)
            for weight in WEIGHTS:
                row = {
                    "mode": mode,
                    "weight": weight,
                    "dev": retrieval_scores(assistant, [(q.question, q) for q in dev], weight),
                }
                results.append(row)
                print(row, flush=True)
        key = lambda r: r["dev"]["doc@1"] + r["dev"]["span@5"]  # noqa: E731
        best = max(results, key=key)
        lines = [
            f"Choix sur la partie dev de PIAF et de la CNIL ({len(dev)} questions), parmi les "
            f"{len(list((work / 'corpus').glob('*/*.txt')))} documents de "
            "../shared/data ; recherche seule (5 passages). Poids 0 = BM25 seul, 1 = dense seul.",
            "",
            "| fusion | poids dense | dev : document juste en tête | dev : réponse dans les 5 passages |",
            "|---|---|---|---|",
        ]
        for r in results:
            mark = " **(choisi)**" if r is best else ""
            lines.append(
                f"| {r['mode']}{mark} | {r['weight']} | {r['dev']['doc@1']:.1%} | {r['dev']['span@5']:.1%} |"
            )
        write(
            f"fusion-{settings.embedder}",
            lines,
            {"results": results, "chosen": {"mode": best["mode"], "weight": best["weight"]}},
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

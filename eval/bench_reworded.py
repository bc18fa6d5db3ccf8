"""Questions as a citizen words them, on an FAQ: every one of the CNIL set's 512 questions is its
sheet's title word for word, so the CNIL's figures measure title lookups. eval/reworded/cnil-dev.jsonl
holds 30 questions written for this probe (2026-12-04), each rewording the title of one sheet of the
CNIL's dev part (30 sheets drawn at random, seed 7) in everyday words — never a test-part sheet. Each
question is asked twice over the CNIL's FAQ indexed alone, as its title and as its rewording: the right
sheet first and in the 5 passages, for several dense weights of the fusion; then, at the settings in
force, answers right, sure, and refused with the sheet indexed, and refused with it left out.

    python eval/bench_reworded.py [DATA_DIR]

Writes eval/reports/bench-reworded.md (and .json).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace

from benchlib import ROOT, data_dir_or_exit, retrieval_scores, scratch, write

from ti_assistant.answer.engine import Assistant
from ti_assistant.config import Settings
from ti_assistant.evaluation import datasets
from ti_assistant.evaluation.cli import scratch as scratch_settings
from ti_assistant.evaluation.outside import Outside
from ti_assistant.evaluation.training import ask_all, split_by_article
from ti_assistant.ingest.pipeline import ingest

PROBE = ROOT / "eval" / "reworded" / "cnil-dev.jsonl"
WEIGHTS = (0.0, 0.3, 0.4, 0.5, 0.7, 1.0)


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    work = scratch("ti-reworded-")
    found = datasets.materialize_squad(datasets.squad_path(data, "cnil"), "cnil", work / "corpus")
    dev = {q.id: q for q in split_by_article(found)["dev"]}
    rows = [json.loads(line) for line in PROBE.read_text(encoding="utf-8").splitlines() if line.strip()]
    missing = [r["rewords"] for r in rows if r["rewords"] not in dev]
    if missing:
        sys.exit(f"Questions absentes de la partie dev de la CNIL : {missing}")
    titles = [dev[r["rewords"]] for r in rows]
    asked = {
        "titre": titles,
        "reformulée": [replace(q, question=r["question"]) for q, r in zip(titles, rows, strict=True)],
    }
    settings = scratch_settings(Settings.from_env(), corpus_dir=work / "corpus", index_dir=work / "index")
    ingest(settings)
    assistant = Assistant(settings)
    n = len(rows)
    lines = [
        f"{n} fiches de la partie dev de la FAQ de la CNIL, chacune demandée par son titre et par une "
        "reformulation écrite pour cette sonde ; la FAQ indexée seule. Fiche juste en tête / dans les "
        "5 passages, selon le poids dense de la fusion (réglage en vigueur : "
        f"{settings.dense_weight}) :",
        "",
        "| poids dense | titre : en tête | titre : dans les 5 | reformulée : en tête | reformulée : dans les 5 |",
        "|---|---|---|---|---|",
    ]
    found_at: dict[str, dict[float, tuple[int, int]]] = {name: {} for name in asked}
    for weight in WEIGHTS:
        for name, questions in asked.items():
            scores = retrieval_scores(assistant, [(q.question, q) for q in questions], weight)
            found_at[name][weight] = (round(scores["doc@1"] * n), round(scores["doc@5"] * n))
        lines.append(
            f"| {weight} | "
            + " | ".join(
                f"{found_at[name][weight][0]}/{n} | {found_at[name][weight][1]}/{n}" for name in asked
            )
            + " |"
        )
    lines += [
        "",
        "Réponses aux réglages en vigueur (sûre : confiance ≥ seuil de réponse ; refusée : sous le seuil de refus) :",
        "",
        "| question | justes | sûres | refusées, fiche indexée | refusées, fiche retirée |",
        "|---|---|---|---|---|",
    ]
    hiding = Outside.of(assistant)
    models = assistant.models
    answers: dict[str, dict[str, int]] = {}
    for name, questions in asked.items():
        inside = ask_all(assistant, questions, hiding, False)
        outside = ask_all(assistant, questions, hiding, True)
        answers[name] = {
            "right": sum(a.correct for a in inside),
            "sure": sum(a.sure(a.probability(models), models.answer_at, a.absent(models)) for a in inside),
            "refused": sum(a.refused(models) for a in inside),
            "out_refused": sum(a.refused(models) for a in outside),
        }
        counts = answers[name]
        lines.append(
            f"| {name} | {counts['right']}/{n} | {counts['sure']}/{n} | {counts['refused']}/{n} | "
            f"{counts['out_refused']}/{n} |"
        )
    write(
        "reworded",
        lines,
        {
            "questions": n,
            "dense_weight": settings.dense_weight,
            "retrieval": {name: {str(w): v for w, v in by.items()} for name, by in found_at.items()},
            "answers": answers,
        },
    )


if __name__ == "__main__":
    main()

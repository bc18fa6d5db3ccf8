"""The typo corrector's two lengths, chosen on the dev part of PIAF and CNIL and reported on their test
part (the parts `ti-assistant train` uses): retrieval only, each question asked as written and with one
typo added (a letter dropped, added, changed, or two swapped, in one word of five letters or more; fixed
seed), among all ~1,300 documents of ../shared/data.

    python eval/tune_speller.py [DATA_DIR]

Writes eval/reports/bench-speller.md (and .json); `text/spelling.py` points here.
"""

from __future__ import annotations

import random
import re
import shutil
import string
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchlib import data_dir_or_exit, retrieval_scores, tuning_parts, write

from ti_assistant.answer.engine import Assistant
from ti_assistant.evaluation.datasets import EvalQuestion
from ti_assistant.ingest.pipeline import ingest
from ti_assistant.store.embeddings import build_embedder
from ti_assistant.text.spelling import Speller

NEVER = 99  # a length no French word reaches: that kind of correction is off
# First the one-edit lengths (no two-edit correction), then, with the best of them, the two-edit length.
ONE_EDIT = [(NEVER, NEVER, NEVER)] + [
    (shortest, substitution, NEVER)
    for shortest in (3, 4, 5, 6)
    for substitution in (4, 5, 6, 7, 8, NEVER)
    if substitution >= shortest
]
TWO_EDIT = (6, 7, 8, 9, 10, 12)
KEYS = ("min_length", "min_substitution_length", "min_two_edit_length")
WORD = re.compile(r"[^\W\d_]{5,}")


def with_typo(question: EvalQuestion) -> str:
    """The question with one typo in one of its longer words (the same one at every run)."""
    rng = random.Random(question.id)
    words = list(WORD.finditer(question.question))
    if not words:
        return question.question
    word = rng.choice(words)
    text, i = word.group(), rng.randrange(1, len(word.group()) - 1)
    letter = rng.choice(string.ascii_lowercase)
    edits = (
        text[:i] + text[i + 1 :],
        text[:i] + letter + text[i:],
        text[:i] + letter + text[i + 1 :],
        text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :],
    )
    return question.question[: word.start()] + rng.choice(edits) + question.question[word.end() :]


def measure(
    assistant: Assistant, questions: list[EvalQuestion], choice: tuple[int, int, int]
) -> dict[str, Any]:
    _, bm25 = assistant.index.snapshot()
    assert bm25 is not None
    shipped = bm25.speller
    # replaces the corrector cached on first use, with the same vocabulary and the same French words
    bm25.speller = Speller(shipped.vocabulary, *choice, keep=shipped.keep)
    return {
        "clean": retrieval_scores(assistant, [(q.question, q) for q in questions]),
        "typo": retrieval_scores(assistant, [(with_typo(q), q) for q in questions]),
    }


def _choice(row: dict[str, Any]) -> tuple[int, int, int]:
    return (row["min_length"], row["min_substitution_length"], row["min_two_edit_length"])


def overall(row: dict[str, Any], part: str) -> float:
    """What the choice is made on: document first and answer in the five passages, clean and typed."""
    return sum(row[part][variant][k] for variant in ("clean", "typo") for k in ("doc@1", "span@5")) / 4


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    work = Path(tempfile.mkdtemp(prefix="ti-speller-"))
    try:
        dev, settings = tuning_parts(data, work)
        embedder = build_embedder("use")
        ingest(settings, embedder=embedder)
        assistant = Assistant(settings, embedder=embedder)
        results: list[dict[str, Any]] = []

        def run(choice: tuple[int, int, int]) -> None:
            row: dict[str, Any] = dict(zip(KEYS, choice, strict=True))
            row["dev"] = measure(assistant, dev, choice)
            results.append(row)
            print(row, flush=True)

        for choice in ONE_EDIT:
            run(choice)
        first = max(results, key=lambda r: overall(r, "dev"))
        for length in TWO_EDIT:
            run((first["min_length"], first["min_substitution_length"], length))
        best = max(results, key=lambda r: overall(r, "dev"))
        lines = [
            f"Choix sur la partie dev de PIAF et de la CNIL ({len(dev)} questions ; leurs parties test ne "
            "sont lues que par `ti-assistant eval`), parmi tous les documents de ../shared/data ; recherche seule (5 "
            "passages). Chaque question est posée telle quelle et avec une faute de frappe (une lettre "
            "en moins, en plus, changée, ou deux lettres inversées, dans un mot de 5 lettres ou plus). "
            f"Longueur {NEVER} : cette correction n'est jamais faite. D'abord les longueurs à une "
            "modification, puis, avec la meilleure, celle à deux modifications. Choix : la meilleure "
            "moyenne des quatre mesures dev.",
            "",
            "| mot corrigé dès (lettres) | lettre changée corrigée dès | deux modifications dès "
            "| dev tel quel : document en tête | dev tel quel : réponse dans les 5 | dev avec faute : "
            "document en tête | dev avec faute : réponse dans les 5 | moyenne dev |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in results:
            mark = " **(choisi)**" if r is best else ""
            d = r["dev"]
            lines.append(
                f"| {r['min_length']}{mark} | {r['min_substitution_length']} | {r['min_two_edit_length']} "
                f"| {d['clean']['doc@1']:.1%} | {d['clean']['span@5']:.1%} | {d['typo']['doc@1']:.1%} "
                f"| {d['typo']['span@5']:.1%} | {overall(r, 'dev'):.2%} |"
            )
        chosen = dict(zip(KEYS, _choice(best), strict=True))
        write("speller", lines, {"results": results, "chosen": chosen})
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

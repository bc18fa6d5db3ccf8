"""The quality gate: the targets an evaluation must meet, on parts nobody tuned on, and the list of
those it misses. The test suite runs it on the own set's frozen test part and a held-out PIAF sample,
and checks that deliberately broken answerers fail it (tests/test_quality_gate.py)."""

from __future__ import annotations

from typing import Any

# (metric in summary["honesty"], "min" or "max", bound, what it means)
TARGETS: tuple[tuple[str, str, float, str], ...] = (
    ("out_confident", "max", 0.10, "questions hors corpus répondues avec assurance"),
    ("confident_correct", "min", 0.85, "réponses sûres justes"),
    ("quoted_words_median", "max", 40, "mots cités par réponse (médiane)"),
    ("answerable_refused", "max", 0.15, "questions avec réponse refusées"),
    ("out_refused", "min", 0.30, "questions hors corpus refusées"),
    ("gold_shown", "min", 0.60, "passage de référence montré (réponse ou incertain)"),
)


# What holds on any texts, whatever the length of their reference answers (the CNIL's are whole FAQ
# paragraphs, so quote length and refusal rates do not apply there).
HONESTY_TARGETS = tuple(t for t in TARGETS if t[0] in ("out_confident", "confident_correct", "gold_shown"))


def failures(
    summary: dict[str, Any], targets: tuple[tuple[str, str, float, str], ...] = TARGETS
) -> list[str]:
    """Each missed target, in French, with the measured value; empty when the gate passes."""
    honesty = summary["honesty"]
    missed = []
    for key, direction, bound, label in targets:
        value = honesty.get(key)
        if value is None:
            continue
        if (direction == "max" and value > bound) or (direction == "min" and value < bound):
            sign = "≤" if direction == "max" else "≥"
            missed.append(f"{label} : {value:.3g} (objectif {sign} {bound:g})")
    return missed

"""The quality gate: floors an evaluation must not fall under, on parts nobody tuned on, and the list
of those it misses. `ti-assistant eval --gate` exits 1 when one is missed; the test suite runs it on
the own test part and the PIAF and CNIL test parts, and checks that deliberately broken answerers fail
it (tests/test_quality_gate.py). These are floors against regressions, not the product's targets: the
targets (e.g. the gold passage shown ≥ 85 %) are reported beside them in eval/RESULTS.md."""

from __future__ import annotations

from typing import Any

from ti_assistant.answer.extractive import UNCERTAIN_WORDS

Target = tuple[str, str, float, str]

# (metric in summary["honesty"], "min" or "max", bound, what it means)
TARGETS: tuple[Target, ...] = (
    ("out_confident", "max", 0.10, "questions hors corpus répondues avec assurance"),
    ("confident_correct", "min", 0.85, "réponses sûres justes"),
    # an uncertain answer shows up to that many words of close contenders
    ("quoted_words_median", "max", UNCERTAIN_WORDS, "mots cités par réponse (médiane)"),
    ("answerable_refused", "max", 0.15, "questions avec réponse refusées"),
    ("out_refused", "min", 0.30, "questions hors corpus refusées"),
    ("gold_shown", "min", 0.60, "passage de référence montré (réponse ou incertain)"),
)


# What holds on any texts, whatever the length of their reference answers (the CNIL's are whole FAQ
# paragraphs, so quote length and refusal rates do not apply there).
HONESTY_TARGETS = tuple(t for t in TARGETS if t[0] in ("out_confident", "confident_correct", "gold_shown"))

# Which floors apply to which set (sets absent here use TARGETS).
BY_SET: dict[str, tuple[Target, ...]] = {"cnil": HONESTY_TARGETS}


def failures(summary: dict[str, Any], targets: tuple[Target, ...] = TARGETS) -> list[str]:
    """Each missed floor of an evaluation's summary (its honesty figures), in French; empty when the
    gate passes."""
    return missed(summary["honesty"], targets)


def misses(values: dict[str, Any], targets: tuple[Target, ...]) -> list[tuple[Target, Any]]:
    """Each target `values` misses, with the value measured. A metric that could not be measured (None:
    no sure answer at all, no question of that kind) is a miss: an answerer that never commits must not
    pass "sure answers right" by default."""
    out = []
    for target in targets:
        key, direction, bound, _ = target
        value = values.get(key)
        if value is None or (direction == "max" and value > bound) or (direction == "min" and value < bound):
            out.append((target, value))
    return out


def missed(values: dict[str, Any], targets: tuple[Target, ...]) -> list[str]:
    """Each target `values` misses (`misses`), in French, with the measured value."""
    out = []
    for (_, direction, bound, label), value in misses(values, targets):
        sign = "≤" if direction == "max" else "≥"
        if value is None:
            out.append(f"{label} : non mesurable sur ce jeu (objectif {sign} {bound:g})")
        else:
            out.append(f"{label} : {value:.3g} (objectif {sign} {bound:g})")
    return out

"""The gate's arithmetic, by hand: a missed floor is named, and a metric that could not be measured
(an answerer that never commits has no "sure answers right") fails instead of passing by default."""

from __future__ import annotations

from ti_assistant.evaluation.gate import TARGETS, failures


def _summary(**honesty: float | None) -> dict[str, dict[str, float | None]]:
    base: dict[str, float | None] = {
        "out_confident": 0.0,
        "confident_correct": 0.9,
        "quoted_words_median": 40,
        "answerable_refused": 0.1,
        "out_refused": 0.5,
        "gold_shown": 0.7,
    }
    return {"honesty": base | honesty}


def test_a_summary_within_every_floor_passes() -> None:
    assert failures(_summary()) == []


def test_each_missed_floor_is_named_with_its_value() -> None:
    missed = failures(_summary(out_confident=0.2, gold_shown=0.5))
    assert missed == [
        "questions hors corpus répondues avec assurance : 0.2 (objectif ≤ 0.1)",
        "passage de référence montré (réponse ou incertain) : 0.5 (objectif ≥ 0.6)",
    ]


def test_a_metric_that_cannot_be_measured_fails() -> None:
    missed = failures(_summary(confident_correct=None))
    assert len(missed) == 1 and "non mesurable" in missed[0] and "réponses sûres justes" in missed[0]
    assert len(failures({"honesty": {}})) == len(TARGETS)


def test_the_misses_name_their_metric_for_code_that_reads_them() -> None:
    """Code (the gate's own tests) reads which floors were missed by metric, not by parsing French."""
    from ti_assistant.evaluation.gate import misses

    found = misses(_summary(answerable_refused=0.2, confident_correct=None)["honesty"], TARGETS)
    assert [(target[0], value) for target, value in found] == [
        ("confident_correct", None),
        ("answerable_refused", 0.2),
    ]

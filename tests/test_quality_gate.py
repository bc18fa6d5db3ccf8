"""Quality gate on real data: the project's own question set, end to end, with the real embedder.

Targets (answers issue), enforced here as they are: >= 95% of answerable questions correct, >= 90% of
traps refused, <= 5% of answerable questions refused, every citation valid.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ti_assistant.evaluation.datasets import load_own
from ti_assistant.evaluation.runner import run, summarize

pytestmark = pytest.mark.integration

QUESTIONS = Path(__file__).resolve().parents[1] / "eval" / "questions_ales.jsonl"


@pytest.fixture(scope="module")
def results(assistant):  # type: ignore[no-untyped-def]
    rows = run(assistant, load_own(QUESTIONS), baselines=False)
    return rows, summarize(rows)


def test_question_set_is_large_and_varied() -> None:
    questions = load_own(QUESTIONS)
    kinds = {q.kind for q in questions}
    assert len(questions) >= 60 and sum(q.is_trap for q in questions) >= 15
    assert {"fact", "paraphrase", "noaccent", "typo", "multi", "followup", "trap"} <= kinds
    assert any(q.turn == 3 for q in questions)  # a follow-up triple


def test_answers_are_correct(results) -> None:  # type: ignore[no-untyped-def]
    _, summary = results
    assert summary["answers"]["correct"] >= 0.95
    assert summary["answers"]["refused_answerable"] <= 0.05


def test_traps_are_refused(results) -> None:  # type: ignore[no-untyped-def]
    _, summary = results
    assert summary["refusal"]["recall"] >= 0.90


def test_every_citation_of_every_answer_is_valid(results) -> None:  # type: ignore[no-untyped-def]
    rows, _ = results
    assert [r["id"] for r in rows if not r["citations_valid"]] == []
    assert all(r["cited_chunks"] == [] for r in rows if r["refused"])

"""`ti-assistant train` on a sample of the real training sets: where each part's questions are asked."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import SHARED_DATA

from ti_assistant.app.cli import main
from ti_assistant.evaluation import datasets, training
from ti_assistant.evaluation.datasets import article_of


def test_each_sets_dev_questions_are_asked_over_that_set_indexed_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bars are chosen where the product runs, one corpus indexed: each set's dev questions are
    asked over that set alone, with and without their article; the training questions over all sets
    together (the models learn from both sets' retrieval), and again over small corpora of a few articles
    of their set. A sample of 120 questions, models not saved."""
    if not all(datasets.squad_path(SHARED_DATA, name).exists() for name in training.TRAINING_SETS):
        pytest.skip(f"training sets absent from {SHARED_DATA}")
    monkeypatch.setenv("TI_SENTENCE_VECTORS", "answer")  # sentences embedded only where questions read
    real = training.ask_all
    asked: list[tuple[str, set[str], set[str], bool]] = []
    small: list[tuple[set[str], set[str]]] = []  # articles indexed, articles of the questions asked

    def noting(assistant: Any, questions: list[Any], outside: Any, left_out: bool, *rest: Any) -> Any:
        documents = assistant.index.snapshot()[0]
        indexed = {d.split("/")[0] for d in documents}
        label = rest[1] if len(rest) > 1 else ""
        asked.append((label, {q.kind for q in questions}, indexed, left_out))
        if label.startswith("confiance (petit corpus"):
            small.append(
                ({article_of(d) for d in documents}, {article_of(min(q.doc_ids)) for q in questions})
            )
        return real(assistant, questions, outside, left_out, *rest)

    monkeypatch.setattr(training, "ask_all", noting)
    assert main(["train", "--data-dir", str(SHARED_DATA), "--limit", "120"]) == 0
    out = capsys.readouterr().out
    assert "modèles non enregistrés" in out
    # a file the sets leave empty is named with its reason, not only counted
    failed = int(re.search(r"(\d+) en échec", out).group(1))  # type: ignore[union-attr]
    assert out.count("Échec : ") == failed
    dev = [
        (kinds, indexed, left) for label, kinds, indexed, left in asked if label.startswith("confiance (dev")
    ]
    assert {next(iter(kinds)) for kinds, _, _ in dev} == set(training.TRAINING_SETS)
    assert all(len(kinds) == 1 and indexed == kinds for kinds, indexed, _ in dev)
    assert {left for _, _, left in dev} == {False, True}
    # and again over small corpora: each made of the articles of the questions asked there, no other
    assert small and all(indexed == articles for indexed, articles in small)
    assert all(len(indexed) <= max(training.SMALL_CORPUS_ARTICLES) for indexed, _ in small)
    assert all(len(kinds) == 1 for label, kinds, _, _ in asked if label.startswith("confiance (petit"))
    together = [
        indexed
        for label, _, indexed, _ in asked
        if not label.startswith(("confiance (dev", "confiance (petit"))
    ]
    assert together and all(indexed == set(training.TRAINING_SETS) for indexed in together)


def test_training_without_its_sets_says_which_files_are_missing(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", "--data-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Entraînement impossible : ")
    assert str(datasets.squad_path(tmp_path, "piaf")) in out and "absent(s)" in out

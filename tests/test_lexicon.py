"""The word lists are written from French and from dev questions, never from the questions they are
measured on: an entry of two or more words that occurs in a frozen test question must also occur in a
dev or train question (which is where it may have been read)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, SHARED_DATA

from ti_assistant.evaluation import datasets
from ti_assistant.evaluation.training import split_by_article
from ti_assistant.text import lexicon
from ti_assistant.text.french import fold


def _parts(tmp: Path) -> dict[str, list[str]]:
    """Question texts by part: 'test' (frozen, reported only) and 'seen' (dev and train parts)."""
    out: dict[str, list[str]] = {"test": [], "seen": []}
    own = datasets.own_parts(ROOT / "eval" / "own")
    dated = datasets.dated_parts(ROOT / "eval" / "dated" / "questions.jsonl")
    out["test"] += [q.question for q in own["test"] + dated["test"]]
    out["seen"] += [q.question for q in own["dev"] + dated["dev"]]
    if (SHARED_DATA / "releases").exists():
        frozen = json.loads((ROOT / "eval" / "frozen.json").read_text(encoding="utf-8"))["releases-test"]
        releases = datasets.releases_parts(datasets.load_releases(SHARED_DATA, tmp), frozen)
        out["test"] += [q.question for q in releases["test"]]
        out["seen"] += [q.question for q in releases["dev"]]
    for name in ("piaf", "cnil"):
        path = datasets.squad_path(SHARED_DATA, name)
        if path.exists():
            parts = split_by_article(datasets.materialize_squad(path, name, tmp))
            out["test"] += [q.question for q in parts["test"]]
            out["seen"] += [q.question for q in parts["train"] + parts["dev"]]
    return out


def _phrases() -> list[tuple[str, str]]:
    entries = [(name, word) for name, wl in lexicon.ALL.items() for word in wl.words]
    entries += [("TEXTING", word) for word in lexicon.TEXTING]
    return [(name, word) for name, word in entries if " " in word or "\\s" in word]


def test_every_list_says_what_it_is_for_and_where_it_came_from() -> None:
    assert len(lexicon.ALL) >= 15
    for name, entry in lexicon.ALL.items():
        assert entry.words and len(entry.purpose) > 20 and len(entry.source) > 5, name


def test_no_entry_reproduces_a_phrase_found_only_in_test_questions(tmp_path: Path) -> None:
    parts = _parts(tmp_path)
    test = [fold(q) for q in parts["test"]]
    seen = [fold(q) for q in parts["seen"]]
    offending = []
    for name, phrase in _phrases():
        pattern = re.compile(rf"\b{phrase}\b")
        hits = [q for q in test if pattern.search(q)]
        if hits and not any(pattern.search(q) for q in seen):
            offending.append((name, phrase, hits[0]))
    assert offending == []


def test_the_check_catches_a_phrase_copied_from_a_test_question(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The check itself can fail: a list holding a test question's own wording is rejected."""
    own_test = datasets.own_parts(ROOT / "eval" / "own")["test"]
    copied = " ".join(fold(own_test[0].question).split()[:4])
    if not copied:
        pytest.skip("no own test question")
    extra = lexicon.WordList((re.escape(copied),), "a list copied from a test question", "a test question")
    monkeypatch.setitem(lexicon.ALL, "COPIED", extra)
    with pytest.raises(AssertionError):
        test_no_entry_reproduces_a_phrase_found_only_in_test_questions(tmp_path)

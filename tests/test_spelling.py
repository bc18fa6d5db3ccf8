"""Typo tolerance against the corpus vocabulary, and the corrections it must not make."""

from __future__ import annotations

import pytest

from ti_assistant.text.spelling import Speller

VOCABULARY = ["entrepris", "think", "port", "reun", "perm", "territoir", "industriel", "accompagn"]


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(VOCABULARY)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("entrepriz", "entrepris"),  # a changed letter in a long word
        ("tink", "think"),  # a missing letter
        ("thinkk", "think"),  # an extra letter
        ("terirtoir", "territoir"),  # two neighbours swapped
        ("industriel", "industriel"),  # known: unchanged
        ("ale", "ale"),  # too short to correct
    ],
)
def test_one_edit_away_is_corrected(speller: Speller, typed: str, expected: str) -> None:
    assert speller.correct(typed) == expected


@pytest.mark.parametrize(
    "word",
    [
        "post",  # "postes": a real word one letter away from "port" — short words are not changed
        "jeun",  # "jeunes" is not "réunir"
        "poem",  # shares a deletion with "perm" but is two edits away
        "acompagne",  # two edits from "accompagn"
    ],
)
def test_other_words_are_left_alone(speller: Speller, word: str) -> None:
    assert speller.correct(word) == word

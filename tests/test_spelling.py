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
        ("acompagne", "accompagn"),  # one typo, two edits once stemmed ("acompagnées")
        ("industriel", "industriel"),  # known: unchanged
        ("ale", "ale"),  # too short to correct
    ],
)
def test_close_words_are_corrected(speller: Speller, typed: str, expected: str) -> None:
    assert speller.correct(typed) == expected


@pytest.mark.parametrize(
    "word",
    [
        "post",  # "postes": a real word one letter away from "port" — short words are not changed
        "jeun",  # "jeunes" is not "réunir"
        "poem",  # shares a deletion with "perm" but is two edits away, and short
    ],
)
def test_other_words_are_left_alone(speller: Speller, word: str) -> None:
    assert speller.correct(word) == word


def test_only_usable_terms_are_kept_or_proposed(speller: Speller) -> None:
    """With releases filtered out, the corrector works on the words of those left (as if the others
    had never been indexed): their own words are no longer kept, nor proposed."""
    without_think = lambda term: term != "think"  # noqa: E731
    assert speller.correct("tink", without_think) == "tink"
    assert speller.correct("think", without_think) == "think"  # nothing usable near it: left as typed
    assert speller.correct("entrepriz", without_think) == "entrepris"
    assert speller.correct("territoir", lambda term: term != "territoir") == "territoir"

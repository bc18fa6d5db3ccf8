"""Typo tolerance against the corpus vocabulary, and the corrections it must not make."""

from __future__ import annotations

import pytest

from ti_assistant.text import dictionary
from ti_assistant.text.french import terms
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


@pytest.mark.parametrize(
    ("typed", "release_word"),
    [
        ("inscrire", "inscrit"),  # "Comment s'inscrire … ?" is not "on s'inscrit …"
        ("metallurgie", "metallurgistes"),
    ],
)
def test_a_french_word_the_releases_lack_is_not_a_typo(typed: str, release_word: str) -> None:
    """The shipped speller keeps the words of its French word list (text/dictionary.py): a question may
    use a real word no release uses, and a neighbour of it would answer another question."""
    (typed_term,), (release_term,) = terms(typed), terms(release_word)
    assert dictionary.is_french(typed_term)
    assert Speller([release_term]).correct(typed_term) == release_term  # without the word list
    assert Speller([release_term], keep=dictionary.is_french).correct(typed_term) == typed_term
    # typos are still typos
    assert not dictionary.is_french(terms("entreprizes")[0])
    assert Speller(["entrepris"], keep=dictionary.is_french).correct(terms("entreprizes")[0]) == "entrepris"

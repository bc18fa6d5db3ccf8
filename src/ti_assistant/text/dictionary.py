"""Which stems are French words: the word list bundled with pyspellchecker (MIT; ~140,000 forms its
authors counted in the French subtitles of OpenSubtitles 2018, then cleaned: THIRD_PARTY_NOTICES.md).
A question word the releases never use is not a typo when French has it: "Comment s'inscrire … ?" must
not become the release's "s'inscrit". On the dev part of PIAF and the CNIL (eval/tune_speller.py's
questions, with and without a typo), the corrector then leaves 115 real words alone and finds the
documents as often (answer in the five passages 88.7 -> 88.8 %, with a typo 85.5 -> 85.6 %)."""

from __future__ import annotations

from functools import lru_cache

from ti_assistant.text.french import fold, stems


@lru_cache(maxsize=1)
def _french_stems() -> frozenset[str]:
    """Stems of every word of the list, as `french.terms` makes them (~0.9 s, once per process)."""
    from spellchecker import SpellChecker

    listed = SpellChecker(language="fr", distance=1).word_frequency.dictionary
    return frozenset(stems(fold("\n".join(listed)).split("\n")))


def is_french(term: str) -> bool:
    """`term` (a stem of a folded word) is the stem of a French word."""
    return term in _french_stems()


def load() -> None:
    """Read the word list now rather than at the first question holding a word the releases lack."""
    _french_stems()

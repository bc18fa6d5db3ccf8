"""Typo tolerance against the corpus vocabulary: a question term the corpus never uses is replaced by
the closest corpus term one edit away ("entreprizes" -> "entreprises", "Tink" -> "Think"), or two for
long terms, unless it is a word of its own (`keep`: French has it, the releases do not). SymSpell-style:
every term is indexed under its single-deletion variants, so a lookup costs a few dict probes, and each
candidate's distance is then measured (rapidfuzz), since shared deletions also pair words further apart
("poem" and "perm")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz.distance import OSA, Indel


def _deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def _distance(a: str, b: str, substitutions: bool) -> int:
    """Edits from a to b: letters added, dropped and (when `substitutions`) changed or two neighbours
    swapped; without substitutions a changed letter counts as two (one dropped, one added)."""
    return OSA.distance(a, b) if substitutions else Indel.distance(a, b)


# Chosen on the dev part of PIAF and CNIL questions with one typo added (eval/tune_speller.py, report
# in eval/reports/bench-speller.md): shorter terms have too many neighbours to correct safely, and a
# changed letter turns short words into other real words ("post" -> "port"), so below the second length
# only a missing or an extra letter is corrected.
MIN_LENGTH = 4
MIN_SUBSTITUTION_LENGTH = 5
# From this length two edits are corrected too: one typo can move a stem two edits away
# ("acompagnées" stems to "acompagne", the corpus's "accompagnées" to "accompagn").
MIN_TWO_EDIT_LENGTH = 6


class Speller:
    def __init__(
        self,
        vocabulary: Iterable[str],
        min_length: int = MIN_LENGTH,
        min_substitution_length: int = MIN_SUBSTITUTION_LENGTH,
        min_two_edit_length: int = MIN_TWO_EDIT_LENGTH,
        keep: Callable[[str], bool] = lambda term: False,
    ):
        self.vocabulary = set(vocabulary)
        self.keep = keep
        self.min_length = min_length
        self.min_substitution_length = min_substitution_length
        self.min_two_edit_length = min_two_edit_length
        self._by_deletion: dict[str, list[str]] = defaultdict(list)
        for term in self.vocabulary:
            if len(term) >= min_length and not term.isdigit():
                for variant in _deletions(term) | {term}:
                    self._by_deletion[variant].append(term)

    def correct(self, term: str, usable: Callable[[str], bool] | None = None) -> str:
        """The corpus term closest to `term`; `usable`: which corpus terms the reader's releases use
        (with some filtered out, the others are as good as absent: None, all are usable)."""
        if term in self.vocabulary and (usable is None or usable(term)):
            return term
        if len(term) < self.min_length or term.isdigit() or self.keep(term):
            return term
        options: set[str] = set(self._by_deletion.get(term, ()))  # the corpus term has one extra letter
        for variant in _deletions(term):  # one letter too many or changed, or one of each
            options.update(self._by_deletion.get(variant, ()))
        options.discard(term)
        substitutions = len(term) >= self.min_substitution_length
        allowed = 2 if len(term) >= self.min_two_edit_length else 1
        scored = sorted((_distance(term, t, substitutions), t) for t in options)
        best = next((t for d, t in scored if d <= allowed and (usable is None or usable(t))), None)
        return best or term

"""Typo tolerance against the corpus vocabulary: a question term the corpus never uses is replaced by
the corpus term one edit away ("entreprizes" -> "entreprises", "Tink" -> "Think"), SymSpell-style:
every term is indexed under its single-deletion variants, so a lookup costs a few dict probes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def _deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


class Speller:
    MIN_LENGTH = 4  # shorter terms have too many neighbours to correct safely

    def __init__(self, vocabulary: Iterable[str]):
        self.vocabulary = set(vocabulary)
        self._by_deletion: dict[str, list[str]] = defaultdict(list)
        for term in self.vocabulary:
            if len(term) >= self.MIN_LENGTH and not term.isdigit():
                for variant in _deletions(term) | {term}:
                    self._by_deletion[variant].append(term)

    def correct(self, term: str) -> str:
        if term in self.vocabulary or len(term) < self.MIN_LENGTH or term.isdigit():
            return term
        options: set[str] = set(self._by_deletion.get(term, ()))  # the corpus term has one extra letter
        for variant in _deletions(term):  # one letter too many, or one letter changed
            options.update(t for t in self._by_deletion.get(variant, ()) if len(t) <= len(term))
        options.discard(term)
        return min(options) if len(options) == 1 else (sorted(options)[0] if options else term)

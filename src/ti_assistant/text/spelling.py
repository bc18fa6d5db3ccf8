"""Typo tolerance against the corpus vocabulary: a question term the corpus never uses is replaced by
the corpus term one edit away ("entreprizes" -> "entreprises", "Tink" -> "Think"), SymSpell-style:
every term is indexed under its single-deletion variants, so a lookup costs a few dict probes, and
each candidate is then checked to be truly one edit away (shared deletions also pair "poem" and "perm").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def _deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def _one_edit(a: str, b: str, substitutions: bool) -> bool:
    """Whether b is a, one letter added, dropped, changed or two neighbours swapped (changes and swaps
    only when `substitutions`)."""
    if abs(len(a) - len(b)) == 1:
        short, long_ = sorted((a, b), key=len)
        return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
    if len(a) != len(b) or not substitutions:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 1 or (
        len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    )


class Speller:
    MIN_LENGTH = 4  # shorter terms have too many neighbours to correct safely
    # A changed letter turns short words into other real words ("post" -> "port", "jeun" -> "reun"):
    # below this length only a missing or an extra letter is corrected.
    MIN_SUBSTITUTION_LENGTH = 6

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
        options = {t for t in options if _one_edit(term, t, len(term) >= self.MIN_SUBSTITUTION_LENGTH)}
        return min(options) if len(options) == 1 else (sorted(options)[0] if options else term)

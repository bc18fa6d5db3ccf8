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


# Chosen on the dev part of PIAF and CNIL questions with one typo added (eval/tune_speller.py, report
# in eval/reports/bench-speller.md): shorter terms have too many neighbours to correct safely, and a
# changed letter turns short words into other real words ("post" -> "port"), so below the second length
# only a missing or an extra letter is corrected.
MIN_LENGTH = 4
MIN_SUBSTITUTION_LENGTH = 5


class Speller:
    def __init__(
        self,
        vocabulary: Iterable[str],
        min_length: int = MIN_LENGTH,
        min_substitution_length: int = MIN_SUBSTITUTION_LENGTH,
    ):
        self.vocabulary = set(vocabulary)
        self.min_length = min_length
        self.min_substitution_length = min_substitution_length
        self._by_deletion: dict[str, list[str]] = defaultdict(list)
        for term in self.vocabulary:
            if len(term) >= min_length and not term.isdigit():
                for variant in _deletions(term) | {term}:
                    self._by_deletion[variant].append(term)

    def correct(self, term: str) -> str:
        if term in self.vocabulary or len(term) < self.min_length or term.isdigit():
            return term
        options: set[str] = set(self._by_deletion.get(term, ()))  # the corpus term has one extra letter
        for variant in _deletions(term):  # one letter too many, or one letter changed
            options.update(t for t in self._by_deletion.get(variant, ()) if len(t) <= len(term))
        options = {t for t in options if _one_edit(term, t, len(term) >= self.min_substitution_length)}
        return min(options) if len(options) == 1 else (sorted(options)[0] if options else term)

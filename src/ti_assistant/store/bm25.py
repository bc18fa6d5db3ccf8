"""French BM25 over the committed chunks.

bm25s does the scoring; tokens come from `french.terms` (accents folded, elisions removed, French stop
words dropped, Snowball stemming) so that "l'Etat", "État" and "etats" meet. llama-index's own
`BM25Retriever` tokenizes without folding accents, which loses questions typed without them.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import bm25s
import numpy as np

from ti_assistant.text import dictionary
from ti_assistant.text.spelling import Speller

# Term-frequency saturation and length normalisation: bm25s's defaults, kept after measuring
# (eval/tune_bm25.py, eval/reports/bench-bm25.md): the best pair for retrieval alone on PIAF and CNIL dev
# (0.3, 0.3: first document 74.8% -> 76.4% on dev, 71.6% -> 72.9% on test) made the retrained confidence
# model worse on dev (CNIL AUC 0.867 -> 0.819, sure answers on the own set's dev part 9 -> 5 of 24).
K1, B = 1.2, 0.75


class FrenchBM25:
    def __init__(self, model: bm25s.BM25, chunk_ids: list[str]):
        self.model = model
        self.chunk_ids = chunk_ids
        # What is remembered per term (the index never changes): its best score in any chunk and, only
        # once a filtered question needs them, the chunks holding it, best first.
        self._top: dict[str, float] = {}
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @classmethod
    def build(cls, rows: list[tuple[str, list[str]]]) -> FrenchBM25:
        """`rows`: (chunk_id, terms of the chunk's header and text) for every chunk."""
        model = bm25s.BM25(k1=K1, b=B)
        model.index([found for _, found in rows], show_progress=False)
        return cls(model, [chunk_id for chunk_id, _ in rows])

    def save(self, directory: Path) -> None:
        """Write to a sibling folder, then swap it in, so readers never see half an index."""
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        self.model.save(str(tmp))
        (tmp / "chunk_ids.json").write_text(json.dumps(self.chunk_ids), encoding="utf-8")
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path, attempts: int = 5) -> FrenchBM25 | None:
        """The saved index, or None when there is none. A reader that opens it while an ingestion swaps
        in a new one (`save`) may find a file gone between two reads: it tries again, the swap is quick."""
        swapping = [directory.with_name(directory.name + suffix) for suffix in (".tmp", ".old")]
        for attempt in range(attempts):
            if not (directory / "chunk_ids.json").exists():
                if attempt == attempts - 1 or not any(p.exists() for p in swapping):
                    return None
                time.sleep(0.05 * (attempt + 1))  # between the two renames of a swap
                continue
            try:
                model = bm25s.BM25.load(str(directory))
                return cls(model, json.loads((directory / "chunk_ids.json").read_text(encoding="utf-8")))
            except (OSError, ValueError):
                if attempt == attempts - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return None

    @cached_property
    def speller(self) -> Speller:
        return Speller((t for t in self.model.vocab_dict if t), keep=dictionary.is_french)

    def _holding(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The chunks holding `term`, best scored first: one pass over the chunks per term, remembered."""
        if term not in self._postings:
            scores = self.model.get_scores([term])
            where = np.flatnonzero(scores > 0)
            order = where[np.argsort(-scores[where], kind="stable")]
            self._postings[term] = (scores[order], order)
        return self._postings[term]

    def _best(self, term: str, visible: Callable[[str], bool] | None) -> float | None:
        """The best score `term` reaches in a chunk the reader may see, None when it is in none."""
        if not self.chunk_ids or term not in self.model.vocab_dict:
            return None
        if visible is None:
            if term not in self._top:
                self._top[term] = float(self.model.get_scores([term]).max())
            return self._top[term]
        scores, positions = self._holding(term)
        for score, position in zip(scores, positions, strict=True):
            if visible(self.chunk_ids[position]):
                return float(score)
        return None

    def known(self, term: str, visible: Callable[[str], bool] | None = None) -> bool:
        """Whether a chunk the reader may see (`visible`: a chunk_id predicate, None: all) uses the term:
        with documents filtered out, the words only they use are as unknown as if never indexed."""
        if visible is None:
            return term in self.model.vocab_dict
        return self._best(term, visible) is not None

    def ceiling(self, tokens: list[str], visible: Callable[[str], bool] | None = None) -> float:
        """The best score each term reaches in any visible chunk, summed: what one chunk holding every
        term at its best would score. A hit's share of it measures its match whatever the corpus's size."""
        best = (self._best(t, visible) for t in dict.fromkeys(tokens))
        return sum(b for b in best if b is not None)

    def search(self, tokens: list[str], k: int) -> list[tuple[str, float]]:
        """The k best chunks for the given (already corrected) terms."""
        if not tokens or not self.chunk_ids:
            return []
        scores = self.model.get_scores(tokens)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]

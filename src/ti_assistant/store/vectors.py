"""Chroma, embedded or server: stores one vector per chunk version with the flat metadata queries
filter on. Texts live in the manifest, so Chroma keeps no second copy and builds no full-text index
(BM25 does that job): ingestion writes half as much (eval/reports/bench-ingest-use.md).

Chroma always receives explicit embeddings: its default embedding function would download a model.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from ti_assistant.errors import StoreUnavailableError
from ti_assistant.models import Chunk, Document

ADD_BATCH, DELETE_BATCH = 1000, 5000


def vector_id(chunk_id: str, sha256: str) -> str:
    """Chroma id of one version of a chunk: two versions of a document never share ids."""
    return f"{chunk_id}@{sha256[:16]}"


class VectorStore:
    def __init__(self, directory: Path, url: str, collection: str):
        self.directory, self.url, self.name = directory, url, collection

    @cached_property
    def client(self) -> Any:
        import chromadb

        chroma_settings = chromadb.Settings(anonymized_telemetry=False)
        if not self.url:
            return chromadb.PersistentClient(path=str(self.directory), settings=chroma_settings)
        url = urlparse(self.url)
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or 8000,
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as exc:
            raise StoreUnavailableError(
                f"Le serveur Chroma {self.url} ne répond pas ({type(exc).__name__}). "
                "Démarrez-le avec : chroma run --path <dossier> --port <port>"
            ) from exc
        return client

    @cached_property
    def collection(self) -> Any:
        # search_ef 400: on PIAF + CNIL dev (1,613 passages, 717 questions), HNSW's top 20 hold 99.97% of
        # the exact top 20 (Chroma's default: 98.0%), and two builds that inserted the same vectors in
        # another order disagree on 6 questions instead of 237 (training is reproducible), for 0.24 ms a
        # query instead of 0.14. Applies to collections created from now on.
        return self.client.get_or_create_collection(
            self.name, metadata={"hnsw:space": "cosine", "hnsw:search_ef": 400}, embedding_function=None
        )

    @cached_property
    def llama_store(self) -> Any:
        """The collection as llama-index's `ChromaVectorStore`: it reads the flat records back as
        nodes carrying this metadata, which is all `VectorIndexRetriever` needs."""
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.collection)

    @property
    def present(self) -> bool:
        """A server is configured, or the embedded store's folder exists (checked without opening it)."""
        return bool(self.url) or self.directory.exists()

    def describe(self) -> str:
        return self.url or str(self.directory)

    def add(self, items: Sequence[tuple[Document, list[Chunk]]], embeddings: np.ndarray) -> None:
        ids, metadatas = [], []
        for doc, chunk in ((doc, chunk) for doc, chunks in items for chunk in chunks):
            ids.append(vector_id(chunk.chunk_id, doc.sha256))
            metadatas.append(
                {
                    "chunk_id": chunk.chunk_id,
                    "doc_id": doc.doc_id,  # what `ids_of` selects on
                    "sha": doc.sha256[:16],  # which version of the document
                    "date_int": int((doc.date or "0").replace("-", "")),  # date filters
                }
            )
        for start in range(0, len(ids), ADD_BATCH):
            end = start + ADD_BATCH
            self.collection.add(
                ids=ids[start:end], embeddings=embeddings[start:end], metadatas=metadatas[start:end]
            )

    def ids_of(self, doc_ids: Sequence[str]) -> list[str]:
        if not doc_ids:
            return []
        found = self.collection.get(where={"doc_id": {"$in": list(doc_ids)}}, include=[])
        return list(found["ids"])

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), DELETE_BATCH):
            self.collection.delete(ids=list(ids[start : start + DELETE_BATCH]))

    def count(self) -> int:
        return int(self.collection.count())

    def wipe(self) -> None:
        with contextlib.suppress(Exception):  # no collection yet: nothing to delete
            self.client.delete_collection(self.name)
        self.__dict__.pop("collection", None)
        self.__dict__.pop("llama_store", None)

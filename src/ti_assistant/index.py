"""The index: manifest (SQLite) + vectors (Chroma, embedded or server) + French BM25, kept in step.

`Index` knows how the index was built (embedder, chunking) and refuses to be mixed with other
settings. Chroma always receives explicit embeddings: its default embedding function would try to
download a model.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from ti_assistant.bm25 import FrenchBM25
from ti_assistant.config import Settings
from ti_assistant.errors import IndexMismatchError, IndexMissingError, TiAssistantError
from ti_assistant.manifest import DocRecord, Manifest, vector_id
from ti_assistant.models import Chunk, Document

REBUILD_HINT = "Reconstruisez l'index avec : ti-assistant ingest --rebuild"


class Index:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.dir = Path(settings.index_dir)
        self.manifest = Manifest(self.dir / "manifest.sqlite")
        self._lock = threading.Lock()
        self._state: tuple[int, dict[str, DocRecord], FrenchBM25 | None] | None = None

    # --- build settings ---------------------------------------------------------------------------
    def ensure_compatible(self, embedder_id: str, dimension: int, chunking: str) -> None:
        """Record the build settings of a new index, or refuse settings that differ from them."""
        built_with = self.manifest.get("embedder")
        if built_with is None:
            self.manifest.set(embedder=embedder_id, dimension=str(dimension), chunking=chunking)
            return
        if built_with != embedder_id:
            raise IndexMismatchError(
                f"L'index a été construit avec l'embedder « {built_with} », pas « {embedder_id} ». "
                f"Réglez TI_EMBEDDER en conséquence, ou {REBUILD_HINT[0].lower() + REBUILD_HINT[1:]}"
            )
        if self.manifest.get("chunking") != chunking:
            raise IndexMismatchError(
                f"L'index a été découpé avec d'autres réglages ({self.manifest.get('chunking')}, "
                f"demandé : {chunking}). {REBUILD_HINT}"
            )

    def require_ready(self) -> None:
        if not self.manifest.documents():
            raise IndexMissingError(
                f"Aucun communiqué n'est indexé dans « {self.dir} ». "
                "Construisez l'index avec : ti-assistant ingest"
            )

    def wipe(self) -> None:
        """Delete the whole index (manifest, BM25, vectors) before a rebuild."""
        with contextlib.suppress(Exception):  # no collection yet: nothing to delete
            self.client.delete_collection(self.settings.collection)
        self.__dict__.pop("collection", None)
        self.__dict__.pop("vector_store", None)
        self.manifest.path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(self.manifest.path) + suffix).unlink(missing_ok=True)
        shutil.rmtree(self.dir / "bm25", ignore_errors=True)
        self.manifest = Manifest(self.dir / "manifest.sqlite")
        self._state = None

    # --- Chroma -------------------------------------------------------------------------------------
    @cached_property
    def client(self) -> Any:
        import chromadb

        chroma_settings = chromadb.Settings(anonymized_telemetry=False)
        if self.settings.chroma_url:
            url = urlparse(self.settings.chroma_url)
            try:
                client = chromadb.HttpClient(
                    host=url.hostname or "localhost",
                    port=url.port or 8000,
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
                client.heartbeat()
            except Exception as exc:
                raise TiAssistantError(
                    f"Le serveur Chroma {self.settings.chroma_url} ne répond pas ({type(exc).__name__}). "
                    "Démarrez-le avec : chroma run --path <dossier> --port <port>"
                ) from exc
            return client
        return chromadb.PersistentClient(path=str(self.dir / "chroma"), settings=chroma_settings)

    @cached_property
    def collection(self) -> Any:
        return self.client.get_or_create_collection(
            self.settings.collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )

    @cached_property
    def vector_store(self) -> Any:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.collection)

    def add_vectors(self, items: list[tuple[Document, list[Chunk]]], embeddings: np.ndarray) -> None:
        """Store vectors with the flat metadata queries filter on; the texts live in the manifest.

        Chroma thus keeps no second copy of each passage and builds no full-text index we would not
        use (BM25 does that job): ingestion writes half as much (eval/reports/bench-ingest.md).
        llama-index's `ChromaVectorStore` reads these flat records back as nodes carrying this
        metadata, which is all `VectorIndexRetriever` needs here.
        """
        ids, metadatas = [], []
        for doc, chunk in ((doc, chunk) for doc, chunks in items for chunk in chunks):
            ids.append(vector_id(chunk.chunk_id, doc.sha256))
            metadatas.append(
                {
                    "chunk_id": chunk.chunk_id,
                    "doc_id": doc.doc_id,  # what `vector_ids_of` selects on
                    "sha": doc.sha256[:16],  # which version of the document
                    "date_int": int((doc.date or "0").replace("-", "")),  # date filters
                }
            )
        for start in range(0, len(ids), 1000):
            end = start + 1000
            self.collection.add(
                ids=ids[start:end], embeddings=embeddings[start:end], metadatas=metadatas[start:end]
            )

    def vector_ids_of(self, doc_ids: list[str]) -> list[str]:
        if not doc_ids:
            return []
        found = self.collection.get(where={"doc_id": {"$in": doc_ids}}, include=[])
        return list(found["ids"])

    def delete_vectors(self, ids: list[str]) -> None:
        for start in range(0, len(ids), 5000):
            self.collection.delete(ids=ids[start : start + 5000])

    def repair(self) -> int:
        """Remove vectors left by an interrupted ingestion: any version the manifest does not commit."""
        pending = self.manifest.pending()
        if not pending:
            return 0
        committed = {
            vid
            for doc_id, rec in self.manifest.documents().items()
            if doc_id in pending
            for vid in rec.vector_ids()
        }
        stale = [vid for vid in self.vector_ids_of(pending) if vid not in committed]
        self.delete_vectors(stale)
        self.manifest.set(pending="[]")
        return len(stale)

    # --- BM25 -------------------------------------------------------------------------------------------
    def bm25_is_current(self) -> bool:
        return self.manifest.get("bm25_generation") == str(self.manifest.generation())

    def rebuild_bm25(self) -> None:
        generation = self.manifest.generation()
        rows = [(chunk_id, found) for chunk_id, _, found in self.manifest.iter_chunks()]
        FrenchBM25.build(rows).save(self.dir / "bm25")
        self.manifest.set(bm25_generation=str(generation))

    # --- what queries see -------------------------------------------------------------------------------
    def snapshot(self) -> tuple[dict[str, DocRecord], FrenchBM25 | None]:
        """Committed documents and the BM25 index, reloaded when an ingestion has changed them."""
        generation = self.manifest.generation()
        with self._lock:
            if self._state is None or self._state[0] != generation:
                bm25 = FrenchBM25.load(self.dir / "bm25")
                self._state = (generation, self.manifest.documents(), bm25)
            return self._state[1], self._state[2]

    def stats(self) -> dict[str, Any]:
        docs = self.manifest.documents()
        dates = sorted(d.date for d in docs.values() if d.date)
        publishers = sorted({p.strip() for d in docs.values() if d.publisher for p in d.publisher.split(";")})
        size = sum(f.stat().st_size for f in self.dir.rglob("*") if f.is_file()) if self.dir.exists() else 0
        return {
            "documents": len(docs),
            "chunks": self.manifest.count_chunks(),
            "embedder": self.manifest.get("embedder"),
            "dimension": int(self.manifest.get("dimension") or 0),
            "chunking": self.manifest.get("chunking"),
            "last_ingest": json.loads(self.manifest.get("last_ingest", "null") or "null"),
            "index_bytes": size,
            "chroma": self.settings.chroma_url or str(self.dir / "chroma"),
            "date_range": [dates[0], dates[-1]] if dates else None,
            "publishers": publishers,
        }

"""The index manifest: a SQLite file that records what the index holds and how it was built.

It is the single source of truth for "which version of which document is committed": vectors in
Chroma whose version is not committed here are invisible to queries and removed by the next ingestion.
SQLite transactions make every document commit atomic, so a killed ingestion leaves a usable index.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol

from ti_assistant.models import Chunk, Document, is_web_address
from ti_assistant.store.vectors import vector_id
from ti_assistant.text.french import terms

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, title TEXT, date TEXT, publisher TEXT, region TEXT,
    source TEXT, n_chunks INTEGER NOT NULL, ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, n INTEGER NOT NULL, text TEXT NOT NULL,
    start INTEGER NOT NULL, end_ INTEGER NOT NULL, heading TEXT NOT NULL, header TEXT NOT NULL,
    sentences TEXT NOT NULL, terms TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
"""


@dataclass(frozen=True)
class DocRecord:
    doc_id: str
    sha256: str
    title: str
    date: str | None
    publisher: str | None
    region: str | None
    source: str
    n_chunks: int
    ingested_at: str

    def vector_ids(self) -> list[str]:
        return [vector_id(f"{self.doc_id}#{n}", self.sha256) for n in range(self.n_chunks)]

    @property
    def public_source(self) -> str:
        """What answers show as the source: the release's web address when known, else its id in the
        corpus, never a path on the server (the manifest keeps the path for the index's own use)."""
        return self.source if is_web_address(self.source) else self.doc_id


class ChunkSpan(NamedTuple):
    """One chunk where it sits in its document: `text` is document.text[start:end]."""

    n: int
    start: int
    end: int
    heading_path: tuple[str, ...]
    text: str


class CommitPart(NamedTuple):
    """Chunks of one document committed together; `last` when no chunk of the document comes after."""

    document: Document
    chunks: list[Chunk]
    last: bool = True


# chunk_id -> (text, sentence spans, heading path, BM25 terms)
ChunkRow = tuple[str, tuple[tuple[int, int], ...], str, frozenset[str]]


class ManifestView(Protocol):
    """What readers of the index may ask the manifest (the index alone writes it)."""

    def get(self, key: str, default: str | None = None) -> str | None: ...
    def generation(self) -> int: ...
    def chunking(self) -> str: ...
    def documents(self, doc_ids: Sequence[str] | None = None) -> dict[str, DocRecord]: ...
    def hashes(self) -> dict[str, str]: ...
    def partial(self) -> dict[str, tuple[str, int]]: ...
    def pending(self) -> list[str]: ...
    def chunk_rows(self, chunk_ids: list[str]) -> dict[str, ChunkRow]: ...
    def iter_chunks(self) -> Iterator[tuple[str, str, list[str]]]: ...
    def document_chunks(self, doc_id: str) -> list[ChunkSpan]: ...
    def count_chunks(self) -> int: ...


class Manifest:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        with self._db() as db:
            db.executescript(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # --- meta ---------------------------------------------------------------------------------------
    def get(self, key: str, default: str | None = None) -> str | None:
        row = self._db().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set(self, **values: str) -> None:
        with self._db() as db:
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    def generation(self) -> int:
        return int(self.get("generation", "0") or 0)

    def chunking(self) -> str:
        """How the index's passages were cut ("" before its first document)."""
        return self.get("chunking") or ""

    # --- documents ----------------------------------------------------------------------------------
    def documents(self, doc_ids: Sequence[str] | None = None) -> dict[str, DocRecord]:
        """Every committed document's record, or those of `doc_ids`."""
        if doc_ids is None:
            rows = self._db().execute("SELECT * FROM documents").fetchall()
        else:
            marks = ",".join("?" * len(doc_ids))
            rows = (
                self._db()
                .execute(f"SELECT * FROM documents WHERE doc_id IN ({marks})", list(doc_ids))
                .fetchall()
            )
        return {row[0]: DocRecord(*row) for row in rows}

    def hashes(self) -> dict[str, str]:
        """doc_id -> content hash of the committed version; a document committed in part (a large file
        whose ingestion was interrupted) maps to "" so that the next run takes it up again."""
        partial = self.partial()
        rows = self._db().execute("SELECT doc_id, sha256 FROM documents").fetchall()
        return {doc_id: "" if doc_id in partial else sha for doc_id, sha in rows}

    def partial(self) -> dict[str, tuple[str, int]]:
        """Documents committed in part: doc_id -> (content hash, how many of their chunks are committed)."""
        marked = json.loads(self.get("partial", "[]") or "[]")
        if not marked:
            return {}
        rows = self._db().execute("SELECT doc_id, sha256, n_chunks FROM documents").fetchall()
        return {doc_id: (sha, n) for doc_id, sha, n in rows if doc_id in marked}

    def pending(self) -> list[str]:
        """Documents whose vectors may be out of step with this manifest (an ingestion was interrupted)."""
        return list(json.loads(self.get("pending", "[]") or "[]"))

    def commit_documents(self, items: Iterable[CommitPart], when: str) -> None:
        """Commit each part of a document in one transaction with the generation bump: a part that
        starts at the document's first chunk replaces its earlier version, a later part appends to it;
        until its last part is in, the document is marked partial."""
        with self._db() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'partial'").fetchone()
            partial = set(json.loads(row[0])) if row else set()
            for document, chunks, last in items:
                if chunks and chunks[0].n == 0:
                    db.execute("DELETE FROM chunks WHERE doc_id = ?", (document.doc_id,))
                    n_chunks = len(chunks)
                else:  # a later part: after the chunks already committed
                    n_chunks = chunks[-1].n + 1 if chunks else self._count(db, document.doc_id)
                (partial.discard if last else partial.add)(document.doc_id)
                db.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        document.doc_id,
                        document.sha256,
                        document.title,
                        document.date,
                        document.publisher,
                        document.region,
                        document.source,
                        n_chunks,
                        when,
                    ),
                )
                db.executemany(
                    "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            c.chunk_id,
                            c.doc_id,
                            c.n,
                            c.text,
                            c.start,
                            c.end,
                            json.dumps(c.heading_path),
                            c.header,
                            json.dumps(c.sentences),
                            " ".join(terms(c.embed_text())),
                        )
                        for c in chunks
                    ],
                )
            db.execute("INSERT OR REPLACE INTO meta VALUES ('partial', ?)", (json.dumps(sorted(partial)),))
            self._bump(db)

    @staticmethod
    def _count(db: sqlite3.Connection, doc_id: str) -> int:
        return int(db.execute("SELECT COUNT(*) FROM chunks WHERE doc_id = ?", (doc_id,)).fetchone()[0])

    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        with self._db() as db:
            for doc_id in doc_ids:
                db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
                db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            self._bump(db)

    def _bump(self, db: sqlite3.Connection) -> None:
        db.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET value = value + 1"
        )

    # --- chunks -------------------------------------------------------------------------------------
    def chunk_rows(self, chunk_ids: list[str]) -> dict[str, ChunkRow]:
        """The given chunks' rows (see `ChunkRow`)."""
        marks = ",".join("?" * len(chunk_ids))
        rows = (
            self._db()
            .execute(
                f"SELECT chunk_id, text, sentences, heading, terms FROM chunks WHERE chunk_id IN ({marks})",
                chunk_ids,
            )
            .fetchall()
        )
        return {
            cid: (
                text,
                tuple(tuple(s) for s in json.loads(spans)),
                " > ".join(json.loads(heading)),
                frozenset(found.split()),
            )
            for cid, text, spans, heading, found in rows
        }

    def iter_chunks(self) -> Iterator[tuple[str, str, list[str]]]:
        """(chunk_id, text, BM25 terms) of every committed chunk, in a stable order. The terms are
        computed once, when the chunk is committed, so rebuilding BM25 does not stem the corpus again."""
        rows = self._db().execute("SELECT chunk_id, text, terms FROM chunks ORDER BY doc_id, n")
        yield from ((chunk_id, text, found.split()) for chunk_id, text, found in rows)

    def document_chunks(self, doc_id: str) -> list[ChunkSpan]:
        rows = self._db().execute(
            "SELECT n, start, end_, heading, text FROM chunks WHERE doc_id = ? ORDER BY n", (doc_id,)
        )
        return [
            ChunkSpan(n, start, end, tuple(json.loads(heading)), text)
            for n, start, end, heading, text in rows
        ]

    def count_chunks(self) -> int:
        return int(self._db().execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

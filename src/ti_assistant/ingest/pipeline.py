"""Incremental, crash-safe ingestion of a folder of releases into the index.

Unchanged files are skipped by content hash without loading the embedder; changed ones are replaced,
deleted ones removed. Documents are committed in groups: vectors first, then the manifest in one
SQLite transaction, then the old versions' vectors are deleted. A run killed at any point leaves the
previous committed state visible to queries, and the next run repairs and completes.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from ti_assistant.config import Settings
from ti_assistant.errors import IndexBusyError, LoadError
from ti_assistant.ingest.chunking import ChunkingParams, chunk_document
from ti_assistant.ingest.loaders import fingerprint, is_supported, load, read_source
from ti_assistant.models import Chunk, Document
from ti_assistant.store.index import REBUILD_HINT, CommitPart, Index
from ti_assistant.text.french import decimal

if TYPE_CHECKING:  # the embedder (and llama-index) is imported only when something must be embedded
    from ti_assistant.store.embeddings import TiEmbedding


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, French reason)
    chunks: int = 0
    repaired: int = 0  # vectors deleted that no committed document owned (interrupted run, lost manifest)
    rebuilt: list[str] = field(default_factory=list)  # parts of the index found missing, rebuilt
    restored: int = 0  # documents indexed again because their vectors were missing
    seconds: float = 0.0
    notice: str = ""  # what the user should know beyond the counts (French)

    def failures(self) -> list[str]:
        """One French line per file that could not be indexed, with its reason."""
        return [f"Échec : {doc_id} — {reason}" for doc_id, reason in self.failed]

    def summary(self) -> str:
        counts = (
            f"Ingestion terminée : {self.added} ajouté(s), {self.updated} mis à jour, {self.removed} "
            f"supprimé(s), {self.skipped} inchangé(s), {len(self.failed)} en échec — {self.chunks} "
            f"passage(s) indexé(s) — {decimal(self.seconds)} s"
        )
        return f"{counts}\n{self.notice}" if self.notice else counts


@dataclass(frozen=True)
class SourceFile:
    path: Path
    doc_id: str


def discover(
    root: Path, paths: Iterable[Path] = ()
) -> tuple[list[SourceFile], list[str], list[tuple[str, str]]]:
    """Supported files under `paths` (default: the whole corpus), the doc_id prefixes whose absent
    documents may be removed, and the files refused with a French reason.

    A file outside the corpus is named from its folder: `ingest /srv/autre/` indexes `../autre/note.md`,
    so that it never takes the place of the corpus's `note.md` and a plain ingestion of the corpus never
    removes it; ingesting that folder again removes what has gone from it. A file whose name is not
    valid text, or a link leading outside the folder it was found in, is refused alone."""
    targets = list(paths) or [root]
    files: list[SourceFile] = []
    scopes: list[str] = []
    refused: list[tuple[str, str]] = []
    for target in targets:
        if not target.exists():
            raise LoadError(f"chemin introuvable : {target}")
        inside = _is_under(target, root)
        base = root if inside else (target if target.is_dir() else target.parent)
        prefix = "" if inside else f"{OUTSIDE}{base.resolve().name}/"
        found = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
        for p in found:
            if not is_supported(p) or any(part.startswith(".") for part in p.parts):
                continue
            doc_id = prefix + _doc_id(p, base)
            problem = _unsafe(p, base, doc_id)
            if problem:
                refused.append((doc_id.encode("utf-8", "replace").decode("utf-8"), problem))
            else:
                files.append(SourceFile(p, doc_id))
        if target.is_dir() and inside:
            rel = target.resolve().relative_to(root.resolve()).as_posix()
            scopes.append("" if rel == "." else rel + "/")
        elif target.is_dir():
            scopes.append(prefix)
    return files, scopes, refused


OUTSIDE = "../"  # the id of a file indexed from outside the corpus starts so: "../autre/note.md"


def _in_scope(doc_id: str, scope: str) -> bool:
    """Whether a run over `scope` may remove `doc_id` when its file is gone: the whole corpus ("") does
    not reach the files indexed from outside it."""
    return doc_id.startswith(scope) and (bool(scope) or not doc_id.startswith(OUTSIDE))


def _doc_id(path: Path, base: Path) -> str:
    """The file's path relative to `base` (links are not followed: a link keeps its own name)."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(base)).resolve()).as_posix()
    except ValueError:
        return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(base))).as_posix()


def _unsafe(path: Path, base: Path, doc_id: str) -> str | None:
    try:
        doc_id.encode("utf-8")
    except UnicodeEncodeError:
        return "nom de fichier illisible (caractères non UTF-8) : renommez le fichier"
    if not path.resolve().is_relative_to(base.resolve()):
        return "lien symbolique vers un fichier hors du dossier indexé : ignoré"
    return None


def _is_under(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[str, int, int], None]  # (current file, done, total)


@dataclass
class Plan:
    """What one run has to do: files to (re)index, documents to remove, files skipped or failed."""

    todo: list[tuple[SourceFile, bytes, str]] = field(default_factory=list)  # (file, bytes, sha256)
    gone: list[str] = field(default_factory=list)


def ingest(
    settings: Settings,
    paths: Iterable[Path] = (),
    rebuild: bool = False,
    progress: Progress | None = None,
    embedder: TiEmbedding | None = None,
) -> IngestReport:
    from filelock import Timeout

    lock = Index.writer_lock(Path(settings.index_dir))
    try:
        with lock:
            return _ingest_locked(settings, paths, rebuild, progress, embedder)
    except Timeout as exc:
        raise IndexBusyError(
            f"Une autre ingestion est en cours sur l'index « {settings.index_dir} » : attendez qu'elle se "
            "termine, puis relancez la commande (les questions restent possibles pendant ce temps)."
        ) from exc


def _ingest_locked(
    settings: Settings,
    paths: Iterable[Path],
    rebuild: bool,
    progress: Progress | None,
    embedder: TiEmbedding | None,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    if rebuild:
        Index.set_aside_if_corrupt(Path(settings.index_dir))
    index = Index(settings)
    if rebuild:
        index.wipe()
    report.repaired = index.repair()  # before planning: a repaired document may need indexing again
    if missing := index.missing_parts():  # a deleted Chroma or BM25 folder: rebuild what was lost
        report.rebuilt, report.restored = missing, index.restore()
    else:
        report.repaired += index.drop_orphans()
    plan = _plan(settings, index.manifest.hashes(), [Path(p) for p in paths], report)
    params = ChunkingParams.from_settings(settings)
    built = index.manifest.chunking()
    if built and built != params.describe():  # e.g. an index from before a new default passage size
        report.notice = (
            f"L'index a été découpé avec d'autres réglages ({built}) que ceux demandés "
            f"({params.describe()}) : ils ne s'appliqueront qu'une fois l'index reconstruit ; {REBUILD_HINT}"
        )
    if plan.todo or plan.gone or index.needs_upkeep():
        index.remove(plan.gone)
        report.removed = len(plan.gone)
        if plan.todo:

            @cache
            def ready_embedder() -> TiEmbedding:
                """Loaded once a file has text to embed: files that keep failing cost no model load."""
                from ti_assistant.store.embeddings import embedder_for

                built = embedder or embedder_for(settings)
                index.check_compatible(built.embedder_id, params.describe(), record_dimension=built.dimension)
                return built

            @cache
            def ready_sentence_embedder() -> TiEmbedding | None:
                """The sentence embedder whose vectors ingestion computes ahead (None: answer time)."""
                from ti_assistant.store.embeddings import sentence_embedder_for

                if settings.sentence_vectors == "answer":
                    return None
                built = sentence_embedder_for(settings, ready_embedder(), given=embedder is not None)
                return None if built.fast or not built.cached else built

            _ingest_files(
                index, ready_embedder, settings, plan.todo, report, progress, ready_sentence_embedder
            )
        index.refresh_bm25()
    report.seconds = time.perf_counter() - started
    if plan.todo or plan.gone or report.repaired or report.rebuilt:
        index.record_ingest(asdict(report))
    return report


def _plan(settings: Settings, known: dict[str, str], paths: list[Path], report: IngestReport) -> Plan:
    """Read every file in scope; unchanged ones (same content hash) are only counted as skipped."""
    files, scopes, refused = discover(Path(settings.corpus_dir), paths)
    report.failed += refused
    max_bytes = int(settings.max_file_mb * 1_000_000)
    plan = Plan()
    for source in files:
        try:
            data = read_source(source.path, max_bytes)
        except LoadError as exc:
            report.failed.append((source.doc_id, str(exc)))
            continue
        sha = fingerprint(source.path, data)
        if known.get(source.doc_id) == sha:
            report.skipped += 1
        else:
            plan.todo.append((source, data, sha))
    present = {s.doc_id for s in files} | {doc_id for doc_id, _ in report.failed}
    plan.gone = [d for d in known if any(_in_scope(d, s) for s in scopes) and d not in present]
    return plan


def _ingest_files(
    index: Index,
    embedder: Callable[[], TiEmbedding],
    settings: Settings,
    todo: list[tuple[SourceFile, bytes, str]],
    report: IngestReport,
    progress: Progress | None,
    sentence_embedder: Callable[[], TiEmbedding | None] = lambda: None,
) -> None:
    """Load, chunk and embed on this thread while a writer thread stores the previous group: the
    embedder's matrix products release the GIL, so Chroma and SQLite work hides behind them.

    Commits hold a bounded number of chunks: a large file is committed in parts, so the vectors waiting
    to be stored stay bounded (its chunks are held whole) and a kill keeps the parts already in; the
    next run goes on from the first chunk not committed."""
    params = ChunkingParams.from_settings(settings)
    max_bytes = int(settings.max_file_mb * 1_000_000)
    known, partial = index.manifest.hashes(), index.manifest.partial()
    target = max(settings.embed_batch * 4, 64)

    def prepare(item: tuple[SourceFile, bytes, str]) -> tuple[Document, list[Chunk]] | LoadError:
        source, data, sha = item
        try:
            loaded = load(source.path, source.doc_id, max_bytes, data=data, sha256=sha)
        except LoadError as exc:
            return exc
        chunks = chunk_document(loaded.document, loaded.headings, params)
        committed_sha, committed = partial.get(source.doc_id, ("", 0))
        return loaded.document, chunks[committed:] if committed_sha == sha else chunks

    group: list[CommitPart] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ti-writer") as writer:
        in_flight: Future[None] = writer.submit(index.open_vectors)  # open the store meanwhile

        def flush() -> None:
            nonlocal in_flight
            embeddings = _embed(embedder(), group)
            slow = sentence_embedder()
            if slow is not None:
                presentence(slow, group)
            in_flight.result()  # one group in flight at most: commits stay in order
            in_flight = writer.submit(_commit_group, index, list(group), embeddings, known, report)
            group.clear()

        for done, ((source, _, _), prepared) in enumerate(
            zip(todo, _prefetch(prepare, todo), strict=True), start=1
        ):
            if isinstance(prepared, LoadError):
                report.failed.append((source.doc_id, str(prepared)))
            else:
                document, chunks = prepared
                for start in range(0, max(len(chunks), 1), target):
                    group.append(
                        CommitPart(document, chunks[start : start + target], start + target >= len(chunks))
                    )
                    if sum(len(part.chunks) for part in group) >= target:
                        flush()
            if group and done == len(todo):
                flush()
            if progress:
                progress(source.doc_id, done, len(todo))
        in_flight.result()


def _prefetch(fn: Callable[[T], R], items: list[T], depth: int = 256) -> Iterator[R]:
    """`map(fn, items)` computed ahead on a thread, at most `depth` results waiting (bounded memory)."""
    results: queue.Queue[tuple[R | None, BaseException | None]] = queue.Queue(maxsize=depth)

    def produce() -> None:
        for item in items:
            try:
                results.put((fn(item), None))
            except BaseException as exc:
                results.put((None, exc))
                return

    threading.Thread(target=produce, name="ti-loader", daemon=True).start()
    for _ in items:
        value, error = results.get()
        if error is not None:
            raise error
        yield value  # type: ignore[misc]


def presentence(embedder: TiEmbedding, group: list[CommitPart]) -> None:
    """Embed the candidate sentences of a group's chunks into the vector cache, when the sentence
    embedder is too slow to embed them at answer time (mE5: ~1 s for one question's 30 sentences on
    2 cores); the answer path then reads them from the cache. Costs about one more embedding pass."""
    sentences = [chunk.text[a:b] for part in group for chunk in part.chunks for a, b in chunk.sentences]
    batch = embedder.embed_batch_size
    for start in range(0, len(sentences), batch):
        embedder.encode_passages(sentences[start : start + batch])


def _embed(embedder: TiEmbedding, group: list[CommitPart]) -> np.ndarray:
    texts = [chunk.embed_text() for part in group for chunk in part.chunks]
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    batch = embedder.embed_batch_size
    return np.concatenate(
        [embedder.encode_passages(texts[s : s + batch]) for s in range(0, len(texts), batch)]
    )


def _commit_group(
    index: Index, group: list[CommitPart], embeddings: np.ndarray, known: dict[str, str], report: IngestReport
) -> None:
    index.commit(group, embeddings)
    for part in group:
        report.chunks += len(part.chunks)
        if part.last and known.get(part.document.doc_id):
            report.updated += 1
        elif part.last:
            report.added += 1

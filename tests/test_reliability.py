"""Nothing lost by misuse or crashes: each case of the reliability catalogue that is fixed, with the
real embedder, real Chroma and the real command line."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import RELEASE, cli, make_settings, settings_env

from ti_assistant.answer.engine import Assistant
from ti_assistant.config import Settings
from ti_assistant.errors import IndexBusyError, IndexCorruptError, InputError
from ti_assistant.ingest.pipeline import ingest
from ti_assistant.store.embeddings import TiEmbedding
from ti_assistant.store.index import Index

pytestmark = pytest.mark.integration

OTHER = "---\ntitle: Note de service\ndate: 2024-05-02\n---\nLa préfecture ouvre un guichet unique pour les entreprises du territoire.\n"


def _vectors_match(settings: Settings) -> bool:
    index = Index(settings)
    return index.vectors.count() == index.manifest.count_chunks()


def test_ingesting_another_folder_never_removes_the_rest(tmp_path: Path, use_embedder: TiEmbedding) -> None:
    settings = make_settings(tmp_path)
    ingest(settings, embedder=use_embedder)
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (elsewhere / "note.md").write_text(OTHER, encoding="utf-8")
    report = ingest(settings, [elsewhere], embedder=use_embedder)
    assert (report.added, report.removed) == (1, 0)
    docs, _ = Index(settings).snapshot()
    assert RELEASE.name in docs and "../ailleurs/note.md" in docs and _vectors_match(settings)
    # a plain ingestion of the corpus keeps what came from elsewhere (it removed it silently before)
    again = ingest(settings, embedder=use_embedder)
    assert again.removed == 0 and "../ailleurs/note.md" in Index(settings).snapshot()[0]
    (elsewhere / "note.md").unlink()  # gone from its own folder: ingesting that folder removes it
    assert ingest(settings, [elsewhere], embedder=use_embedder).removed == 1
    assert set(Index(settings).snapshot()[0]) == {RELEASE.name} and _vectors_match(settings)


def test_a_second_writer_stops_with_a_french_message(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with Index.writer_lock(Path(settings.index_dir)):
        with pytest.raises(IndexBusyError, match="Une autre ingestion est en cours"):
            ingest(settings)
        done = cli(settings, "ingest", "--quiet")
    assert done.returncode == 2 and "Une autre ingestion est en cours" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_removal_killed_after_its_vectors_went_is_repaired(
    tmp_path: Path, use_embedder: TiEmbedding
) -> None:
    settings = make_settings(tmp_path)
    ingest(settings, embedder=use_embedder)
    index = Index(settings)
    # The state a kill leaves between "delete the vectors" and "remove the records" (Index.remove).
    index._manifest.set(pending=json.dumps([RELEASE.name]))
    index.vectors.delete(index.vectors.ids_of([RELEASE.name]))
    report = ingest(settings, embedder=use_embedder)
    assert report.repaired >= 1 and report.added == 1  # the record went, the file is indexed again
    assert _vectors_match(settings) and Index(settings).manifest.count_chunks() > 5
    assert (
        not Assistant(settings, embedder=use_embedder)
        .ask("Qui pilote le territoire d'industrie d'Alès ?")
        .refused
    )


def test_bad_names_dates_and_links_fail_their_file_only(tmp_path: Path, use_embedder: TiEmbedding) -> None:
    settings = make_settings(tmp_path)
    corpus = Path(settings.corpus_dir)
    (corpus / "mauvaise-date.md").write_text(OTHER.replace("2024-05-02", "2021-13-45"), encoding="utf-8")
    (corpus / "demain.md").write_text(OTHER.replace("2024-05-02", "demain matin"), encoding="utf-8")
    (corpus / "sidecar.txt").write_text(
        "La préfecture publie son rapport annuel sur l'industrie locale.", encoding="utf-8"
    )
    (corpus / "sidecar.txt.meta.json").write_text(json.dumps({"date": "09/08/2024"}), encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("Un fichier privé hors du corpus, qui ne doit jamais être indexé.", encoding="utf-8")
    (corpus / "lien.txt").symlink_to(secret)
    os.close(os.open(os.path.join(os.fsencode(corpus), b"nom-\xe9.txt"), os.O_CREAT | os.O_WRONLY))
    with open(os.path.join(os.fsencode(corpus), b"nom-\xe9.txt"), "wb") as f:
        f.write("Un communiqué dont le nom de fichier est en latin-1.".encode())
    (corpus / "utf16.txt").write_bytes(
        "Le préfet annonce une aide de 2 millions d'euros aux entreprises.".encode("utf-16")
    )

    report = ingest(settings, embedder=use_embedder)
    failed = dict(report.failed)
    assert "date invalide" in failed["mauvaise-date.md"] and "date invalide" in failed["demain.md"]
    assert "lien symbolique" in failed["lien.txt"]
    assert any("nom de fichier illisible" in reason for reason in failed.values())
    docs, _ = Index(settings).snapshot()
    assert {RELEASE.name, "sidecar.txt", "utf16.txt"} <= set(docs) and docs[
        "sidecar.txt"
    ].date == "2024-08-09"
    utf16 = Index(settings).manifest.document_chunks("utf16.txt")
    assert any("Le préfet annonce" in chunk.text for chunk in utf16)
    again = ingest(settings, embedder=use_embedder)  # the bad files never block later runs
    assert again.added == again.updated == again.removed == 0 and len(again.failed) == len(report.failed)


def test_a_corrupt_manifest_is_named_and_rebuild_sets_it_aside(
    tmp_path: Path, use_embedder: TiEmbedding
) -> None:
    settings = make_settings(tmp_path)
    ingest(settings, embedder=use_embedder)
    manifest = Path(settings.index_dir) / "manifest.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(str(manifest) + suffix).unlink(missing_ok=True)
    manifest.write_bytes(b"ceci n'est pas une base SQLite" * 100)
    with pytest.raises(IndexCorruptError, match="ingest --rebuild"):
        Index(settings)
    report = ingest(settings, rebuild=True, embedder=use_embedder)
    assert report.added == 1 and _vectors_match(settings)
    assert list(Path(settings.index_dir).glob("manifest.sqlite.illisible-*"))


def test_an_overlong_or_non_text_question_is_a_french_error(assistant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="trop longue"):
        assistant.ask("Qui ? " * 1000)
    with pytest.raises(InputError, match="texte"):
        assistant.ask(None)


def test_history_is_bounded_in_count_and_length(assistant) -> None:  # type: ignore[no-untyped-def]
    """A follow-up's history costs at most a few questions: 20 items, each no longer than a question."""
    assert [t.question for t in assistant.conversation(["Qui pilote le projet ?"])] == [
        "Qui pilote le projet ?"
    ]
    for bad, said in (
        (["x" * 400_000], "dépasse"),
        (["Qui ?"] * 21, "au plus 20"),
        ("Qui ?", "liste"),
        ([1, 2], "liste"),
    ):
        with pytest.raises(InputError, match=said):
            assistant.conversation(bad)


def test_rebuild_works_without_any_index(tmp_path: Path, use_embedder: TiEmbedding) -> None:
    settings = make_settings(tmp_path)
    shutil.rmtree(settings.index_dir, ignore_errors=True)
    assert ingest(settings, rebuild=True, embedder=use_embedder).added == 1


def test_feedback_refuses_bad_types_and_oversized_payloads(tmp_path: Path) -> None:
    from ti_assistant.app.feedback import FeedbackLog
    from ti_assistant.errors import TiAssistantError
    from ti_assistant.models import Answer

    log = FeedbackLog(tmp_path)
    answer = Answer("Q ?", "R [1]", False, standalone_question="Q complète ?")
    with pytest.raises(TiAssistantError, match="vrai ou faux"):
        log.record(answer, "oui", [])  # type: ignore[arg-type]
    with pytest.raises(TiAssistantError, match="taille"):
        log.record(Answer("Q ?", "x" * 10_000_000, False), True, [])
    with pytest.raises(TiAssistantError, match="inconnu"):
        log.record(answer, True, ["<script>"])
    assert not (tmp_path / "feedback.jsonl").exists()  # nothing stored from refused input
    entry = log.record(answer, True, ["incomplete"])
    assert entry["understood"] == "Q complète ?" and entry["status"] == "answer"


@pytest.mark.parametrize("part", ["chroma", "bm25"])
def test_a_deleted_part_is_detected_and_ingest_restores_it(
    tmp_path: Path, use_embedder: TiEmbedding, part: str
) -> None:
    settings = make_settings(tmp_path)
    assert cli(settings, "ingest", "--quiet").returncode == 0
    shutil.rmtree(Path(settings.index_dir) / part)
    with pytest.raises(IndexCorruptError, match="Index incomplet"):
        Assistant(settings, embedder=use_embedder)
    stats = cli(settings, "stats")
    assert stats.returncode == 1 and "à réparer" in stats.stdout
    repaired = cli(settings, "ingest", "--quiet")  # a new process, as a user runs it
    assert repaired.returncode == 0 and "une partie de l'index manquait" in repaired.stdout
    assert "ingestion interrompue" not in repaired.stdout  # nothing was interrupted
    stats = cli(settings, "stats", "--json")
    assert json.loads(stats.stdout)["health"] == [] and stats.returncode == 0
    answer = json.loads(
        cli(settings, "ask", "--json", "Combien de territoires d'industrie compte la France ?").stdout
    )
    assert not answer["refused"] and "146" in answer["answer"]


def test_an_emptied_manifest_is_reported_and_its_orphan_vectors_are_cleaned(
    tmp_path: Path, use_embedder: TiEmbedding
) -> None:
    """A 0-byte manifest.sqlite (a disk incident, a bad copy) left every vector without an owner: stats
    says so (exit code 1) instead of 'État : bon', and the next ingestion removes them and re-indexes."""
    settings = make_settings(tmp_path)
    assert cli(settings, "ingest", "--quiet").returncode == 0
    vectors = Index(settings).vectors.count()
    manifest = Path(settings.index_dir) / "manifest.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(str(manifest) + suffix).unlink(missing_ok=True)
    manifest.write_bytes(b"")
    stats = cli(settings, "stats")
    assert (
        stats.returncode == 1 and f"{vectors} vecteur(s) ne correspondent à aucun communiqué" in stats.stdout
    )
    shutil.rmtree(Path(settings.corpus_dir))  # the releases are gone too: nothing will re-own them
    Path(settings.corpus_dir).mkdir()
    repaired = cli(settings, "ingest", "--quiet")
    assert f"Réparation : {vectors} vecteur(s) sans communiqué validé supprimé(s)." in repaired.stdout
    assert Index(settings).vectors.count() == 0 and Index(settings).health() == []


def test_a_large_file_is_committed_in_parts_and_a_kill_keeps_them(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, embed_batch=8)  # parts of 64 chunks
    body = RELEASE.read_text(encoding="utf-8").split("\n", 8)[-1]
    sections = [f"\n\n## Partie {i}\n\n" + body.replace("Alès", f"Alès-{i}") for i in range(60)]
    big = Path(settings.corpus_dir) / "gros-recueil.md"
    big.write_text("---\ntitle: Recueil\ndate: 2024-01-15\n---\n" + "".join(sections), encoding="utf-8")
    env = {**os.environ, **settings_env(settings)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ti_assistant", "ingest", "--quiet"],
        env={**env, "TI_EMBED_BATCH": "8"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    manifest, seen = Path(settings.index_dir) / "manifest.sqlite", 0
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None and seen < 200:
        with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(manifest)) as db:
            row = db.execute("SELECT n_chunks FROM documents WHERE doc_id = 'gros-recueil.md'").fetchone()
            seen = row[0] if row else 0
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    index = Index(settings)
    kept = index.manifest.partial()["gros-recueil.md"][1]
    assert kept >= 200 and any("en partie" in p for p in index.health())  # the parts already in stay
    answer = Assistant(settings).ask("Combien de territoires d'industrie compte la France ?")
    assert answer.status == "answer" and "146" in answer.answer  # usable meanwhile (BM25 included)

    report = ingest(settings)  # goes on from the first chunk not committed
    index = Index(settings)
    total = index.snapshot()[0]["gros-recueil.md"].n_chunks
    assert report.chunks == total - kept and total > kept and report.added == 1
    assert index.manifest.partial() == {} and index.health() == [] and _vectors_match(settings)


@contextmanager
def _bm25_swapped_again_and_again(folder: Path) -> Iterator[None]:
    """A BM25 index saved into `folder`, then saved again and again on a thread (an ingestion's swap)."""
    import threading

    from ti_assistant.store.bm25 import FrenchBM25

    rows = [(f"d{i}#0", ["territoir", "industri", f"mot{i}"]) for i in range(300)]
    FrenchBM25.build(rows).save(folder)
    done = threading.Event()

    def writer() -> None:
        while not done.is_set():
            FrenchBM25.build(rows).save(folder)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def test_bm25_read_while_an_ingestion_swaps_in_a_new_one(tmp_path: Path) -> None:
    """The chat reloads BM25 after each commit while the ingestion writes a new one (seen failing with
    'No such file or directory' in a during-ingest test): a reader never fails, never sees none."""
    from ti_assistant.store.bm25 import FrenchBM25

    with _bm25_swapped_again_and_again(tmp_path / "bm25"):
        loaded = [FrenchBM25.load(tmp_path / "bm25") for _ in range(150)]
    assert all(bm25 is not None and len(bm25.chunk_ids) == 300 for bm25 in loaded)


def test_the_index_size_is_counted_while_bm25_is_swapped(tmp_path: Path) -> None:
    """The corpus profile (computed by a question after each commit) counts the index's bytes: it
    failed with 'No such file or directory' when a BM25 folder vanished mid-count (1 question of 141
    in a during-ingest browser test)."""
    from ti_assistant.store.index import _size

    with _bm25_swapped_again_and_again(tmp_path / "bm25"):
        sizes = [_size(tmp_path) for _ in range(300)]  # raises on the first vanished file, if any
    assert all(size >= 0 for size in sizes) and _size(tmp_path) > 0


def test_deeply_nested_json_is_a_french_400(assistant) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from ti_assistant.app.server import json_api

    client = TestClient(json_api(assistant.settings, assistant), raise_server_exceptions=False)
    body = '{"question": ' + "[" * 100_000 + "]" * 100_000 + "}"
    refused = client.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    assert refused.status_code == 400 and refused.json() == {
        "erreur": "Le corps de la requête doit être du JSON."
    }

"""A full disk: every command says so in French (exit code 2), never with a traceback, and never sets a
good manifest aside as if it were corrupt. The disk is a real 20 MB tmpfs, filled with a file; the
test is skipped where mounting one is not allowed (it needs root)."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import cli, make_settings

from ti_assistant.errors import DiskFullError, as_disk_full

pytestmark = pytest.mark.integration


def test_a_full_disk_is_recognised_through_a_chain_of_causes() -> None:
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("Chroma failed") from inner
    except RuntimeError as outer:
        assert isinstance(as_disk_full(outer), DiskFullError)
    assert isinstance(as_disk_full(sqlite3.OperationalError("database or disk is full")), DiskFullError)
    assert as_disk_full(ValueError("autre chose")) is None


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disque"
    disk.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("pas de commande mount")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(disk)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"montage d'un tmpfs refusé ici : {done.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_every_command_says_the_disk_is_full_in_french(small_disk: Path, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, index_dir=small_disk / "index", embed_cache="off")
    assert cli(settings, "ingest", "--quiet").returncode == 0
    with (small_disk / "remplissage").open("wb") as filler:  # fill the disk to the last byte
        try:
            while True:
                filler.write(b"\0" * 1_000_000)
        except OSError:
            pass
    (Path(settings.corpus_dir) / "nouveau.txt").write_text(
        "Le 3 mars 2021, la préfecture annonce un plan pour l'industrie locale et ses emplois.",
        encoding="utf-8",
    )
    for args in (("stats",), ("ask", "Combien de territoires d'industrie ?"), ("ingest", "--quiet"),
                 ("ingest", "--rebuild", "--quiet")):  # fmt: skip
        done = cli(settings, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "Le disque de l'index est plein" in done.stderr and "Traceback" not in done.stderr, args
    assert not list((small_disk / "index").glob("manifest.sqlite.illisible-*"))  # nothing set aside
    (small_disk / "remplissage").unlink()
    stats = cli(settings, "stats")
    assert stats.returncode == 0 and "État : bon" in stats.stdout  # the index was never harmed

"""Shared fixtures. Most tests run the real parts: the USE embedder (loaded once per session), real
Chroma (embedded, and a `chroma run` server), the Gradio app over HTTP and Debian's Chromium. A
deterministic fake embedder (`fake_embedder`) serves the few unit tests that need vectors but do not
test them (corpus description, sentence-vector cache)."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from ti_assistant.config import Settings
from ti_assistant.store.embeddings import TiEmbedding, build_embedder

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / "corpus" / "2019-12-09_communique_territoire-industrie-ales.md"
SHARED_DATA = ROOT.parent / "shared" / "data"


def fake_embedder(dimension: int = 64) -> TiEmbedding:
    """Bag of hashed words: similar texts get similar vectors. For unit tests only."""

    def encode(texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    return TiEmbedding("fake-hash-64", dimension, encode, ("", ""), 16)


@pytest.fixture(scope="session")
def use_embedder() -> TiEmbedding:
    return build_embedder("use")


def cli(settings: Settings, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`ti-assistant ARGS` in a fresh process, on the settings' corpus and index."""
    env = {**os.environ, **settings_env(settings)}
    return subprocess.run(
        [sys.executable, "-m", "ti_assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_chroma(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A real `chroma run` server on a free port, storing under `path`: (process, URL)."""
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    return proc, f"http://127.0.0.1:{port}"


@pytest.fixture()
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A `chroma run` server for the server mode; yields its URL."""
    proc, url = start_chroma(tmp_path / "server")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def make_settings(tmp: Path, **overrides: object) -> Settings:
    """The release in a fresh corpus, with the USE embedder: most tests ingest and ask many times, and
    USE embeds ~30 times faster than mE5 (the quality gate tests the shipped default)."""
    corpus = tmp / "corpus"
    if not corpus.exists():
        corpus.mkdir(parents=True)
        shutil.copy(RELEASE, corpus / RELEASE.name)
    return Settings.from_env(
        {},
        **{
            "corpus_dir": str(corpus),
            "index_dir": str(tmp / "indexes"),
            "data_dir": str(tmp / "data"),
            "embedder": "use",
            "sentence_embedder": "use",
            **overrides,
        },
    )


def settings_env(settings: Settings) -> dict[str, str]:
    """The TI_* variables that make a subprocess use these settings' index and embedders."""
    return {
        "TI_INDEX_DIR": str(settings.index_dir),
        "TI_CORPUS_DIR": str(settings.corpus_dir),
        "TI_EMBEDDER": settings.embedder,
        "TI_SENTENCE_EMBEDDER": settings.sentence_embedder,
    }


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture(scope="session")
def release_index(tmp_path_factory: pytest.TempPathFactory, use_embedder: TiEmbedding) -> Settings:
    """The real release ingested with the real embedder into an embedded Chroma (built once)."""
    from ti_assistant.ingest.pipeline import ingest

    settings = make_settings(tmp_path_factory.mktemp("release"))
    report = ingest(settings, embedder=use_embedder)
    assert report.added == 1 and not report.failed
    return settings


@pytest.fixture(scope="session")
def assistant(release_index: Settings, use_embedder: TiEmbedding):  # type: ignore[no-untyped-def]
    from ti_assistant.answer.engine import Assistant

    return Assistant(release_index, embedder=use_embedder)

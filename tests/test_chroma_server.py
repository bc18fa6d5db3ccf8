"""The store scales past one machine through a Chroma server: tested against a real `chroma run`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import free_port, make_settings, start_chroma

from ti_assistant.answer.engine import Assistant
from ti_assistant.errors import TiAssistantError
from ti_assistant.ingest.pipeline import ingest
from ti_assistant.store.embeddings import TiEmbedding
from ti_assistant.store.index import Index

pytestmark = pytest.mark.integration


def test_ingest_and_answer_through_a_chroma_server(
    chroma_server: str, tmp_path: Path, use_embedder: TiEmbedding
) -> None:
    settings = make_settings(tmp_path, chroma_url=chroma_server)
    report = ingest(settings, embedder=use_embedder)
    assert report.added == 1
    index = Index(settings)
    assert index.vectors.collection.count() == index.manifest.count_chunks()
    assert not (Path(settings.index_dir) / "chroma").exists()  # vectors live on the server

    again = ingest(settings, embedder=use_embedder)
    assert again.skipped == 1 and again.chunks == 0

    answer = Assistant(settings, embedder=use_embedder).ask(
        "Combien de territoires d'industrie compte la France ?"
    )
    assert not answer.refused and "146" in answer.answer


def test_unreachable_server_gives_a_french_message(tmp_path: Path, use_embedder: TiEmbedding) -> None:
    settings = make_settings(tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(TiAssistantError, match="ne répond pas"):
        ingest(settings, embedder=use_embedder)


def test_a_chroma_server_gone_mid_service_gives_a_french_message(
    tmp_path: Path, use_embedder: TiEmbedding
) -> None:
    from ti_assistant.errors import StoreUnavailableError

    proc, url = start_chroma(tmp_path / "server")
    try:
        settings = make_settings(tmp_path, chroma_url=url)
        ingest(settings, embedder=use_embedder)
        assistant = Assistant(settings, embedder=use_embedder)
        assert "146" in assistant.ask("Combien de territoires d'industrie compte la France ?").answer
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    with pytest.raises(StoreUnavailableError, match=r"ne répond pas .* réessayez dans un instant"):
        assistant.ask("Combien de territoires d'industrie compte la France ?")

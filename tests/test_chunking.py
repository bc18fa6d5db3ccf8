import json
import os
from pathlib import Path

from conftest import RELEASE

from ti_assistant.ingest.chunking import ChunkingParams, chunk_document
from ti_assistant.ingest.loaders import load

GOLDEN = Path(__file__).parent / "golden" / "chunks_ales.json"


def _chunks(size: int = 800):
    loaded = load(RELEASE, RELEASE.name, 10**8)
    return loaded.document, chunk_document(
        loaded.document, loaded.headings, ChunkingParams(size=size, overlap=1)
    )


def _summary(chunks) -> list[dict]:  # type: ignore[no-untyped-def]
    return [
        {
            "chunk_id": c.chunk_id,
            "start": c.start,
            "end": c.end,
            "heading_path": list(c.heading_path),
            "header": c.header,
            "sentences": len(c.sentences),
            "begins": c.text[:50],
            "ends": c.text[-40:],
        }
        for c in chunks
    ]


def test_chunks_of_the_real_release_match_the_golden_file() -> None:
    _, chunks = _chunks()
    if os.environ.get("TI_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(_summary(chunks), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert _summary(chunks) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_every_chunk_is_an_exact_slice_with_ids_in_order() -> None:
    doc, chunks = _chunks()
    assert [c.chunk_id for c in chunks] == [f"{doc.doc_id}#{n}" for n in range(len(chunks))]
    for chunk in chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text
        assert chunk.header.startswith(doc.title) and "9 décembre 2019" in chunk.header
        assert chunk.header not in chunk.text  # embedded with the chunk, never quoted


def test_sizes_respect_the_target_and_lists_stay_with_their_introduction() -> None:
    _, chunks = _chunks(size=500)
    assert all(len(c.text) <= 750 for c in chunks)
    intro = next(c for c in chunks if "repose sur trois principes :" in c.text)
    assert "- le ciblage" in intro.text


def test_long_paragraphs_are_split_on_sentences_with_overlap() -> None:
    _, chunks = _chunks(size=300)
    guyot = [c for c in chunks if "pièce maîtresse" in c.text or "rééquilibrage" in c.text]
    assert len(guyot) >= 2
    first_sentences = [c.text[a:b] for c in chunks for a, b in c.sentences]
    assert len(first_sentences) > len(set(first_sentences))  # one sentence repeated across the cut


def test_a_list_of_typographic_bullets_stays_with_its_introduction() -> None:
    """Releases written in a word processor list with "•", not Markdown's "-": such a list is kept with
    the sentence that announces it too, so that the answer can quote both."""
    from ti_assistant.models import Document

    intro = "Le dispositif est ouvert aux communes. " * 8 + "Les dossiers sont jugés sur trois critères :"
    items = "• la proximité des services ;\n• la fréquentation attendue ;\n• le soutien des élus locaux."
    text = f"{intro}\n{items}\n\nUne réunion d'information est prévue en mai."
    document = Document("d.md", "Appel", None, None, "d.md", "0", text)
    chunks = chunk_document(document, (), ChunkingParams(size=len(intro) + 20, overlap=1))
    assert any("trois critères :" in c.text and "le soutien des élus locaux" in c.text for c in chunks)


def test_a_notice_s_title_line_stays_in_the_chunk_of_its_text(tmp_path: Path) -> None:
    """A road directorate's page lists notices, each a date line, a title line and its text, without
    blank lines (the shape of the releases set's road notices, hand-written here): every chunk that
    holds a notice's text holds its title, the line just before it."""
    notices = [
        f"{day} septembre 2020\nRN{road} - Travaux de chaussée à hauteur de la commune {road} ({day})\n"
        f"Le {day} septembre 2020 de 6h00 à 19h00, la direction des routes procédera à des travaux sur "
        f"la RN{road}. Une déviation locale sera mise en place."
        for day, road in ((10, 57), (11, 4), (14, 19), (15, 59), (16, 66))
    ]
    path = tmp_path / "notices.md"
    path.write_text("Communiqués de presse 2020\n\n" + "\n".join(notices), encoding="utf-8")
    loaded = load(path, path.name, 10**6)
    chunks = chunk_document(loaded.document, loaded.headings, ChunkingParams(size=300, overlap=1))
    assert len(chunks) >= 3
    for chunk in chunks:
        sentences = [chunk.text[a:b] for a, b in chunk.sentences]
        for i, sentence in enumerate(sentences):
            if sentence.startswith("Le ") and "direction des routes" in sentence:
                assert i > 0 and sentences[i - 1].startswith("RN"), sentences

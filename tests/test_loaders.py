from pathlib import Path

import pytest
from conftest import RELEASE
from helpers import make_docx, make_pdf

from ti_assistant.errors import LoadError
from ti_assistant.ingest.loaders import decode, load
from ti_assistant.text.french import sentence_spans

MB = 1_000_000


def test_real_release_metadata_and_clean_text() -> None:
    loaded = load(RELEASE, RELEASE.name, 20 * MB)
    doc = loaded.document
    assert doc.doc_id == RELEASE.name
    assert (
        doc.title
        == "L'État et la Région Occitania s'engagent en faveur de l'industrie dans le secteur d'Alès"
    )
    assert doc.date == "2019-12-09"
    assert doc.publisher == "Préfecture de région Occitanie ; Région Occitanie"
    assert doc.region == "Occitanie"
    assert len(doc.sha256) == 64
    assert "**" not in doc.text and "](mailto:" not in doc.text and "« *" not in doc.text
    assert "Pour Étienne Guyot, « l'industrie est une pièce maîtresse" in doc.text
    assert [h[2] for h in loaded.headings][:3] == ["COMMUNIQUÉ DE PRESSE", doc.title, "ANNEXE"]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_non_utf8_text_is_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "communique.txt"
    path.write_bytes(
        "Le 3 mars 2021, la Préfecture du Gard annonce l’ouverture d’un guichet « Industrie ».".encode(
            encoding, errors="replace"
        )
    )
    doc = load(path, path.name, MB).document
    assert "Préfecture du Gard" in doc.text and doc.date == "2021-03-03"


def test_html_keeps_main_text_only(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>t</title><style>p{}</style><script>alert('x')</script></head><body>"
        "<nav>Accueil Menu</nav><main><h1>Signature à Figeac</h1><p>Le 12 janvier 2020, le préfet a signé.</p>"
        "<ul><li>Premier projet</li></ul></main><footer>Mentions légales</footer></body></html>",
        encoding="utf-8",
    )
    loaded = load(path, path.name, MB)
    assert loaded.document.title == "Signature à Figeac"
    assert "alert" not in loaded.document.text and "Menu" not in loaded.document.text
    assert "Mentions" not in loaded.document.text
    assert "- Premier projet" in loaded.document.text and loaded.document.date == "2020-01-12"


def test_pdf_and_docx(tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "c.pdf",
        ["Communique de presse", "Le 4 avril 2022, la Region Bretagne soutient 12 projets."],
    )
    assert "12 projets" in load(pdf, pdf.name, MB).document.text
    path = make_docx(
        tmp_path / "c.docx",
        "Aide aux PME",
        ["Le 5 mai 2023, la Région Normandie annonce un fonds."],
        ["Volet un"],
    )
    loaded = load(path, path.name, MB)
    assert loaded.document.title == "Aide aux PME" and loaded.document.date == "2023-05-05"
    assert "- Volet un" in loaded.document.text and loaded.document.publisher == "Région Normandie"


def test_sidecar_and_front_matter_override_guesses(tmp_path: Path) -> None:
    path = tmp_path / "2020-01-01_note.md"
    path.write_text(
        "---\ntitle: Titre officiel\npublisher: Ministère de l'Industrie\n---\n# Autre titre\n\nLe 2 février 2020, texte du communiqué.",
        encoding="utf-8",
    )
    doc = load(path, path.name, MB).document
    assert (doc.title, doc.publisher, doc.date) == (
        "Titre officiel",
        "Ministère de l'Industrie",
        "2020-01-01",
    )
    (tmp_path / "2020-01-01_note.md.meta.json").write_text(
        '{"date": "2020-02-03", "source": "https://example.org/c"}', encoding="utf-8"
    )
    doc = load(path, path.name, MB).document
    assert doc.date == "2020-02-03" and doc.source == "https://example.org/c"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("vide.md", b"", "fichier vide"),
        ("blanc.txt", b"   \n\n  ", "fichier vide"),
        ("binaire.txt", b"\x00\x01\x02PNG\x00" * 50, "binaire"),
        ("casse.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF garbage", "PDF"),
        ("faux.docx", b"PK\x03\x04 not really a zip", "DOCX"),
        ("rien.html", b"<html><script>var a = 1;</script></html>", "aucun texte"),
    ],
)
def test_bad_files_raise_french_errors(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError, match=reason):
        load(path, name, MB)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "enorme.txt"
    with path.open("wb") as f:
        f.truncate(50 * MB)
    with pytest.raises(LoadError, match="trop volumineux"):
        load(path, path.name, 20 * MB)


def test_decode_prefers_utf8_with_bom() -> None:
    assert decode("\ufeffÉtat".encode("utf-8")) == "État"


# A calendar written one line per date and event (the shape of a préfecture's commemorations page),
# a signature block and hard-wrapped prose: hand-written after the releases set's calendar release.
CALENDAR = (
    "Calendrier 2019\n\n"
    "Mardi 5 mars :\n"
    "Cérémonie au monument aux morts de la commune\n"
    "Courrier aux maires et message ministériel\n"
    "Lundi 8 avril :\n"
    "Journée du souvenir des victimes de la déportation\n"
    "Courrier aux maires\n\n"
    "12 mars 2019\n"
    "Jeanne Martin\n"
    "Préfète du département\n\n"
    "Le préfet a réuni ce matin les maires de l'arrondissement avec la banque publique\n"
    "Bpifrance pour présenter le programme, dont les premiers projets seront financés par\n"
    "Bpifrance et la Région dès le printemps.\n"
)


def _write_calendar(path: Path) -> None:
    """CALENDAR as a text file, or as a DOCX with one paragraph per block, its lines parted by soft
    breaks (Maj+Entrée)."""
    if path.suffix != ".docx":
        path.write_text(CALENDAR, encoding="utf-8")
        return
    import docx

    document = docx.Document()
    for paragraph in CALENDAR.split("\n\n"):
        lines = paragraph.strip().split("\n")
        written = document.add_paragraph(lines[0])
        for line in lines[1:]:
            written.add_run().add_break()
            written.add_run(line)
    document.save(str(path))


@pytest.mark.parametrize("suffix", [".md", ".txt", ".docx"])
def test_lines_that_stand_alone_are_sentences_wrapped_prose_is_not(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"calendrier{suffix}"
    _write_calendar(path)
    text = load(path, path.name, MB).document.text
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    # a date line ending with ":" stays with its event; the event and the mailing line part
    assert "Lundi 8 avril : Journée du souvenir des victimes de la déportation" in sentences
    assert "Courrier aux maires et message ministériel" in sentences
    # a name over its title is one signature; a date line stands alone
    assert "12 mars 2019" in sentences and "Jeanne Martin Préfète du département" in sentences
    # a line broken where the column ended, before a capital, is still one sentence
    assert any(s.startswith("Le préfet a réuni") and s.endswith("dès le printemps.") for s in sentences)


AGENDA = (
    "12 avril 2024<br>Samedi 11 mai :<br>Inauguration de la maison France services<br>Visite des locaux "
    "rénovés par la commune<br>Contact presse<br>Service de la communication"
)


# In a paragraph, and as bare text (read by the fallback for pages without paragraphs)
@pytest.mark.parametrize("body", [f"<main><p>{AGENDA}</p></main>", f"<div>{AGENDA}</div>"])
def test_html_line_breaks_part_lines_that_stand_alone(tmp_path: Path, body: str) -> None:
    path = tmp_path / "agenda.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    text = load(path, path.name, MB).document.text
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "12 avril 2024",
        "Samedi 11 mai : Inauguration de la maison France services",
        "Visite des locaux rénovés par la commune",
        "Contact presse Service de la communication",
    ]


def test_an_indented_markdown_block_keeps_its_paragraphs_and_list_items(tmp_path: Path) -> None:
    """A release copied from a web page comes indented by its layout; CommonMark reads four spaces as
    code, which the loader reads as text with its structure, not as one run-on line."""
    page = tmp_path / "page.md"
    page.write_text(
        "# Le réseau\n\n    Les ambitions\n\n    Le réseau poursuit 2 ambitions :\n\n"
        "    • rapprocher les services des habitants ;\n    • garantir un accueil de qualité.\n",
        encoding="utf-8",
    )
    text = load(page, page.name, MB).document.text
    assert text.endswith(
        "Les ambitions\n\nLe réseau poursuit 2 ambitions :\n\n"
        "- rapprocher les services des habitants ;\n- garantir un accueil de qualité."
    )
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert "rapprocher les services des habitants ;" in sentences

"""Turn a release file (Markdown, text, HTML, PDF, DOCX) into a clean `Document`.

Each format parser yields blocks (heading, paragraph or list item); `_assemble` joins them into the
document's plain text, so quotes never carry markup, and remembers where each heading stands.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from statistics import median
from typing import Any

from ti_assistant.errors import LoadError
from ti_assistant.ingest import metadata as meta
from ti_assistant.models import Document
from ti_assistant.text.dates import dates_in_text, parse_iso
from ti_assistant.text.french import MIN_SENTENCE_CHARS, STOP_WORDS, decimal, sentence_spans, words

SUPPORTED = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
SIDECAR_SUFFIX = ".meta.json"


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "para" | "item"
    text: str
    level: int = 0


@dataclass(frozen=True)
class Loaded:
    document: Document
    headings: tuple[tuple[int, int, str], ...]  # (offset in text, level, title)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED and not path.name.endswith(SIDECAR_SUFFIX)


def fingerprint(path: Path, data: bytes) -> str:
    """Hash of the file and of its metadata sidecar, so editing either re-indexes the release."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    extra = sidecar.read_bytes() if sidecar.exists() else b""
    return hashlib.sha256(data + b"\0" + extra).hexdigest()


def read_source(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refused with a French reason when too large (checked before reading)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(
                f"fichier trop volumineux ({size / 1e6:.0f} Mo, limite {decimal(max_bytes / 1e6, 'g')} Mo)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(f"lecture impossible ({exc.strerror})") from exc


def load(
    path: Path, doc_id: str, max_bytes: int, data: bytes | None = None, sha256: str | None = None
) -> Loaded:
    """Read (unless `data` is given) and parse one file. Raises `LoadError` with a French reason."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"format non pris en charge ({path.suffix or 'sans extension'})")
    if data is None:
        data = read_source(path, max_bytes)
    if not data.strip():
        raise LoadError("fichier vide")
    fields = _explicit_metadata(path)
    if kind in TEXT_PARSERS:
        raw = decode(data)
        if kind == "markdown":
            front, raw = _front_matter(raw)
            fields = {**front, **fields}
        blocks = list(TEXT_PARSERS[kind](raw))
    else:
        blocks = list(BINARY_PARSERS[kind](data))
    text, headings = _assemble(blocks)
    if len(re.sub(r"\W", "", text)) < 20:
        raise LoadError("aucun texte exploitable dans le fichier")
    if fields.get("date"):
        fields["date"] = _explicit_date(fields["date"])
    region = fields.get("region") or meta.region_from_text(text)
    first_heading = next((h[2] for h in headings if h[1] <= 1), headings[0][2] if headings else "")
    title = fields.get("title") or _meaningful_title(first_heading, text)
    document = Document(
        doc_id=doc_id,
        title=title,
        date=fields.get("date") or meta.date_from_filename(path.name) or meta.date_from_text(text),
        publisher=fields.get("publisher") or meta.publisher_from_text(text, region),
        source=fields.get("source") or str(path),
        sha256=sha256 or fingerprint(path, data),
        text=text,
        region=region,
    )
    return Loaded(document, tuple(headings))


_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes) -> str:
    """A byte-order mark decides (UTF-8, UTF-16, UTF-32); else UTF-8, then the best of cp1252 / latin-1 /
    others; binary is refused."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise LoadError(f"texte {codec.upper()} corrompu (octet {exc.start})") from exc
    if b"\x00" in data[:4096]:
        raise LoadError("fichier binaire (octets nuls) : ce n'est pas du texte")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "mac_roman"]).best()
    if best is None:
        raise LoadError("encodage des caractères non reconnu")
    return str(best)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def _clean_line(line: str) -> str:
    line = _CONTROL.sub("", unicodedata.normalize("NFC", line))
    return re.sub(r"[ \t\u00a0]+", " ", line).strip()


# A line break a paragraph keeps (`_lines_text`): `_assemble` writes it as "\n", where `sentence_spans`
# ends a sentence. A separator no parser yields and no cleaning strips.
_KEPT_BREAK = "\ue000"
_BR = "\ue001"  # an HTML <br> while BeautifulSoup flattens its block (it strips whitespace there)
# Hard-wrapped prose: lines no longer than a column (text editors wrap at 60 to 100 characters, PDF
# lines are as wide), broken where the column ends — a line at least this share of the paragraph's
# longest one stopped at the column, not at the end of what it says.
_WRAP_WIDTH = (60, 120)
_WRAP_SHARE = 0.8


def _lines_text(lines: Iterable[str]) -> str:
    """One paragraph's lines as one text. A line that stands alone — stopped short of the column,
    neither on punctuation that carries on (`,;:-(`) nor on a word that does ("de", "et", "pour"), not
    a few words without a figure (a signature's name reads with the title under it), before a line
    opening with a capital or a digit: a calendar's event then its mailing line, a road notice's date
    then its title then its text — keeps its break; wrapped prose is joined by spaces."""
    kept = [line.strip() for line in lines if line.strip()]
    if not kept:
        return ""
    longest = max(len(line) for line in kept)
    # wrapped at a column: most lines reach it (a calendar's lines are of every length)
    column = _WRAP_WIDTH[0] <= longest <= _WRAP_WIDTH[1] and (
        len(kept) < 3 or median(len(line) for line in kept[:-1]) >= _WRAP_SHARE * longest
    )
    text = kept[0]
    for previous, line in pairwise(kept):
        last = words(previous[-30:])[-1:]
        wrapped = (column and len(previous) >= _WRAP_SHARE * longest) or (last and last[0] in STOP_WORDS)
        alone = (
            not wrapped
            and (len(previous) >= MIN_SENTENCE_CHARS or any(c.isdigit() for c in previous))
            and previous[-1] not in ",;:-–("
            and (line[0].isupper() or line[0].isdigit())
        )
        text += (_KEPT_BREAK if alone else " ") + line
    return text


def _assemble(blocks: Iterable[Block]) -> tuple[str, list[tuple[int, int, str]]]:
    text = ""
    headings: list[tuple[int, int, str]] = []
    previous = ""
    for block in blocks:
        lines = block.text.replace("\n", " ").split(_KEPT_BREAK)
        if block.kind != "para":
            lines = [" ".join(lines)]
        body = "\n".join(kept for kept in map(_clean_line, lines) if kept)
        if not re.search(r"\w", body):
            continue
        if text:
            text += "\n" if block.kind == "item" and previous == "item" else "\n\n"
        if block.kind == "heading":
            headings.append((len(text), block.level, body))
        text += f"- {body}" if block.kind == "item" else body
        previous = block.kind
    return text, headings


def _meaningful_title(heading: str, text: str) -> str:
    if heading and not re.fullmatch(r"communiqu[ée] de presse", heading, re.I):
        return heading
    lines = [
        ln for ln in text.split("\n") if ln.strip() and not re.fullmatch(r"communiqu[ée] de presse", ln, re.I)
    ]
    if not lines:
        return "Sans titre"
    first = lines[0][slice(*sentence_spans(lines[0])[0])]
    return first if len(first) <= 150 else first[:150].rsplit(" ", 1)[0] + "…"


# --- metadata given by the publisher -----------------------------------------------------------------


def _explicit_date(value: str) -> str:
    """A date given in front matter or a sidecar: ISO (AAAA-MM-JJ) or written out (09/08/2024,
    9 août 2024); anything else fails this file with the reason, never the whole ingestion."""
    found = parse_iso(value) or next(
        (iso for a, b, iso in dates_in_text(value) if b - a >= len(value.strip()) - 1), None
    )
    if found is None:
        raise LoadError(f"date invalide dans les métadonnées : « {value[:40]} » (attendu : AAAA-MM-JJ)")
    return found


def _explicit_metadata(path: Path) -> dict[str, str]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LoadError(f"métadonnées illisibles dans {sidecar.name} : {exc}") from exc
    return {
        k: str(v) for k, v in data.items() if k in ("title", "date", "publisher", "region", "source") and v
    }


def _front_matter(raw: str) -> tuple[dict[str, str], str]:
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n", raw, re.S)
    if not match:
        return {}, raw
    fields = {}
    for line in match[1].splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("title", "date", "publisher", "region", "source"):
            fields[key.strip()] = value.strip().strip("\"'")
    return fields, raw[match.end() :]


# --- format parsers ----------------------------------------------------------------------------------


def _markdown(raw: str) -> Iterable[Block]:
    """Blocks from markdown-it-py's token stream (CommonMark): headings, list items and paragraphs,
    their inline markup reduced to the text a reader sees (links keep their text, images and inline
    HTML go). An indented or fenced block is read as plain text, its paragraphs and list items kept:
    a release copied from a web page is indented by its layout, and holds no code."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(raw)
    in_item = 0
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type in ("fence", "code_block"):
            yield from _plain(token.content)
        elif token.type == "inline":
            text = _md_text(token.children or [])
            opener = tokens[i - 1]
            if not text:
                continue
            if opener.type == "heading_open":
                yield Block("heading", text, int(opener.tag[1:]))
            else:
                yield Block("item" if in_item else "para", text)


def _md_text(children: list[Any]) -> str:
    lines: list[list[str]] = [[]]
    for child in children:  # an image's alt text lies in its own children: not part of the text
        if child.type in ("text", "code_inline"):
            lines[-1].append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            lines.append([])
    return _lines_text(" ".join("".join(parts).split()) for parts in lines)


def _plain(raw: str) -> Iterable[Block]:
    for para in re.split(r"\n\s*\n", raw):
        lines = [ln.strip() for ln in para.splitlines() if ln.strip()]
        if lines and all(re.match(r"[-*•]\s", ln) for ln in lines):
            yield from (Block("item", ln[2:]) for ln in lines)
        elif lines:
            yield Block("para", _lines_text(lines))


def _html(raw: str) -> Iterable[Block]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(
        [
            "script",
            "style",
            "noscript",
            "iframe",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "template",
            "svg",
            "button",
        ]
    ):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    for br in root.find_all("br"):
        br.replace_with(_BR)
    for element in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "blockquote", "pre"]):
        if element.find_parent(["p", "li", "td", "blockquote"]) is not None:
            continue  # its text is part of the enclosing block
        text = _lines_text(element.get_text(" ", strip=True).split(_BR))
        if element.name.startswith("h"):
            yield Block("heading", text, int(element.name[1]))
        else:
            yield Block("item" if element.name == "li" else "para", text)
    if not root.find(["p", "li", "h1", "h2", "h3", "td"]):
        yield from _plain(root.get_text("\n").replace(f"\n{_BR}\n", "\n").replace(_BR, "\n"))


def _pdf(data: bytes) -> Iterable[Block]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs what it repairs ("EOF marker not found") and Python prints it, in English, in the middle
    # of the progress bar; a file it cannot read is reported by the ingestion, in French, with its name.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LoadError(f"PDF corrompu ou illisible ({type(exc).__name__})") from exc
    if not any(p.strip() for p in pages):
        raise LoadError("le PDF ne contient aucun texte (document scanné ?)")
    for page in pages:
        yield from _plain(re.sub(r"-\n(?=[a-zà-ÿ])", "", page))


def _docx(data: bytes) -> Iterable[Block]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError("fichier DOCX corrompu ou illisible") from exc
    for para in document.paragraphs:
        style = (para.style.name if para.style is not None else "") or ""
        level = re.search(r"(?:Heading|Titre)\s*(\d)", style)
        if style == "Title":
            yield Block("heading", para.text, 1)
        elif level:
            yield Block("heading", para.text, int(level[1]))
        elif "List" in style or "Liste" in style:
            yield Block("item", para.text)
        else:
            # a soft line break (Maj+Entrée, `<w:br/>`) reads as "\n": the same lines as a text file's
            yield Block("para", _lines_text(para.text.split("\n")))
    for table in document.tables:
        for row in table.rows:
            yield Block("para", " | ".join(cell.text.strip() for cell in row.cells))


TEXT_PARSERS: dict[str, Callable[[str], Iterable[Block]]] = {
    "markdown": _markdown,
    "text": _plain,
    "html": _html,
}
BINARY_PARSERS: dict[str, Callable[[bytes], Iterable[Block]]] = {"pdf": _pdf, "docx": _docx}

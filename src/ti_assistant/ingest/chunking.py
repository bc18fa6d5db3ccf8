"""Structure-aware French chunking.

Cut on headings first (a chunk never spans two sections), then pack paragraphs and list items up to
the target size, and split a unit longer than that on sentence boundaries, repeating `overlap`
sentences so that no statement loses its context. Every chunk is an exact slice of the document's
text, so a quote found in a chunk is a quote of the release.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ti_assistant.config import Settings
from ti_assistant.models import Chunk, Document
from ti_assistant.text.dates import french_date
from ti_assistant.text.french import LIST_MARKERS, in_list_item, sentence_spans

LIST_STRETCH = 1.5  # a chunk may grow to this multiple of the target size to keep a list whole


@dataclass(frozen=True)
class ChunkingParams:
    """Target size in characters and sentences of overlap (defaults: `Settings.chunk_size/overlap`)."""

    size: int
    overlap: int

    @classmethod
    def from_settings(cls, settings: Settings) -> ChunkingParams:
        return cls(size=settings.chunk_size, overlap=settings.chunk_overlap)

    def describe(self) -> str:
        # v5: lines that stand alone are sentences, a paragraph (not a line) is the unit packed
        return f"structure-fr-v5/size={self.size}/overlap={self.overlap}"


def header_for(document: Document, heading_path: tuple[str, ...] = ()) -> str:
    parts = [document.title, french_date(document.date), document.publisher or ""]
    sections = [h for h in heading_path if h != document.title]
    if sections:
        parts.append(" > ".join(sections))
    return " — ".join(p for p in parts if p)


def chunk_document(
    document: Document, headings: tuple[tuple[int, int, str], ...], params: ChunkingParams
) -> list[Chunk]:
    pieces = list(_pieces(document.text, headings, params))
    chunks = []
    for n, (start, end, path) in enumerate(pieces):
        text = document.text[start:end]
        chunks.append(
            Chunk(
                chunk_id=f"{document.doc_id}#{n}",
                doc_id=document.doc_id,
                n=n,
                text=text,
                start=start,
                end=end,
                heading_path=path,
                header=header_for(document, path),
                sentences=tuple(sentence_spans(text)),
            )
        )
    return chunks


# A paragraph (its lines that stand alone included: a title stays with the text under it) or a list item.
_UNIT = re.compile(rf"[^\n](?:[^\n]|\n(?![ \t]*\n|[{re.escape(LIST_MARKERS)}]\s))*")


def _units(
    text: str, headings: tuple[tuple[int, int, str], ...]
) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """Paragraphs and list items as (start, end, heading path); heading lines themselves are skipped."""
    heading_at = {offset: (level, title) for offset, level, title in headings}
    path: list[tuple[int, str]] = []
    for match in _UNIT.finditer(text):
        if match.start() in heading_at:
            level, title = heading_at[match.start()]
            path = [(lvl, t) for lvl, t in path if lvl < level] + [(level, title)]
            continue
        yield match.start(), match.end(), tuple(t for _, t in path)


def _pieces(
    text: str, headings: tuple[tuple[int, int, str], ...], params: ChunkingParams
) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    current: tuple[int, int, tuple[str, ...]] | None = None
    for start, end, path in _units(text, headings):
        # A list stays with the sentence that introduces it ("... repose sur trois principes :").
        in_list = (
            current is not None
            and in_list_item(text, start)
            and (text[current[1] - 1] == ":" or in_list_item(text, current[1]))
        )
        limit = params.size * (LIST_STRETCH if in_list else 1)
        if current and current[2] == path and end - current[0] <= limit:
            current = (current[0], end, path)
            continue
        if current:
            yield current
            current = None
        if end - start <= params.size:
            current = (start, end, path)
        else:
            yield from ((a, b, path) for a, b in _split_long(text, start, end, params))
    if current:
        yield current


def _split_long(text: str, start: int, end: int, params: ChunkingParams) -> Iterator[tuple[int, int]]:
    """Pack the sentences of one long paragraph, repeating `overlap` sentences between windows."""
    spans = [(start + a, start + b) for a, b in sentence_spans(text[start:end])]
    first = 0
    while first < len(spans):
        last = first
        while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= params.size:
            last += 1
        yield spans[first][0], spans[last][1]
        if last + 1 >= len(spans):
            return
        first = max(last + 1 - params.overlap, first + 1)

"""A readable page for one indexed release, the target of every source link.

The page is rebuilt from the passages the index holds, never from the file on disk: it shows what
the answers quote (an HTML or PDF release included), nothing a draft or a hidden file holds, and no
server path. Every piece of release text is escaped, and the route sends a Content-Security-Policy
that allows no script, so a release carrying `<script>` or an iframe is shown as text.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from ti_assistant.models import is_web_address
from ti_assistant.store.index import ChunkSpan, DocRecord
from ti_assistant.text.dates import french_date

ROUTE = "/communique"
# No script, no frame, no form, no remote anything: the page is text and its own inline style.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
STYLE = """
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.55;
color:#161616;background:#fff}
a{color:#000091}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.6rem}h3{font-size:1.05rem}
.meta{color:#3a3a3a}.text{white-space:pre-wrap;margin:0 0 1em}mark{background:#fff3b0;color:#161616;padding:0 2px}
@media (prefers-color-scheme: dark){body{color:#eee;background:#161616}a{color:#a5b4fc}.meta{color:#cecece}}
"""


def link(doc_id: str, passage: int | None = None, quote: str | None = None) -> str:
    """The reader page of a release, scrolled to a passage with its quote highlighted."""
    query: dict[str, str | int] = {"id": doc_id}
    if passage is not None:
        query["passage"] = passage
        if quote:
            query["citation"] = quote
    return f"{ROUTE}?{urlencode(query)}" + ("#extrait" if passage is not None else "")


def page(record: DocRecord, chunks: list[ChunkSpan], passage: int | None, quote: str | None) -> str:
    """The whole release as a French HTML page: headings as the index recorded them, paragraphs, and the
    cited passage (or, when the quote is found in it, only the quote) marked and anchored `#extrait`."""
    when = french_date(record.date) or "date inconnue"
    official = (
        f'<p class="meta">Page officielle : <a href="{html.escape(record.source)}" rel="noopener noreferrer">'
        f"{html.escape(record.source)}</a></p>"
        if is_web_address(record.source)
        else ""
    )
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(record.title)}</title><style>{STYLE}</style></head><body><main>"
        f"<h1>{html.escape(record.title)}</h1>"
        f'<p class="meta">{html.escape(when)} — {html.escape(record.publisher or "émetteur inconnu")}</p>'
        f"{official}{_body(chunks, passage, quote)}"
        '<p><a href="/">← Retour à l\'assistant</a></p></main></body></html>'
    )


def _body(chunks: list[ChunkSpan], passage: int | None, quote: str | None) -> str:
    out: list[str] = []
    shown_headings: tuple[str, ...] = ()
    covered = 0  # end of the document text already shown: chunks overlap
    for chunk in chunks:
        if chunk.end <= covered:
            continue
        skip = max(0, covered - chunk.start)
        path = chunk.heading_path[1:]  # the first heading is the title, already the page's <h1>
        common = next((i for i, (a, b) in enumerate(zip(path, shown_headings, strict=False)) if a != b), None)
        keep = min(len(path), len(shown_headings)) if common is None else common
        for level, heading in enumerate(path[keep:], start=keep):
            tag = "h2" if level == 0 else "h3"
            out.append(f"<{tag}>{html.escape(heading)}</{tag}>")
        shown_headings = path
        out.append(_paragraphs(chunk.text, skip, quote if chunk.n == passage else None, chunk.n == passage))
        covered = chunk.end
    return "".join(out)


def _paragraphs(text: str, skip: int, quote: str | None, cited: bool) -> str:
    """`text[skip:]` escaped, its line breaks kept; in the cited passage the quote (else all of it) marked."""
    start, end = (0, len(text))
    if quote and quote in text:
        start = text.find(quote)
        end = start + len(quote)
    start, end = max(start, skip), max(end, skip)
    if not cited or start >= end:
        return f'<div class="text">{html.escape(text[skip:].strip())}</div>'
    return (
        f'<div class="text">{html.escape(text[skip:start].lstrip())}<mark id="extrait">'
        f"{html.escape(text[start:end])}</mark>{html.escape(text[end:].rstrip())}</div>"
    )

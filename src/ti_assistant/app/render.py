"""HTML and Markdown for the chat: every piece of release or user text is escaped before display, so a
release carrying `<script>` or a Markdown link to another site shows as plain text."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

from ti_assistant.models import Answer, Citation, Passage
from ti_assistant.text.dates import french_date

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def chat_markdown(answer: Answer) -> str:
    """The answer for the chat bubble: escaped text, each [n] a link to its source card, preceded by the
    question as it was understood when that differs from what was typed (a follow-up completed from the
    conversation, "le maire d'Alès" read as the person the releases name)."""
    parts = re.split(r"(\[\d+\])", answer.answer)
    out = []
    understood = answer.standalone_question
    if understood and understood.strip() != answer.question.strip():
        out.append(f"*Question comprise : « {escape_markdown(understood)} »*\n\n")
    if answer.status == "uncertain":  # visibly apart from a sure answer, in words and not by colour alone
        out.append("**⚠ Réponse incertaine — à vérifier**\n\n")
    for part in parts:
        marker = re.fullmatch(r"\[(\d+)\]", part)
        out.append(
            f'<a href="#source-{marker[1]}" class="ti-cite">[{marker[1]}]</a>'
            if marker
            else escape_markdown(part)
        )
    return "".join(out).replace("\n", "  \n")


def is_linkable(path: Path) -> bool:
    """A corpus file the chat may link to: never HTML, whose scripts would run on the app's origin."""
    return path.suffix.lower() not in (".html", ".htm", ".xhtml", ".svg")


def source_link(source: str, corpus_dir: Path) -> str | None:
    """A URL for the release: its own http(s) URL, or the corpus file served by the app; else None."""
    if re.match(r"https?://", source):
        return source
    path = Path(source).resolve()
    if path.is_file() and path.is_relative_to(corpus_dir.resolve()) and is_linkable(path):
        return "/gradio_api/file=" + quote(str(path))
    return None


def _highlight(passage_text: str, quote_text: str) -> str:
    start = passage_text.find(quote_text)
    if start < 0:
        return html.escape(passage_text)
    end = start + len(quote_text)
    return (
        html.escape(passage_text[:start])
        + f"<mark>{html.escape(quote_text)}</mark>"
        + html.escape(passage_text[end:])
    )


def _meta(title: str, date: str | None, publisher: str | None, link: str | None) -> str:
    when = french_date(date) or "date inconnue"
    title_html = html.escape(title)
    if link:
        title_html = (
            f'<a href="{html.escape(link)}" target="_blank" rel="noopener noreferrer">{title_html}</a>'
        )
    return f'<div class="ti-meta"><strong>{title_html}</strong><br>{html.escape(when)} — {html.escape(publisher or "émetteur inconnu")}</div>'


def source_cards(answer: Answer | None, corpus_dir: Path) -> str:
    if answer is None:
        return '<div class="ti-empty">Les sources de la réponse s\'afficheront ici.</div>'
    if answer.refused:
        return '<div class="ti-empty">Aucune source : les communiqués ne contiennent pas la réponse.</div>'
    passages = {p.chunk_id: p for p in answer.passages}
    cards = []
    for citation in answer.citations:
        passage = passages.get(citation.chunk_id)
        body = (
            _highlight(passage.text, citation.quote)
            if passage
            else f"<mark>{html.escape(citation.quote)}</mark>"
        )
        cards.append(_card(citation, body, corpus_dir))
    return "".join(cards)


def _card(citation: Citation, body: str, corpus_dir: Path) -> str:
    link = source_link(citation.source, corpus_dir)
    return (
        f'<div class="ti-card" id="source-{citation.n}"><div class="ti-n">[{citation.n}]</div>'
        f"{_meta(citation.title, citation.date, citation.publisher, link)}"
        f'<div class="ti-passage">{body}</div>'
        '<a class="ti-back" href="#ti-chat">↑ Retour à la réponse</a></div>'
    )


def passages_table(passages: list[Passage]) -> str:
    """Staff view: every retrieved passage with its fused score and similarities."""
    if not passages:
        return '<div class="ti-empty">Aucun passage retrouvé.</div>'
    rows = "".join(
        f"<tr><td>{i}</td><td>{p.score:.3f}</td><td>{p.dense:.2f}</td><td>{p.lexical:.2f}</td>"
        f"<td><strong>{html.escape(p.title)}</strong> ({html.escape(french_date(p.date) or '—')})<br>"
        f"<code>{html.escape(p.chunk_id)}</code><br>{html.escape(p.text)}</td></tr>"
        for i, p in enumerate(passages, 1)
    )
    return (
        '<table class="ti-table"><thead><tr><th>#</th><th>score</th><th>cosinus</th><th>BM25</th>'
        f"<th>passage</th></tr></thead><tbody>{rows}</tbody></table>"
    )

"""HTML and Markdown for the chat: every piece of release or user text is escaped before display, so a
release carrying `<script>` or a Markdown link to another site shows as plain text."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from ti_assistant.answer.verify import CONFIRMED, CONTRADICTED, NOT_FOUND, OUTDATED, Verdict
from ti_assistant.app import reader
from ti_assistant.models import Answer, Citation, Passage, is_web_address
from ti_assistant.text.dates import french_date
from ti_assistant.text.french import decimal

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


def _meta(citation: Citation) -> str:
    """Title, date and publisher; the title opens the official page when the release has one, and a
    second link opens the readable page of the release at the quoted passage."""
    when = french_date(citation.date) or "date inconnue"
    title = html.escape(citation.title)
    readable = html.escape(reader.link(citation.doc_id, _passage_number(citation.chunk_id), citation.quote))
    links = f'<a class="ti-read" href="{readable}" target="_blank" rel="noopener noreferrer">Lire le communiqué à ce passage</a>'
    if is_web_address(citation.source):
        official = html.escape(citation.source)
        title = (
            f'<a class="ti-official" href="{official}" target="_blank" rel="noopener noreferrer">{title}</a>'
        )
        links += " · page officielle : " + html.escape(urlsplit(citation.source).netloc)
    return (
        f'<div class="ti-meta"><strong class="ti-title">{title}</strong><br><span class="ti-when">'
        f"{html.escape(when)} — {html.escape(citation.publisher or 'émetteur inconnu')}</span><br>"
        f'<span class="ti-links">{links}</span></div>'
    )


def _passage_number(chunk_id: str) -> int | None:
    n = chunk_id.rpartition("#")[2]
    return int(n) if n.isdigit() else None


def source_cards(answer: Answer | None) -> str:
    if answer is None:
        return '<div class="ti-empty">Les sources de la réponse s\'afficheront ici.</div>'
    if answer.refused:
        return '<div class="ti-empty">Aucune source citée : la réponse dit pourquoi.</div>'
    passages = {p.chunk_id: p for p in answer.passages}
    cards = []
    for citation in answer.citations:
        passage = passages.get(citation.chunk_id)
        body = (
            _highlight(passage.text, citation.quote)
            if passage
            else f"<mark>{html.escape(citation.quote)}</mark>"
        )
        cards.append(
            f'<div class="ti-card" id="source-{citation.n}"><div class="ti-n">[{citation.n}]</div>'
            f'{_meta(citation)}<div class="ti-passage">{body}</div>'
            '<a class="ti-back" href="#ti-chat">↑ Retour à la réponse</a></div>'
        )
    return "".join(cards)


BY_DATE = "date (récent d'abord)"
BY_SCORE = "pertinence"


def passages_table(passages: list[Passage], order: str = BY_SCORE) -> str:
    """Staff view: every retrieved passage with its date, fused score and similarities, in order of
    relevance (its rank is kept in the first column) or of date, the most recent first."""
    if not passages:
        return '<div class="ti-empty">Aucun passage retrouvé.</div>'
    ranked = list(enumerate(passages, 1))
    if order == BY_DATE:
        ranked.sort(key=lambda item: item[1].date or "", reverse=True)
    # Three columns, the measures under the date: with one column per measure, the passage column of
    # the narrow Sources panel was a few words wide and five passages made a page 2,900 px long.
    rows = "".join(
        f"<tr><td>{i}</td><td>{html.escape(french_date(p.date) or '—')}<br><small>score "
        f"{decimal(p.score, '.3f')}<br>cosinus {decimal(p.dense, '.2f')}<br>BM25 {decimal(p.lexical, '.2f')}"
        f"</small></td><td><strong>{html.escape(p.title)}</strong><br>"
        f"<code>{html.escape(p.chunk_id)}</code><br>{html.escape(p.text)}</td></tr>"
        for i, p in ranked
    )
    return (
        '<table class="ti-table"><thead><tr><th>rang</th><th>date</th><th>passage</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


# A verdict's card class: its colour only repeats the verdict, said in words (WCAG 1.4.1).
VERDICT_CLASSES = {CONFIRMED: "ok", CONTRADICTED: "no", OUTDATED: "old", NOT_FOUND: "none"}


def verdict_cards(verdicts: list[Verdict]) -> str:
    """Staff view of checked statements: per sentence its verdict in words, the sentence with each fact
    marked and followed by its own verdict (and the value the releases give), the answer's lead, then
    the quotes with links to the release pages."""
    if not verdicts:
        return '<div class="ti-empty">Collez une affirmation ou un paragraphe, puis « Vérifier ».</div>'
    return "".join(_verdict_card(i, v) for i, v in enumerate(verdicts, 1))


def _verdict_card(i: int, verdict: Verdict) -> str:
    lead = verdict.answer.split("\n", 1)[0]
    quotes = "".join(
        f'<blockquote class="ti-quote"><span class="ti-n">[{c.n}]</span> « {html.escape(c.quote)} »'
        f"{_meta(c)}</blockquote>"
        for c in verdict.citations
    )
    return (
        f'<section class="ti-verdict ti-v-{VERDICT_CLASSES[verdict.verdict]}" aria-labelledby="ti-v-{i}">'
        f'<h3 id="ti-v-{i}" class="ti-v-label">{i}. {verdict.verdict.capitalize()}</h3>'
        f'<p class="ti-v-claim">{_marked_facts(verdict)}</p><p>{html.escape(lead)}</p>{quotes}</section>'
    )


def _marked_facts(verdict: Verdict) -> str:
    """The statement, escaped, each fact in a <mark> followed by its verdict in words."""
    out, at = [], 0
    text = verdict.claim
    for fact in verdict.facts:
        start = text.find(fact["text"], at)
        if start < 0:
            continue
        found = f" : les communiqués disent {fact['found']}" if fact["found"] else ""
        out.append(html.escape(text[at:start]))
        out.append(
            f'<mark class="ti-f-{fact["verdict"]}">{html.escape(fact["text"])}</mark>'
            f'<span class="ti-f-word"> ({html.escape(fact["verdict"] + found)})</span>'
        )
        at = start + len(fact["text"])
    return "".join(out) + html.escape(text[at:])

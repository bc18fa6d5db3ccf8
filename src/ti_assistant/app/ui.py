"""The Gradio chat: citizens get a plain answer with its sources, staff can check every passage.

Callbacks only adapt the engine (`Assistant`) to Gradio; HTML lives in `render`, feedback in `feedback`.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr

from ti_assistant.answer.conversation import Turn
from ti_assistant.answer.engine import Assistant
from ti_assistant.answer.verify import Checker, Verdict
from ti_assistant.app.feedback import REASONS, FeedbackLog
from ti_assistant.app.render import (
    BY_DATE,
    BY_SCORE,
    chat_markdown,
    escape_markdown,
    passages_table,
    source_cards,
    verdict_cards,
)
from ti_assistant.config import Settings
from ti_assistant.errors import InputError, TiAssistantError
from ti_assistant.models import Answer
from ti_assistant.store.retrieval import Filters
from ti_assistant.text.dates import parse_iso
from ti_assistant.text.french import sentence_spans

SEARCHING = "*Recherche dans les communiqués…*"
MAX_STATEMENTS = 10  # sentences checked at once in the "Vérifier une affirmation" tab
CSS = """
.ti-card{border:1px solid #d0d7de;border-radius:8px;padding:10px;margin-bottom:10px}
.ti-n{font-weight:bold;color:#000091}.ti-meta{margin-bottom:6px}.ti-passage{font-size:.92em;white-space:pre-wrap}
.ti-passage mark{background:#fff3b0;color:#161616;padding:0 2px}.ti-empty{color:#595959;font-style:italic}
.ti-table td,.ti-table th{vertical-align:top;padding:4px;border-bottom:1px solid #eee;font-size:.85em}
.dark .ti-n{color:#a5b4fc}.dark .ti-empty{color:#c7c7c7}.dark .ti-card{border-color:#4b5563}
.dark .ti-passage mark{background:#fde68a;color:#161616}
.ti-back{display:inline-block;margin-top:6px;font-size:.9em}
#ti-send{background:#000091 !important;border-color:#000091 !important;color:#fff !important}
#ti-send:hover{background:#1212ff !important}
.ti-table{width:100%;table-layout:fixed}.ti-table code{word-break:break-all}
.ti-table th:first-child{width:2.6em}.ti-table th:nth-child(2){width:7.5em}
/* One font the page always has (the theme's web font is never fetched: no request leaves the site),
   so bold headings and text do not mix it with a fallback. */
body,.gradio-container,.gradio-container *:not(code):not(pre){font-family:system-ui,-apple-system,"Segoe UI",
  Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif !important}
/* Focus clearly visible on every control (WCAG 2.4.7): a 3 px ring, yellow on the navy button. */
.gradio-container :focus-visible,#ti-question textarea:focus{outline:3px solid #1212ff !important;
  outline-offset:2px !important}
#ti-send:focus-visible{outline-color:#ffbf47 !important}
.dark .gradio-container :focus-visible,.dark #ti-question textarea:focus{outline-color:#a5b4fc !important}
#ti-chat .placeholder{padding:2.4em 16px 0 16px}  /* clear of the "Conversation" label and the border */
.ti-verdict{border:1px solid #d0d7de;border-left:6px solid #6b7280;border-radius:8px;padding:8px 12px;
  margin-bottom:12px}
.ti-v-ok{border-left-color:#18753c}.ti-v-no{border-left-color:#ce0500}.ti-v-old{border-left-color:#b34000}
.ti-v-label{margin:0 0 4px 0;font-size:1.05em}
.ti-v-claim mark{padding:0 2px;color:#161616}.ti-f-confirmé{background:#b8fec9}.ti-f-contredit{background:#ffd6d6}
.ti-f-dépassé{background:#ffe2b3}.ti-f-introuvable{background:#e5e5e5}.ti-f-word{font-size:.9em}
.ti-quote{margin:6px 0;padding-left:8px;border-left:3px solid #d0d7de;font-size:.92em}
/* The links of a verdict in the page's navy: the theme's link blue (#3770ed) is 4.46:1 on white, under
   WCAG's 4.5 (axe, phone width). */
.ti-verdict a{color:#000091}.dark .ti-verdict a{color:#a5b4fc}
/* The selected tab in the page's navy, not the theme's orange (contrast 2.8:1 on white). */
.gradio-container button[role="tab"][aria-selected="true"]{color:#000091 !important}
.gradio-container button[role="tab"][aria-selected="true"]::after{background:#000091 !important}
.dark .gradio-container button[role="tab"][aria-selected="true"]{color:#a5b4fc !important}
.dark .gradio-container button[role="tab"][aria-selected="true"]::after{background:#a5b4fc !important}
#ti-verify{background:#000091 !important;border-color:#000091 !important;color:#fff !important}
#ti-verify:focus-visible{outline-color:#ffbf47 !important}
@media (max-width: 640px){
  /* both tabs fit a phone's width (Gradio would hide the second behind a "⋯" menu) */
  .tab-container button{padding:6px 8px !important;font-size:.92em !important}
  #ti-chat{height:auto !important;min-height:140px;max-height:50vh}
  #ti-chat .placeholder{font-size:.95em}
}
"""
# French labels for Gradio's own controls, and "copy" as plain text with the sources (page.js).
PAGE_JS = (Path(__file__).parent / "page.js").read_text(encoding="utf-8")
WELCOME = (
    "Bonjour ! Posez votre question sur les communiqués : je réponds en citant le passage exact, "
    "avec sa date et son émetteur, ou je dis que je ne sais pas."
)


def _filters(publisher: str | None, since: str | None, until: str | None) -> Filters | None:
    """The chat's filters; a date that is not a real AAAA-MM-JJ date is an `InputError` (French)."""
    dates = []
    for label, value in (("Depuis le", since), ("Jusqu'au", until)):
        value = (value or "").strip()
        if value and parse_iso(value) is None:
            raise InputError(
                f"« {label} » : « {value[:20]} » n'est pas une date au format AAAA-MM-JJ (par exemple 2019-12-09)."
            )
        dates.append(value or None)
    filters = Filters(publisher=publisher or None, date_from=dates[0], date_to=dates[1])
    return filters if filters.active else None


class Handlers:
    """The Gradio callbacks: each adapts the engine (or the feedback log) to the components."""

    def __init__(self, settings: Settings, assistant: Assistant):
        self.assistant = assistant
        self.title = settings.app_title
        self.budget = settings.request_budget
        self.feedback = FeedbackLog(settings.data_dir)
        self.checker = Checker(assistant)
        self.max_chars = settings.max_question_chars

    def verify(self, paragraph: str) -> str:
        """Each sentence of the pasted text checked against the releases (at most `MAX_STATEMENTS`)."""
        text = (paragraph or "").strip()
        if not text:
            return verdict_cards([])
        sentences = [text[a:b] for a, b in sentence_spans(text)]
        if len(sentences) > MAX_STATEMENTS or len(text) > MAX_STATEMENTS * self.max_chars:
            return _notice(
                f"Le texte compte {len(sentences)} phrases : vérifiez-en {MAX_STATEMENTS} au plus à la fois."
            )
        verdicts: list[Verdict] = []
        try:
            for sentence in sentences:
                verdicts.append(self.checker.check(sentence, budget=self.budget))
        except TiAssistantError as exc:
            return verdict_cards(verdicts) + _notice(str(exc))
        return verdict_cards(verdicts)

    def respond(
        self,
        question: str,
        chat: list[dict[str, str]],
        turns: list[Turn],
        answers: dict[int, Answer],
        publisher: str | None,
        since: str,
        until: str,
        order: str = BY_SCORE,
    ) -> Iterator[tuple[Any, ...]]:
        """Outputs: question box, chat, turns, status, sources, staff table, answers by chat message."""
        question = (question or "").strip()
        if not question:
            yield gr.skip(), chat, turns, gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        try:
            filters = _filters(publisher, since, until)
        except InputError as exc:  # the question stays typed; the message says what to fix
            yield gr.skip(), chat, turns, f"⚠ {escape_markdown(str(exc))}", gr.skip(), gr.skip(), gr.skip()
            return
        chat = [*chat, {"role": "user", "content": escape_markdown(question)}]
        yield "", chat, turns, SEARCHING, gr.skip(), gr.skip(), gr.skip()
        try:
            answer = self.assistant.ask(question, turns, filters=filters, budget=self.budget)
        except TiAssistantError as exc:
            chat = [*chat, {"role": "assistant", "content": escape_markdown(str(exc))}]
            yield "", chat, turns, "", gr.skip(), gr.skip(), gr.skip()
            return
        chat = [*chat, {"role": "assistant", "content": chat_markdown(answer)}]
        yield (
            "",
            chat,
            [*turns, self.assistant.turn(answer)],
            "",
            source_cards(answer),
            passages_table(answer.passages, order),
            {**(answers or {}), len(chat) - 1: answer},
        )

    @staticmethod
    def sort_passages(order: str, answers: dict[int, Answer]) -> str:
        """The staff table of the last answer, in the order chosen."""
        last = _last(answers)
        return passages_table(last.passages if last else [], order)

    def reset(self) -> tuple[Any, ...]:
        return [], [], "", source_cards(None), passages_table([]), {}, {}, ""

    def send_feedback(self, answers: dict[int, Answer], reasons: list[str], helpful: bool) -> tuple[str, Any]:
        """Useful / not useful on the latest answer with reasons; the reasons are unticked once sent."""
        last = _last(answers)
        if last is None:
            return "Posez d'abord une question.", gr.skip()
        codes = [code for code, label in REASONS.items() if label in (reasons or [])]
        self.feedback.record(last, helpful, codes)
        return "Merci pour votre avis.", []

    def vote(
        self, answers: dict[int, Answer], votes: dict[int, bool], data: gr.LikeData
    ) -> tuple[dict[int, bool], str]:
        """The thumbs under each answer: one vote per answer, which can be changed (logged as a change)."""
        index = data.index if isinstance(data.index, int) else int(data.index[0])
        answer = (answers or {}).get(index)
        if answer is None or data.liked not in (True, False):
            return votes, ""
        before = (votes or {}).get(index)
        if before is data.liked:
            return votes, "Votre avis est déjà enregistré."
        self.feedback.record(answer, bool(data.liked), [], changed_from=before)
        return {
            **(votes or {}),
            index: bool(data.liked),
        }, "Avis modifié, merci." if before is not None else "Merci pour votre avis."

    def header(self) -> str:
        profile = self.assistant.profile()
        return (
            f"# {escape_markdown(self.title)}\nJe réponds à partir de "
            f"{escape_markdown(profile.description)}, en citant à chaque fois le passage exact."
        )

    def page_state(self) -> tuple[str, Any, Any]:
        """Header, example questions and publisher choices as the index stands now (each page load)."""
        profile = self.assistant.profile()
        return (
            self.header(),
            gr.Dataset(samples=[[e] for e in profile.examples]),
            gr.Dropdown(choices=list(profile.publishers)),
        )

    def api_ask(self, question: str, history: list[str] | None = None) -> dict[str, Any]:
        """`history`: the conversation's previous questions, oldest first (follow-ups are rewritten)."""
        try:
            turns = self.assistant.conversation(history or [])
            return self.assistant.ask(question, turns, budget=self.budget).to_json(with_passages=False)
        except TiAssistantError as exc:
            raise gr.Error(str(exc)) from exc

    def api_feedback(self, answer: dict[str, Any], helpful: bool, reasons: list[str]) -> dict[str, Any]:
        try:
            return self.feedback.record(Answer.from_json(answer), helpful, reasons)
        except (KeyError, TypeError) as exc:
            raise gr.Error("Avis refusé : la réponse transmise n'a pas la forme attendue.") from exc
        except TiAssistantError as exc:
            raise gr.Error(str(exc)) from exc


def _notice(message: str) -> str:
    return f'<div class="ti-empty" role="alert">{html.escape(message)}</div>'


def _last(answers: dict[int, Answer] | None) -> Answer | None:
    """The latest answer of the conversation (answers are keyed by their chat message index)."""
    return answers[max(answers)] if answers else None


def build_app(settings: Settings, assistant: Assistant | None = None) -> gr.Blocks:
    try:
        assistant = assistant or Assistant(settings)
    except TiAssistantError as exc:
        return error_app(settings.app_title, str(exc))
    handlers = Handlers(settings, assistant)
    profile = assistant.profile()
    with gr.Blocks(title=settings.app_title) as app:
        header = gr.Markdown(handlers.header(), elem_id="ti-header")
        # Where a copied answer points for a release without an official page (TI_PUBLIC_URL).
        gr.HTML(f'<div id="ti-public" data-url="{html.escape(settings.public_url)}" hidden></div>')
        with gr.Tabs():
            with gr.Tab("Poser une question", elem_id="ti-tab-ask"):
                examples, publisher = _chat_page(handlers, list(profile.examples), list(profile.publishers))
            with gr.Tab("Vérifier une affirmation", elem_id="ti-tab-verify"):
                _verify_page(handlers)
        # What the index holds is read again at each visit: a release indexed while the chat runs shows
        # in the header, the examples and the publisher filter without a restart.
        app.load(handlers.page_state, None, [header, examples, publisher], api_visibility="private")
        gr.api(handlers.api_ask, api_name="ask")
        gr.api(handlers.api_feedback, api_name="feedback")
    return app.queue(default_concurrency_limit=settings.concurrency)


def _chat_page(handlers: Handlers, examples: list[str], publishers: list[str]) -> tuple[Any, Any]:
    """The components of the chat page and their events (inside a `gr.Blocks` context); returns the
    components that follow the index (the examples' dataset, the publisher filter)."""
    turns = gr.State([])
    answers = gr.State({})  # chat message index -> the Answer it shows
    votes = gr.State({})  # chat message index -> the vote given
    with gr.Row():
        with gr.Column(scale=3):
            chat = gr.Chatbot(
                label="Conversation", height=460, elem_id="ti-chat", buttons=["copy"], placeholder=WELCOME
            )
            status = gr.Markdown("", elem_id="ti-status")
            with gr.Row():
                box = gr.Textbox(
                    label="Votre question",
                    placeholder="Posez votre question sur les communiqués…",
                    show_label=False,
                    scale=5,
                    elem_id="ti-question",
                    max_lines=4,
                )
                send = gr.Button("Envoyer", variant="primary", scale=1, elem_id="ti-send")
            shown = gr.Examples(
                examples or [""], inputs=box, label="Exemples de questions", elem_id="ti-examples"
            )
            new = gr.Button("Nouvelle conversation", elem_id="ti-new")
            with gr.Accordion("Filtres", open=False, elem_id="ti-filters"):
                publisher = gr.Dropdown(
                    choices=publishers,
                    label="Émetteur",
                    value=None,
                    allow_custom_value=False,
                    elem_id="ti-publisher",
                )
                since = gr.Textbox(label="Depuis le (AAAA-MM-JJ)")
                until = gr.Textbox(label="Jusqu'au (AAAA-MM-JJ)")
            with gr.Accordion("Votre avis sur la dernière réponse", open=False):
                reasons = gr.CheckboxGroup(list(REASONS.values()), label="Motifs (facultatif)")
                with gr.Row():
                    # words, not emoji: a machine without an emoji font showed empty boxes
                    good = gr.Button("Réponse utile", elem_id="ti-good")
                    bad = gr.Button("Réponse pas utile", elem_id="ti-bad")
                thanks = gr.Markdown("")
        with gr.Column(scale=2):
            gr.Markdown("### Sources")
            sources = gr.HTML(source_cards(None), elem_id="ti-sources")
            with gr.Accordion("Vérifier : tous les passages retrouvés", open=False):
                order = gr.Radio([BY_SCORE, BY_DATE], value=BY_SCORE, label="Trier par", elem_id="ti-order")
                table = gr.HTML(passages_table([]), elem_id="ti-passages")
    inputs = [box, chat, turns, answers, publisher, since, until, order]
    outputs = [box, chat, turns, status, sources, table, answers]
    box.submit(handlers.respond, inputs, outputs, api_visibility="private")
    send.click(handlers.respond, inputs, outputs, api_visibility="private")
    # an example is sent as soon as it is clicked, not only copied into the box
    shown.load_input_event.then(handlers.respond, inputs, outputs, api_visibility="private")
    cleared = [chat, turns, status, sources, table, answers, votes, thanks]
    new.click(handlers.reset, None, cleared, api_visibility="private")
    chat.clear(handlers.reset, None, cleared, api_visibility="private")  # the trash icon forgets all too
    for button, helpful in ((good, True), (bad, False)):
        button.click(
            partial(handlers.send_feedback, helpful=helpful),
            [answers, reasons],
            [thanks, reasons],
            api_visibility="private",
        )
    order.change(handlers.sort_passages, [order, answers], table, api_visibility="private")
    # The thanks for a thumb under an answer shows under the chat, where the reader is looking (the
    # "Votre avis" section is usually closed).
    chat.like(handlers.vote, [answers, votes], [votes, status], api_visibility="private")
    return shown.dataset, publisher


def _verify_page(handlers: Handlers) -> None:
    """Staff paste a statement or a paragraph; each sentence gets its verdict, facts and quotes."""
    gr.Markdown(
        "Collez une affirmation (un projet de communiqué, un discours, un article) : chaque phrase est "
        "comparée aux communiqués — **confirmé**, **contredit**, **dépassé** (un communiqué plus récent "
        "dit autre chose) ou **introuvable** —, avec les passages qui le disent."
    )
    claim = gr.Textbox(
        label="Affirmation ou paragraphe à vérifier",
        lines=4,
        max_lines=12,
        elem_id="ti-claim",
        placeholder="Collez ici une phrase ou un paragraphe…",
    )
    check = gr.Button("Vérifier", variant="primary", elem_id="ti-verify")
    results = gr.HTML(verdict_cards([]), elem_id="ti-verdicts")
    check.click(handlers.verify, claim, results, api_visibility="private")
    claim.submit(handlers.verify, claim, results, api_visibility="private")


def error_app(title: str, message: str) -> gr.Blocks:
    with gr.Blocks(title=title) as app:
        gr.Markdown(
            f"# {escape_markdown(title)}\n\n**Le service n'est pas prêt.** {escape_markdown(message)}"
        )
    return app

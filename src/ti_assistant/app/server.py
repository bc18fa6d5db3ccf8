"""The web server: the Gradio chat mounted on a FastAPI app that also serves a light JSON route for
scripts, `POST /api/ask`, answered without going through Gradio's queue (the queue costs ~60 ms per
request, four times the answer itself: eval/reports/bench-load.md).

`/api/ask` takes `{"question": "...", "history": ["earlier question", ...]}` and returns the same JSON
as `ti-assistant ask --json`. With `TI_AUTH`, it asks for the same login (HTTP Basic).
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from fastapi import FastAPI, Request  # at module level: FastAPI resolves the route's annotations here
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from ti_assistant.answer.conversation import replay
from ti_assistant.answer.engine import Assistant
from ti_assistant.app import reader
from ti_assistant.config import Settings
from ti_assistant.errors import InputError, TiAssistantError

MAX_HISTORY = 20  # earlier questions a script may send with a follow-up


def json_api(settings: Settings, assistant: Assistant | None) -> Any:
    """A FastAPI app holding the JSON route; the chat is mounted on it afterwards."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    async def ask(request: Request) -> JSONResponse:
        if settings.auth and not _logged_in(request.headers.get("authorization", ""), settings.auth):
            return _login_required()
        if assistant is None:
            return JSONResponse(
                {"erreur": "Le service n'est pas prêt : l'index est absent."}, status_code=503
            )
        try:
            payload = await request.json()
        except ValueError:
            return JSONResponse({"erreur": "Le corps de la requête doit être du JSON."}, status_code=400)
        try:
            question, history = _read(payload if isinstance(payload, dict) else {})
            answer = await run_in_threadpool(assistant.ask, question, replay(history))  # off the event loop
            return JSONResponse(answer.to_json())
        except TiAssistantError as exc:
            return JSONResponse({"erreur": str(exc)}, status_code=400)

    async def release(request: Request) -> HTMLResponse | JSONResponse:
        """The readable page of an indexed release (`reader`), read from the index at each request, so
        a release indexed after start-up is there at once and a removed one is gone."""
        if settings.auth and not _logged_in_chat(request, settings.auth):
            return _login_required()
        if assistant is None:
            return _page(503, "Le service n'est pas prêt : l'index est absent.")
        params = request.query_params
        passage = params.get("passage", "")
        docs, _ = await run_in_threadpool(assistant.index.snapshot)
        record = docs.get(params.get("id", ""))
        if record is None:
            return _page(404, "Ce communiqué n'est pas (ou plus) dans l'index.")
        chunks = await run_in_threadpool(assistant.index.document_chunks, record.doc_id)
        body = reader.page(
            record, chunks, int(passage) if passage.isdigit() else None, params.get("citation")
        )
        return HTMLResponse(body, headers=reader.HEADERS)

    app.add_api_route("/api/ask", ask, methods=["POST"])
    app.add_api_route(reader.ROUTE, release, methods=["GET"], response_model=None)
    return app


def _login_required() -> JSONResponse:
    return JSONResponse(
        {"erreur": "Identifiants requis (TI_AUTH)."},
        status_code=401,
        headers={"WWW-Authenticate": 'Basic realm="ti-assistant"'},
    )


def _page(status: int, message: str) -> HTMLResponse:
    return HTMLResponse(
        f'<!doctype html><html lang="fr"><meta charset="utf-8"><title>{message}</title><p>{message}</p>'
        '<p><a href="/">← Retour à l\'assistant</a></p></html>',
        status_code=status,
        headers=reader.HEADERS,
    )


def _read(payload: dict[str, Any]) -> tuple[str, list[str]]:
    question = payload.get("question")
    history = payload.get("history") or []
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise InputError("« history » est une liste des questions précédentes (textes).")
    if len(history) > MAX_HISTORY:
        raise InputError(f"« history » garde au plus {MAX_HISTORY} questions précédentes.")
    if not isinstance(question, str):
        raise InputError("« question » est attendue, sous forme de texte.")
    return question, history


def _logged_in_chat(request: Request, expected: str) -> bool:
    """Logged in through the chat's login form (Gradio's session cookie) or with HTTP Basic."""
    if _logged_in(request.headers.get("authorization", ""), expected):
        return True
    for route in request.app.routes:  # the Gradio app mounted on this one holds the session tokens
        tokens = getattr(getattr(route, "app", None), "tokens", None)
        if isinstance(tokens, dict):
            return any(
                name.startswith("access-token") and value in tokens for name, value in request.cookies.items()
            )
    return False


def _logged_in(header: str, expected: str) -> bool:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        given = base64.b64decode(encoded).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return False
    return secrets.compare_digest(given, expected)

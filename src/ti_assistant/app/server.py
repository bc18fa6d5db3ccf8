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
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ti_assistant.answer.conversation import replay
from ti_assistant.answer.engine import Assistant
from ti_assistant.config import Settings
from ti_assistant.errors import InputError, TiAssistantError

MAX_HISTORY = 20  # earlier questions a script may send with a follow-up


def json_api(settings: Settings, assistant: Assistant | None) -> Any:
    """A FastAPI app holding the JSON route; the chat is mounted on it afterwards."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    async def ask(request: Request) -> JSONResponse:
        if settings.auth and not _logged_in(request.headers.get("authorization", ""), settings.auth):
            return JSONResponse(
                {"erreur": "Identifiants requis (TI_AUTH)."},
                status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="ti-assistant"'},
            )
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

    app.add_api_route("/api/ask", ask, methods=["POST"])
    return app


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


def _logged_in(header: str, expected: str) -> bool:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        given = base64.b64decode(encoded).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return False
    return secrets.compare_digest(given, expected)

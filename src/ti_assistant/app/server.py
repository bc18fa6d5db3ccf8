"""The web server: a FastAPI app serving a light JSON route for scripts, `POST /api/ask` (answered
without going through Gradio's queue, which costs ~60 ms per request, four times the answer itself:
eval/reports/bench-load.md), the readable release pages, and the Gradio chat mounted at `/`.

The JSON route and the release pages answer as soon as the engine is loaded; the chat is built and
mounted meanwhile on a thread (importing Gradio alone takes ~2 s), and `/` says the chat is starting
until then (eval/reports/bench-cold-start.md).

`/api/ask` takes `{"question": "...", "history": ["earlier question", ...]}` and returns the same JSON
as `ti-assistant ask --json`; `/api/verify` takes `{"claim": "..."}` and returns the same JSON as
`ti-assistant verifier --json`. With `TI_AUTH`, both ask for the same login (HTTP Basic).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import secrets
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request  # at module level: FastAPI resolves the route's annotations here
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from ti_assistant.answer.engine import Assistant
from ti_assistant.answer.verify import Checker
from ti_assistant.app import reader
from ti_assistant.app.admission import BUSY, Admission, Busy
from ti_assistant.app.logins import LoginGuard
from ti_assistant.config import Settings
from ti_assistant.errors import (
    InputError,
    OverBudgetError,
    StoreUnavailableError,
    TiAssistantError,
    as_disk_full,
)


def serve(settings: Settings) -> None:
    """Serve the JSON route, the release pages and the chat on one port until stopped."""
    import uvicorn

    try:
        ready = Assistant(settings)
        ready.warm()  # the model loads before the chat's import of Gradio competes for the CPU
        assistant: Assistant | None = ready
        failure = ""
    except TiAssistantError as exc:
        assistant, failure = None, str(exc)  # the chat page says why; the JSON route answers 503
    app = json_api(settings, assistant, chat=lambda: _chat(settings, assistant, failure))
    print(f"Chat prêt sur http://{settings.host}:{settings.port}/ — Ctrl-C pour l'arrêter.", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", timeout_graceful_shutdown=2)


def _chat(settings: Settings, assistant: Assistant | None, failure: str) -> tuple[Any, dict[str, Any]]:
    """The Gradio chat and its mount options (run on a thread: it imports Gradio)."""
    from ti_assistant.app import ui

    if assistant is None:
        blocks = ui.error_app(settings.app_title, failure)
    else:
        blocks = ui.build_app(settings, assistant)
    user, _, password = settings.auth.partition(":")
    options: dict[str, Any] = {
        "auth": (user, password) if password else None,
        "css": ui.CSS,
        "js": ui.PAGE_JS,
        "max_file_size": 1,  # the chat takes no upload: any file sent to the upload route is refused
        "footer_links": [],  # Gradio's footer is in English; scripts find the API in the README
    }
    return blocks, options


def _mount_when_built(app: Any, chat: Any) -> Any:
    """A lifespan that builds the chat on a thread once the server listens, mounts it at `/` and runs
    Gradio's start-up (its queue) as `gr.mount_gradio_app` would have in a lifespan of its own."""

    @contextlib.asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        task = asyncio.create_task(_run_chat(app, chat))
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return lifespan


async def _run_chat(app: Any, chat: Any) -> None:
    blocks, options = await run_in_threadpool(chat)
    import gradio as gr

    gr.mount_gradio_app(app, blocks, path="/", **options)
    mounted = app.router.routes.pop()  # before the "starting" page, which catches every other path
    app.router.routes.insert(len(app.router.routes) - 1, mounted)
    gradio_app = mounted.app
    async with gradio_app.router.lifespan_context(gradio_app):
        gradio_app.get_blocks().run_startup_events()
        await gradio_app.get_blocks().run_extra_startup_events()
        await asyncio.Event().wait()  # until the server stops


def json_api(settings: Settings, assistant: Assistant | None, chat: Any = None) -> Any:
    """A FastAPI app holding the JSON route and the release pages; `chat`, when given, builds the Gradio
    chat that is mounted at `/` once ready."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    if chat is not None:
        app.router.lifespan_context = _mount_when_built(app, chat)
    if settings.auth:
        _throttle_logins(app, LoginGuard())

    @app.middleware("http")
    async def no_uploads(request: Request, call_next: Any) -> Any:
        """The chat takes no file: Gradio's upload route is answered here, in French, before Gradio
        reads the body (it refused with an English 413)."""
        if request.method == "POST" and request.url.path.rstrip("/").endswith("/upload"):
            return JSONResponse({"erreur": "L'assistant n'accepte aucun envoi de fichier."}, status_code=413)
        return await call_next(request)

    admission = Admission(settings.concurrency, waiting=4 * settings.concurrency)

    checker = Checker(assistant) if assistant is not None else None

    async def answered(request: Request, compute: Any) -> JSONResponse:
        """What the JSON routes share: login, readiness, a JSON body, the bounded pool and the budget,
        and French errors with their status. `compute(payload)` runs off the event loop."""
        if settings.auth and not _logged_in(request.headers.get("authorization", ""), settings.auth):
            return _login_required()
        if assistant is None:
            return JSONResponse(
                {"erreur": "Le service n'est pas prêt : l'index est absent."}, status_code=503
            )
        try:
            payload = await request.json()
        except (ValueError, RecursionError):  # invalid, or nested deeper than Python's parser goes
            return JSONResponse({"erreur": "Le corps de la requête doit être du JSON."}, status_code=400)
        try:
            work = compute(payload if isinstance(payload, dict) else {})  # checks the input first
            async with admission.slot():
                result = await run_in_threadpool(work)
            return JSONResponse(result)
        except (Busy, OverBudgetError) as exc:
            message = BUSY if isinstance(exc, Busy) else str(exc)
            return JSONResponse({"erreur": message}, status_code=503, headers={"Retry-After": "2"})
        except StoreUnavailableError as exc:
            return JSONResponse({"erreur": str(exc)}, status_code=503)
        except TiAssistantError as exc:
            return JSONResponse({"erreur": str(exc)}, status_code=400)
        except Exception as exc:
            if (full := as_disk_full(exc)) is None:
                raise
            return JSONResponse({"erreur": str(full)}, status_code=503)

    def ask_work(payload: dict[str, Any]) -> Any:
        assert assistant is not None  # `answered` refuses before, when the index is absent
        question, history = _read(payload, "question")
        turns = assistant.conversation(history)
        return lambda: assistant.ask(question, turns, budget=settings.request_budget).to_json()

    def verify_work(payload: dict[str, Any]) -> Any:
        assert checker is not None
        claim, _ = _read(payload, "claim")
        return lambda: checker.check(claim, budget=settings.request_budget).to_json()

    async def ask(request: Request) -> JSONResponse:
        return await answered(request, ask_work)

    async def verify(request: Request) -> JSONResponse:
        return await answered(request, verify_work)

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
        chunks = await run_in_threadpool(assistant.index.manifest.document_chunks, record.doc_id)
        body = reader.page(
            record, chunks, int(passage) if passage.isdigit() else None, params.get("citation")
        )
        return HTMLResponse(body, headers=reader.HEADERS)

    async def starting(request: Request) -> HTMLResponse:
        return HTMLResponse(
            '<!doctype html><html lang="fr"><meta charset="utf-8"><meta http-equiv="refresh" content="1">'
            "<title>Démarrage</title><p>Le chat démarre… cette page se recharge d'elle-même.</p></html>",
            status_code=503,
            headers={"Retry-After": "1"},
        )

    app.add_api_route("/api/ask", ask, methods=["POST"])
    app.add_api_route("/api/verify", verify, methods=["POST"])
    app.add_api_route(reader.ROUTE, release, methods=["GET"], response_model=None)
    app.add_api_route("/{path:path}", starting, methods=["GET", "POST"], include_in_schema=False)
    return app


def _throttle_logins(app: Any, guard: LoginGuard) -> None:
    """Every login attempt — the chat's form (POST …/login) or HTTP Basic credentials — goes through
    `guard`: a wrong one counts against the client's address, a locked address gets 429."""

    @app.middleware("http")
    async def throttled(request: Request, call_next: Any) -> Any:
        form = request.method == "POST" and request.url.path.rstrip("/").endswith("/login")
        basic = request.headers.get("authorization", "").lower().startswith("basic ")
        if not (form or basic):
            return await call_next(request)
        address = request.client.host if request.client else "?"
        if wait := guard.wait(address):
            return JSONResponse(
                {"erreur": guard.message(wait)}, status_code=429, headers={"Retry-After": str(wait)}
            )
        response = await call_next(request)
        refused = {401} | ({400} if form else set())  # the chat's form answers 400 to wrong credentials
        if response.status_code in refused:
            guard.failed(address)
        elif response.status_code < 400:
            guard.succeeded(address)
        return response


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


def _read(payload: dict[str, Any], field: str) -> tuple[str, list[str]]:
    """The request's text (`question` or `claim`) and its history."""
    text = payload.get(field)
    history = payload.get("history") or []
    if not isinstance(text, str):
        raise InputError(f"« {field} » est attendue, sous forme de texte.")
    return text, history


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
        given = base64.b64decode(encoded, validate=True)
    except ValueError:
        return False
    return secrets.compare_digest(given, expected.encode("utf-8"))  # bytes: any credentials, no error

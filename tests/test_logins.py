"""Login throttling: the guard's arithmetic with a fake clock, then the real FastAPI app over HTTP
(Starlette's test client) with HTTP Basic on the JSON route."""

from __future__ import annotations

import base64
from pathlib import Path

from conftest import make_settings
from fastapi.testclient import TestClient

from ti_assistant.app.logins import LoginGuard
from ti_assistant.app.server import json_api


def test_an_address_is_locked_after_repeated_failures_and_freed_later() -> None:
    now = [0.0]
    guard = LoginGuard(max_failures=3, window=60, lockout=30, clock=lambda: now[0])
    for _ in range(2):
        guard.failed("a")
    assert guard.wait("a") == 0
    guard.failed("a")
    assert guard.wait("a") == 30 and guard.wait("b") == 0  # only that address
    now[0] = 31
    assert guard.wait("a") == 0
    guard.failed("a")
    now[0] = 100  # failures older than the window are forgotten
    guard.failed("a")
    guard.failed("a")
    assert guard.wait("a") == 0
    guard.succeeded("a")
    guard.failed("a")
    assert guard.wait("a") == 0


def _basic(credentials: bytes) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(credentials).decode()}


def test_wrong_logins_on_the_json_route_end_in_429_in_french(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, auth="agent:motdepasse")
    client = TestClient(json_api(settings, assistant=None))
    right, wrong = _basic(b"agent:motdepasse"), _basic("agent:mauvais-é".encode())
    assert client.post("/api/ask", json={"question": "?"}, headers=right).status_code == 503  # let in
    for _ in range(5):
        assert client.post("/api/ask", json={"question": "?"}, headers=wrong).status_code == 401
    locked = client.post("/api/ask", json={"question": "?"}, headers=right)
    assert locked.status_code == 429 and "Trop de tentatives de connexion" in locked.json()["erreur"]
    assert int(locked.headers["Retry-After"]) > 0
    assert client.get("/communique?id=x", headers=right).status_code == 429  # every way in
    assert client.get("/communique?id=x").status_code == 401  # no credentials: not an attempt


def test_no_throttle_without_a_login(tmp_path: Path) -> None:
    client = TestClient(json_api(make_settings(tmp_path), assistant=None))
    for _ in range(8):
        assert client.post("/api/ask", json={"question": "?"}, headers=_basic(b"x:y")).status_code == 503

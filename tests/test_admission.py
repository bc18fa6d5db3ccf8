"""The JSON route's bounded worker pool: a few questions computed at once, a short line, and a French
503 at once for the rest (the real FastAPI app, in process, with a slowed-down assistant)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from ti_assistant.answer.budget import Budget
from ti_assistant.app.admission import BUSY, Admission, Busy
from ti_assistant.app.server import json_api
from ti_assistant.errors import OverBudgetError


def test_slots_a_short_line_and_a_wait_that_runs_out() -> None:
    async def scenario() -> list[str]:
        admission = Admission(1, waiting=1, patience=0.2)
        outcomes: list[str] = []

        async def ask(name: str, hold: float) -> None:
            try:
                async with admission.slot():
                    await asyncio.sleep(hold)
                outcomes.append(f"{name} servi")
            except Busy:
                outcomes.append(f"{name} refusé")

        first = asyncio.create_task(ask("a", 0.5))
        await asyncio.sleep(0.01)
        second = asyncio.create_task(ask("b", 0))  # in line, gives up after 0.2 s
        await asyncio.sleep(0.01)
        await ask("c", 0)  # no room in line: refused at once
        await asyncio.gather(first, second)
        await ask("d", 0)  # the slot is free again
        return outcomes

    assert asyncio.run(scenario()) == ["c refusé", "b refusé", "a servi", "d servi"]


@pytest.mark.integration
def test_a_burst_on_the_json_route_is_served_up_to_its_bound_and_the_rest_told_in_french(
    assistant, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    real = assistant.ask

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(assistant, "ask", slow)
    app = json_api(assistant.settings.with_(concurrency=1), assistant)  # 1 at once, 4 in line

    async def burst() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            body = {"question": "Combien de territoires d'industrie compte la France ?"}
            return await asyncio.gather(*(client.post("/api/ask", json=body) for _ in range(12)))

    answers = asyncio.run(burst())
    served = [r for r in answers if r.status_code == 200]
    refused = [r for r in answers if r.status_code == 503]
    assert len(served) + len(refused) == 12 and 1 <= len(served) <= 5 and refused
    assert all(r.json() == {"erreur": BUSY} and r.headers["Retry-After"] == "2" for r in refused)
    assert all("146" in r.json()["answer"] for r in served)


def test_a_budget_is_spent_only_past_its_seconds() -> None:
    now = [0.0]
    budget = Budget(2.0, clock=lambda: now[0])
    now[0] = 2.0
    budget.check()  # exactly spent: still allowed
    now[0] = 2.01
    with pytest.raises(OverBudgetError, match="réessayez"):
        budget.check()
    Budget(None, clock=lambda: now[0]).check()  # unlimited


@pytest.mark.integration
def test_a_question_past_its_budget_frees_its_slot_with_a_french_503(
    assistant, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A question whose retrieval is slow stops at the next stage; the one in line behind it is served."""
    real = assistant.retriever.search
    slow_once = [True]

    def search(*args, **kwargs):  # type: ignore[no-untyped-def]
        if slow_once and slow_once.pop():
            time.sleep(0.6)
        return real(*args, **kwargs)

    monkeypatch.setattr(assistant.retriever, "search", search)
    app = json_api(assistant.settings.with_(concurrency=1, request_budget=0.5), assistant)

    async def two() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            body = {"question": "Combien de territoires d'industrie compte la France ?"}
            return await asyncio.gather(*(client.post("/api/ask", json=body) for _ in range(2)))

    served, spent = sorted(asyncio.run(two()), key=lambda r: r.status_code)  # either may go first
    assert spent.status_code == 503 and spent.headers["Retry-After"] == "2"
    assert "plus de calcul" in spent.json()["erreur"]
    assert served.status_code == 200 and "146" in served.json()["answer"]

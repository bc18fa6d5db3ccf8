"""CLI commands that answer questions: ask, chat, serve, eval (filled in by the answers issue)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    del sub

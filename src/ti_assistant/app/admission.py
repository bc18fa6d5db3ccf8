"""A bounded worker pool for the JSON route: at most `slots` questions computed at once (the chat's own
queue has the same bound, TI_CONCURRENCY), at most `waiting` more kept in line; beyond that, or after
`patience` seconds in line, a request gets a French 503 with Retry-After at once instead of queueing
behind slow ones until every client times out. On 2 cores, more questions at once only share the same
CPU: they all finish later."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

BUSY = "Le service est très sollicité : réessayez dans quelques secondes."


class Busy(Exception):
    """No slot now and no room in line (or the wait ran out)."""


class Admission:
    def __init__(self, slots: int, waiting: int, patience: float = 10.0):
        self.slots = asyncio.Semaphore(slots)
        self.room = slots + waiting  # requests admitted or in line at most
        self.patience = patience
        self._inside = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._inside >= self.room:
            raise Busy
        self._inside += 1
        try:
            try:
                await asyncio.wait_for(self.slots.acquire(), timeout=self.patience)
            except TimeoutError:
                raise Busy from None
            try:
                yield
            finally:
                self.slots.release()
        finally:
            self._inside -= 1

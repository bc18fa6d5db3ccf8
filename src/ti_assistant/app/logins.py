"""Login throttling: failed logins are counted per client address; after `max_failures` within `window`
seconds, that address gets 429 with a French message for `lockout` seconds, whatever it sends (a right
password included: guessing must not be rewarded by a lucky try). One guard covers every way in — the
chat's login form, HTTP Basic on the JSON route and on release pages (`server.json_api`)."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

MAX_ADDRESSES = 10_000  # addresses remembered at most (the oldest are forgotten): bounded memory


class LoginGuard:
    def __init__(
        self,
        max_failures: int = 5,
        window: float = 60.0,
        lockout: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.max_failures, self.window, self.lockout, self.clock = max_failures, window, lockout, clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._locked: dict[str, float] = {}  # address -> when its lockout ends
        self._lock = threading.Lock()

    def wait(self, address: str) -> int:
        """Seconds before `address` may try again (0: now)."""
        with self._lock:
            until = self._locked.get(address, 0.0)
            left = until - self.clock()
            if left <= 0:
                self._locked.pop(address, None)
                return 0
            return math.ceil(left)

    def failed(self, address: str) -> None:
        now = self.clock()
        with self._lock:
            recent = self._failures.pop(address, deque())
            recent.append(now)
            while recent and recent[0] <= now - self.window:
                recent.popleft()
            if len(recent) >= self.max_failures:
                self._locked[address] = now + self.lockout
                recent.clear()
            self._failures[address] = recent
            while len(self._failures) > MAX_ADDRESSES:
                self._failures.popitem(last=False)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)

    @staticmethod
    def message(seconds: int) -> str:
        return (
            f"Trop de tentatives de connexion depuis votre adresse : réessayez dans {seconds} s "
            "(si vous avez oublié vos identifiants, demandez-les à l'administrateur du service)."
        )

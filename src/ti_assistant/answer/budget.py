"""A served question's budget of computing time: the answer path checks it between its stages and stops
with a French error once it is spent, so that one costly question frees its slot of the bounded pool
(`app.admission`) instead of holding the questions in line behind it. It counts from the moment the
question is computed, not its time in line; a remote LLM's own wait has its own timeout."""

from __future__ import annotations

import time
from collections.abc import Callable

from ti_assistant.errors import OverBudgetError


class Budget:
    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.perf_counter):
        self.seconds = seconds
        self._clock = clock
        self._start = clock()

    def check(self) -> None:
        """Raise `OverBudgetError` when the budget (None: unlimited) is spent."""
        if self.seconds is not None and self._clock() - self._start > self.seconds:
            raise OverBudgetError(
                f"Cette question demande plus de calcul que le service n'en accorde à une question "
                f"({self.seconds:g} s) : réessayez dans un instant ou posez-la plus simplement."
            )

"""Whether the home loop (the window's) has been late lately.

The status poller's thread shares the interpreter lock with the window's thread. Pausing it
at fixed times cost a third of its polls whether or not the window was waiting; it now
pauses only while this watch has seen the home loop answer late (`PollerThread`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class HomeLag:
    """Runs `watch` on the home loop; `recent` may be read from any thread."""

    def __init__(
        self, period: float = 0.01, late: float = 0.002, hold: float = 3.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.period = period  # how often the watch asks to be woken
        self.late = late  # a wake-up this much later than asked for is a lag
        # Seconds a lag stays `recent`: long, so that a lag the thread's pauses then prevent is
        # seen at most once every few seconds (well under 1 % of the window's ticks).
        self.hold = hold
        self.idle_period = 0.5
        self._clock = clock
        self._until = 0.0

    @property
    def recent(self) -> bool:
        """The home loop was late within the last `hold` seconds."""
        return self._clock() < self._until

    async def watch(self, busy: Callable[[], bool]) -> None:
        """Until cancelled, on the home loop: note each wake-up that came `late`, while `busy()`
        (an idle console is woken only every `idle_period`)."""
        while True:
            if not busy():
                await asyncio.sleep(self.idle_period)
                continue
            due = self._clock() + self.period
            await asyncio.sleep(self.period)
            now = self._clock()
            if now - due > self.late:
                self._until = now + self.hold

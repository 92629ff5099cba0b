"""Sends of one account spaced by the provider's minimum interval (TimelinesAI: 2 s).

Each account has its own queue; the agent sees how many sends wait in it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from console.domain.accounts import Account
from console.providers.registry import capabilities
from console.services.topics import QueueChanged, Topics


class Pacer:
    def __init__(self, topics: Topics, clock: Callable[[], float] = time.monotonic) -> None:
        self._topics = topics
        self._clock = clock
        self._locks: dict[int, asyncio.Lock] = {}
        self._last_done: dict[int, float] = {}
        self._waiting: dict[int, int] = {}

    def waiting(self, account_id: int) -> int:
        """Sends of the account queued behind the one in flight."""
        return self._waiting.get(account_id, 0)

    @asynccontextmanager
    async def turn(self, account: Account) -> AsyncIterator[None]:
        """Wait for this account's turn: the interval counts from the end of the previous request,
        so however long that one took to arrive, the next reaches the provider no sooner."""
        interval = capabilities(account.provider).min_send_interval
        lock = self._locks.setdefault(account.id, asyncio.Lock())
        self._change(account.id, +1)
        queued = True
        try:
            async with lock:
                self._change(account.id, -1)
                queued = False
                last = self._last_done.get(account.id)
                if last is not None:
                    await asyncio.sleep(max(0.0, last + interval - self._clock()))
                try:
                    yield
                finally:
                    self._last_done[account.id] = self._clock()
        finally:
            if queued:  # cancelled while waiting for the lock
                self._change(account.id, -1)

    def _change(self, account_id: int, delta: int) -> None:
        self._waiting[account_id] = self._waiting.get(account_id, 0) + delta
        self._topics.send_queue.publish(QueueChanged(account_id, self._waiting[account_id]))

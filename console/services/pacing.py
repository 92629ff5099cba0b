"""Sends of one account spaced by the provider's minimum interval (TimelinesAI: 2 s).

Each account has its own queue.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from console.domain.accounts import Account
from console.providers.registry import capabilities


class Pacer:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._locks: dict[int, asyncio.Lock] = {}
        self._last_done: dict[int, float] = {}

    @asynccontextmanager
    async def turn(self, account: Account) -> AsyncIterator[None]:
        """Wait for this account's turn: the interval counts from the end of the previous request,
        so however long that one took to arrive, the next reaches the provider no sooner."""
        interval = capabilities(account.provider).min_send_interval
        lock = self._locks.setdefault(account.id, asyncio.Lock())
        async with lock:
            last = self._last_done.get(account.id)
            if last is not None:
                await asyncio.sleep(max(0.0, last + interval - self._clock()))
            try:
                yield
            finally:
                self._last_done[account.id] = self._clock()

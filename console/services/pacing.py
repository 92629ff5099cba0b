"""Sends of one account spaced by the provider's minimum interval (TimelinesAI: 2 s).

Each account has its own queue. Within the process a lock orders the account's sends;
across processes the store's send turn does (`store.send_turns`), since the provider's
limit is per account whoever sends.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from console.domain.accounts import Account
from console.providers.registry import capabilities
from console.store import send_turns
from console.store.database import Database

TURN_POLL_SECONDS = 0.05  # how often a process asks for a turn another process holds


class Pacer:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._locks: dict[int, asyncio.Lock] = {}

    @asynccontextmanager
    async def turn(self, account: Account) -> AsyncIterator[None]:
        """Wait for this account's turn: the interval counts from the end of the previous request,
        so however long that one took to arrive, the next reaches the provider no sooner."""
        interval = capabilities(account.provider).min_send_interval
        lock = self._locks.setdefault(account.id, asyncio.Lock())
        async with lock:
            if interval <= 0:
                yield
            else:
                async with self._spaced(account.id, interval):
                    yield

    @asynccontextmanager
    async def _spaced(self, account_id: int, interval: float) -> AsyncIterator[None]:
        owner = self._db.owner
        try:
            while (last_done := await self._db.run(send_turns.claim, account_id, owner.id, owner.is_alive)) is None:
                await asyncio.sleep(TURN_POLL_SECONDS)
            await asyncio.sleep(max(0.0, last_done + interval - time.time()))
            yield
        finally:
            # Also when cancelled: the turn must not stay held by a process that moved on.
            await asyncio.shield(self._db.run(send_turns.release, account_id, owner.id, time.time()))

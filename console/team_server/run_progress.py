"""The bulk runs' progress, published by every server process (`bulk_runs.RunStore.publish`):
woken by any committed change (an item's answer is one), at most every `every` seconds, and
every few seconds when nothing rings."""

from __future__ import annotations

import asyncio
import logging

from console.team_server.bulk_runs import RunStore
from console.team_server.feed import ChangeFeed

__all__ = ["RunProgress"]

log = logging.getLogger("console.team_server")
IDLE = 5.0


class RunProgress:
    def __init__(self, runs: RunStore, feed: ChangeFeed, every: float = 0.5) -> None:
        self._runs = runs
        self._feed = feed
        self._every = every

    async def run(self) -> None:
        while True:
            doorbell = self._feed.doorbell()
            try:
                changes = await asyncio.to_thread(self._runs.publish)
            except Exception as error:  # the database is away: the next ring or round tries again
                log.warning("Bulk run progress could not be published (%s)", type(error).__name__)
                changes = []
            if changes:
                self._feed.ring(changes[-1].id)
            await asyncio.sleep(self._every)
            if not doorbell.is_set():
                try:
                    async with asyncio.timeout(IDLE):
                        await doorbell.wait()
                except TimeoutError:
                    pass

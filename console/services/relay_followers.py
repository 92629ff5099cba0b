"""The readers that follow callback relays while the console runs, one per feed.

Both the workspace (to start, report and stop them) and `CallbackSetup` (to follow a
relay an account now uses) are given the same `RelayFollowers`; neither calls the other.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from console.domain.notices import Notice, notice_of
from console.services.callbacks import CallbackApplier, CallbackEvent
from console.services.relay_reader import EventFeed, RelayReader, Routes
from console.store.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkerHealth:
    """A background worker as the window's status bar shows it."""

    name: str
    running: bool
    problem: Notice | None = None  # the last failure, while it lasts


class _WatchedFeed:
    """An event feed that remembers whether its last read worked."""

    def __init__(self, feed: EventFeed) -> None:
        self._feed = feed
        self.name = feed.name
        self.address = feed.address
        self.problem: Notice | None = None

    async def events_after(self, after: int, limit: int) -> list[CallbackEvent]:
        try:
            events = await self._feed.events_after(after, limit)
        except Exception as error:
            self.problem = notice_of(error)
            raise
        self.problem = None
        return events

    async def wait(self, timeout: float) -> None:
        await self._feed.wait(timeout)


class RelayFollowers:
    def __init__(self, db: Database, applier: CallbackApplier, routes: Routes) -> None:
        self._db = db
        self._applier = applier
        self._routes = routes
        self._readers: dict[str, tuple[_WatchedFeed, asyncio.Task[None]]] = {}
        self._running: set[asyncio.Task[None]] = set()  # replaced readers too, until they have stopped

    def follow(self, feed: EventFeed) -> None:
        """Read callbacks from `feed` until closed; a feed of the same name read from another
        address (a team relay that moved) replaces the old reader, the same one is kept."""
        current = self._readers.get(feed.name)
        if current is not None and current[0].address == feed.address and not current[1].done():
            return
        if current is not None:
            current[1].cancel()
        watched = _WatchedFeed(feed)
        reader = RelayReader(self._db, self._applier, watched, self._routes)
        task = asyncio.get_running_loop().create_task(reader.run(), name=f"relay reader {feed.name}")
        self._running.add(task)
        task.add_done_callback(self._stopped)
        self._readers[feed.name] = (watched, task)

    def health(self) -> list[WorkerHealth]:
        """Each reader, read from memory."""
        return [WorkerHealth(name, not task.done(), feed.problem) for name, (feed, task) in self._readers.items()]

    async def close(self) -> None:
        """Stop every reader; the cursors are stored, so the next run goes on from there."""
        tasks = list(self._running)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _stopped(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s stopped", task.get_name(), exc_info=task.exception())

"""One read of the change log per ring of the feed, shared by the long-polls that ring woke.

A ring wakes every waiting long-poll of the process at once; each reading the log on its own
would make one query per console for the same few changes. The first one woken reads the
changes after the lowest cursor among the waiters, up to `MAX_PAGE`; the others woken by that
ring take the same answer and keep the changes after their own cursor, up to their own page
size. Ids follow commit order, so what one read finds after a cursor is all there is up to its
last id: the part after a higher cursor is a whole page too. A read that filled `MAX_PAGE`
may end before a waiter's cursor; that waiter reads on its own.

A long-poll's first look (`first`) joins a read under way, or one made since the latest ring,
when that read has changes after its cursor (a whole page, as above); when it has none the
long-poll reads anew, so that it waits only after a read begun after it arrived, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator

from console.team_server.feed import ChangeFeed
from console.team_server.store import Change

__all__ = ["MAX_PAGE", "WakeReads"]

MAX_PAGE = 1000


class WakeReads:
    def __init__(self, feed: ChangeFeed, read: Callable[[int, int], Awaitable[list[Change]]]) -> None:
        self._feed = feed
        self._read = read
        self._cursors: Counter[int] = Counter()  # the waiting long-polls' cursors
        self._shared: tuple[int, int, asyncio.Future[list[Change]]] | None = None  # (rings, after, read)

    @contextlib.contextmanager
    def waiting(self, after: int) -> Iterator[None]:
        """A long-poll waits for changes after `after`: the shared reads start at or below it."""
        self._cursors[after] += 1
        try:
            yield
        finally:
            self._cursors[after] -= 1
            if not self._cursors[after]:
                del self._cursors[after]

    async def page(self, after: int, limit: int) -> list[Change]:
        """The changes after `after`, at most `limit`, read after the feed's latest ring."""
        shared = self._shared
        if shared is None or shared[0] != self._feed.rings or shared[1] > after or _failed(shared[2]):
            shared = self._start(min(after, min(self._cursors, default=after)))
        mine, full = await self._mine(shared, after, limit)
        return await self._read(after, limit) if not mine and full else mine

    async def first(self, after: int, limit: int) -> list[Change]:
        """A long-poll's first look: the changes after `after`, at most `limit`. Some from a read under
        way or made since the latest ring, when it has any; otherwise from a read begun now, so that
        an empty answer (the long-poll then waits for a ring) never misses an earlier commit."""
        shared = self._shared
        fresh = shared is not None and (not shared[2].done() or shared[0] == self._feed.rings)  # under way or since the ring
        if shared is not None and fresh and shared[1] <= after and not _failed(shared[2]):
            mine, _ = await self._mine(shared, after, limit)
            if mine:
                return mine
        mine, _ = await self._mine(self._start(after), after, limit)  # a read from `after` ends at no cursor above it
        return mine

    def _start(self, after: int) -> tuple[int, int, asyncio.Future[list[Change]]]:
        self._shared = (self._feed.rings, after, asyncio.ensure_future(self._read(after, MAX_PAGE)))
        return self._shared

    @staticmethod
    async def _mine(shared: tuple[int, int, asyncio.Future[list[Change]]], after: int, limit: int) -> tuple[list[Change], bool]:
        """The part of a shared read after `after`, and whether that read was a full page."""
        changes = await asyncio.shield(shared[2])  # one long-poll going away does not cancel the others' read
        return [change for change in changes if change.id > after][:limit], len(changes) == MAX_PAGE


def _failed(read: asyncio.Future[list[Change]]) -> bool:
    return read.done() and (read.cancelled() or read.exception() is not None)

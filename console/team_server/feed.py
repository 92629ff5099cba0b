"""Waking long-polls: `ChangeFeed` is rung when a change is committed, by this process directly
and, on PostgreSQL, by every process through `LISTEN team_changes` (`NotifyListener`).

A waiter holds a connection and a place in the feed, so their number is bounded: per agent
(one agent's consoles cannot take every place) and per process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator

import psycopg
from sqlalchemy.engine import URL

from console.domain.notices import Wording
from console.relay.store import CONNECT_TIMEOUT
from console.team_server.store import AGENTS_CHANNEL, NOTIFY_CHANNEL, Refusal

__all__ = ["ChangeFeed", "NotifyListener"]

MAX_WAITERS = 500
MAX_WAITERS_PER_AGENT = 4
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0)

TOO_MANY_WAITERS = Wording("team.too_many_waiters", "this server is following too many consoles; try again in a moment")
AGENT_WAITERS = Wording("team.agent_waiters", "agent {name} already follows the changes {count} times at once on this server")

log = logging.getLogger("console.team_server")


class ChangeFeed:
    """The newest change id this process has heard of, and the waiters to wake when it grows."""

    def __init__(self, max_waiters: int = MAX_WAITERS, per_agent: int = MAX_WAITERS_PER_AGENT) -> None:
        self.latest = 0
        self.rings = 0  # how many times it rang: a read begun at this count has seen every ring before it
        self.closed = False  # the server is stopping: waiters answer with what they have
        self._rung = asyncio.Event()
        self._max_waiters = max_waiters
        self._per_agent = per_agent
        self._waiting: Counter[str] = Counter()

    def ring(self, change_id: int) -> None:
        """A change up to `change_id` is committed: every waiter looks again."""
        self.latest = max(self.latest, change_id)
        self.rings += 1
        rung, self._rung = self._rung, asyncio.Event()
        rung.set()

    def close(self) -> None:
        """Wake every waiter for good, so that a stopping server answers its long-polls at once."""
        self.closed = True
        self.ring(self.latest)

    def doorbell(self) -> asyncio.Event:
        """Set at the next ring: take it before reading the log, so no ring falls in between."""
        return self._rung

    @property
    def waiters(self) -> int:
        return self._waiting.total()

    @contextlib.contextmanager
    def waiting(self, agent: str) -> Iterator[None]:
        """A place among the waiters, refused (429 for the agent, 503 for the process) when none is left."""
        if self._waiting[agent] >= self._per_agent:
            raise Refusal(AGENT_WAITERS(name=agent, count=self._per_agent), 429)
        if self.waiters >= self._max_waiters:
            raise Refusal(TOO_MANY_WAITERS(), 503)
        self._waiting[agent] += 1
        try:
            yield
        finally:
            self._waiting[agent] -= 1
            if not self._waiting[agent]:
                del self._waiting[agent]


class NotifyListener:
    """Rings the feed for every `NOTIFY team_changes` from any server process on the database,
    and calls `revoked` for every `NOTIFY team_agents` (an agent revoked).

    Whenever it (re)connects it rings with the last committed id, read by `last_change`, so
    a change committed while it was not listening still wakes the waiters, and calls `revoked`,
    as an agent may have been revoked meanwhile.
    """

    def __init__(
        self, url: URL, feed: ChangeFeed, last_change: Callable[[], Awaitable[int]], revoked: Callable[[], None]
    ) -> None:
        # libpq's own form of the SQLAlchemy URL; it carries the password, so it is never logged.
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._feed = feed
        self._last_change = last_change
        self._revoked = revoked
        self.listening = asyncio.Event()

    async def run(self) -> None:
        failures = 0
        while True:
            try:
                connecting = psycopg.AsyncConnection.connect(self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
                async with await connecting as connection:
                    await connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    await connection.execute(f"LISTEN {AGENTS_CHANNEL}")
                    self._revoked()
                    self._feed.ring(await self._last_change())
                    self.listening.set()
                    failures = 0
                    async for notify in connection.notifies():
                        if notify.channel == AGENTS_CHANNEL:
                            self._revoked()
                        else:
                            self._feed.ring(int(notify.payload))
            except Exception as error:  # the database went away: reconnect; waiters still end by their timeout
                self.listening.clear()
                delay = RECONNECT_DELAYS[min(failures, len(RECONNECT_DELAYS) - 1)]
                failures += 1
                if failures == 1 or failures % 100 == 0:
                    log.warning("Lost the database's change notifications (%s); reconnecting", type(error).__name__)
                await asyncio.sleep(delay)

"""A presence ("Ana is on this conversation") lasts while Ana's console is alive, not the minute
an open is good for: a console that dies or loses the network never says it left.

A living console always follows the change log (`GET /team/changes`, a long-poll asked again as
soon as it is answered). Each process keeps in memory which agents follow it (`Followers`: a
request under way, or one answered within the last `beat`) — nothing is written per request.
Every `beat` seconds, in one transaction, it writes that those agents were following
(`team_agent.following_ms`, one statement) and ends the presences of agents no process has
marked for `grace` seconds (`TeamStore.presence_beat`): the database decides across processes, and a
console's presence ends about `grace` seconds after its last long-poll. Times are the hosts'
clocks, which must agree within a second or two (NTP).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from console.team_server.feed import ChangeFeed
from console.team_server.store import TeamStore

__all__ = ["Followers", "PresenceTimes", "PresenceWatch"]

log = logging.getLogger("console.team_server")


@dataclass(frozen=True, slots=True)
class PresenceTimes:
    beat: float = 2.0  # seconds between a process's marks (and its look for absent agents)
    grace: float = 10.0  # seconds after an agent's last long-poll that their presence ends


class Followers:
    """The agents following the change log on this process: a request under way whose client is
    still connected, or one answered within `beat` seconds. A console that died while its
    long-poll waits (its connection closed) no longer counts, though the request waits on."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._under_way: dict[int, tuple[str, Callable[[], bool]]] = {}
        self._answered: dict[str, float] = {}

    @contextlib.contextmanager
    def following(self, agent: str, connected: Callable[[], bool]) -> Iterator[None]:
        """A request of `agent`'s for the change log, under way; `connected`: whether its client is still there."""
        key = object()
        self._under_way[id(key)] = (agent, connected)
        try:
            yield
        finally:
            del self._under_way[id(key)]
            if connected():
                self._answered[agent] = self._clock()

    def current(self, beat: float) -> list[str]:
        """The agents following now or within `beat` seconds; older answers are forgotten."""
        since = self._clock() - beat
        self._answered = {agent: at for agent, at in self._answered.items() if at >= since}
        waiting = {agent for agent, connected in self._under_way.values() if connected()}
        return sorted(waiting | set(self._answered))


class PresenceWatch:
    """Marks this process's followers and ends absent agents' presences, every `beat` seconds."""

    def __init__(self, store: TeamStore, followers: Followers, feed: ChangeFeed, times: PresenceTimes) -> None:
        self._store = store
        self._followers = followers
        self._feed = feed
        self._times = times

    async def beat(self) -> None:
        following = self._followers.current(self._times.beat)
        now_ms, grace_ms = int(time.time() * 1000), int(self._times.grace * 1000)
        ended = await asyncio.to_thread(self._store.presence_beat, following, now_ms, grace_ms)
        if ended:
            self._feed.ring(ended[-1].id)

    async def run(self) -> None:
        failures = 0
        while True:
            try:
                await self.beat()
                failures = 0
            except Exception as error:  # the database went away: try again at the next beat
                failures += 1
                if failures == 1 or failures % 100 == 0:
                    log.warning("Could not mark the consoles following or end absent presences (%s)", type(error).__name__)
            await asyncio.sleep(self._times.beat)

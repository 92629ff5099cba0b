"""Which agent a token belongs to, remembered briefly so that a long-poll's checks need no query.

Only tokens that are valid are remembered, each for `TOKEN_SECONDS`: a revoked token stops
working on every process within that time at most. On PostgreSQL a revocation also sends
`NOTIFY team_agents` (`store.AGENTS_CHANNEL`), on which every process forgets all it remembers
(`NotifyListener`), so there it stops working as soon as the notification arrives.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from console.team_server.store import token_digest

__all__ = ["TOKEN_SECONDS", "AgentCache"]

TOKEN_SECONDS = 1.0


class AgentCache:
    def __init__(
        self,
        look_up: Callable[[str], Awaitable[str | None]],
        seconds: float = TOKEN_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._look_up = look_up
        self._seconds = seconds
        self._clock = clock
        self._known: dict[str, tuple[str, float]] = {}  # token digest → (agent, until)
        self._forgotten = 0  # how many times everything was forgotten

    async def agent_for(self, token: str) -> str | None:
        """The agent of `token` unless revoked, read from the database at most `seconds` ago."""
        digest = token_digest(token)
        asked, forgotten = self._clock(), self._forgotten
        known = self._known.get(digest)
        if known is not None and known[1] > asked:
            return known[0]
        agent = await self._look_up(token)
        if agent is None:
            self._known.pop(digest, None)
        elif forgotten == self._forgotten:  # a read begun before a revocation's notice is not kept
            self._known[digest] = (agent, asked + self._seconds)
        return agent

    def forget(self) -> None:
        """An agent was revoked somewhere: every token is read again."""
        self._forgotten += 1
        self._known.clear()

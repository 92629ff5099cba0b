"""A login token and the rule for when to renew it, for the providers that log in.

Each provider subclasses `SessionToken` with its own lifetime and refresh margin and
keeps its tokens in a `TokenKeeper`; the login request itself, its errors and what a
401 means stay with the provider.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import ClassVar, Generic, TypeVar

from console.domain.redaction import Secret


@dataclass(frozen=True, slots=True)
class SessionToken:
    """A token and when it was obtained. Subclasses set `lifetime` and `refresh_margin`.

    The value is a `Secret` and stays out of the repr.
    """

    value: str = field(repr=False)
    obtained_at: datetime

    lifetime: ClassVar[timedelta]
    # Renew this long before the lifetime runs out, so no request meets expiry.
    refresh_margin: ClassVar[timedelta]

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", Secret(self.value))  # frozen: set once, here

    @property
    def expires_at(self) -> datetime:
        return self.obtained_at + self.lifetime

    def fresh(self, now: datetime) -> bool:
        return now < self.expires_at - self.refresh_margin


T = TypeVar("T", bound=SessionToken)


class TokenKeeper(Generic[T]):
    """The current token of one client, and one login at a time for concurrent callers."""

    def __init__(
        self,
        token_type: type[T],
        *,
        token: T | None = None,
        on_new_token: Callable[[T], Awaitable[None]] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._token_type = token_type
        self._token = token
        self._on_new_token = on_new_token
        self._clock = clock
        self._lock = asyncio.Lock()
        self.logins = 0  # how many tokens were obtained (health and tests read it)

    @property
    def token(self) -> T | None:
        return self._token

    async def obtained(self, value: str) -> T:
        """Keep the token a login just returned, count the login and pass the token on."""
        self._token = self._token_type(value, self._clock())
        self.logins += 1
        if self._on_new_token is not None:
            await self._on_new_token(self._token)
        return self._token

    async def valid(self, login: Callable[[], Awaitable[T]], rejected: T | None = None) -> T:
        """The current token while fresh and not `rejected`, else the one `login()` gets.

        Concurrent callers wait for one login; one whose token was rejected takes the
        token another task already got in its place instead of logging in again.
        """
        if not self._lock.locked():  # as taking the free lock would answer, without taking it (every status poll asks)
            current = self._token
            if current is not None and current is not rejected and current.fresh(self._clock()):
                return current
        async with self._lock:
            current = self._token
            if current is not None and current is not rejected and current.fresh(self._clock()):
                return current
            return await login()

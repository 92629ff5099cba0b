"""Account health as the provider's answers show it, recorded in one place.

The client pool hands out clients wrapped in `HealthRecording`, so every awaited call to a
provider counts the same whichever service made it: refused credentials mean wrong
credentials, a provider out of reach means unreachable, an answer means connected. No
service writes health itself.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from console.domain.accounts import AccountHealth, ConnectionState
from console.providers.errors import AuthenticationFailed, NotSent, OutcomeUnknown, ProviderError
from console.services.topics import HealthChanged, Topics

UNKNOWN = AccountHealth(ConnectionState.UNKNOWN)


class HealthBook:
    """Each account's health, in memory; every change is published on `topics.account_health`."""

    def __init__(self, topics: Topics) -> None:
        self._topics = topics
        self._health: dict[int, AccountHealth] = {}

    def get(self, account_id: int) -> AccountHealth:
        return self._health.get(account_id, UNKNOWN)

    def set(self, account_id: int, health: AccountHealth) -> None:
        self._health[account_id] = health
        self._topics.account_health.publish(HealthChanged(account_id, health))

    def succeeded(self, account_id: int) -> None:
        if self.get(account_id).state is not ConnectionState.CONNECTED:
            self.set(account_id, AccountHealth(ConnectionState.CONNECTED))

    def failed(self, account_id: int, error: ProviderError) -> None:
        """Only failures that say something about the account; a refused message does not."""
        if isinstance(error, AuthenticationFailed):
            self.set(account_id, AccountHealth(ConnectionState.WRONG_CREDENTIALS, error.notice))
        elif isinstance(error, NotSent | OutcomeUnknown):
            self.set(account_id, AccountHealth(ConnectionState.UNREACHABLE, error.notice))

    def forget(self, account_id: int) -> None:
        """The account's client is gone (new credentials or address, or the account removed)."""
        previous = self._health.pop(account_id, None)
        if previous is not None and previous.state is not ConnectionState.UNKNOWN:
            self._topics.account_health.publish(HealthChanged(account_id, UNKNOWN))


class HealthRecording:
    """A provider client whose every awaited call records the account's health.

    Everything else (properties such as `token`, plain methods) passes through untouched.
    """

    def __init__(self, client: object, account_id: int, book: HealthBook) -> None:
        self._client = client
        self._account_id = account_id
        self._book = book

    @property
    def wrapped(self) -> object:
        """The provider's own client."""
        return self._client

    def __repr__(self) -> str:
        return f"HealthRecording({self._client!r})"

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not inspect.iscoroutinefunction(attribute):
            return attribute
        recorded = self._recorded(attribute)
        setattr(self, name, recorded)  # the client is fixed: later look-ups skip this (a poll is a hot path)
        return recorded

    def _recorded(self, call: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(call)
        async def recorded(*args: Any, **kwargs: Any) -> Any:
            try:
                result = await call(*args, **kwargs)
            except ProviderError as error:
                self._book.failed(self._account_id, error)
                raise
            self._book.succeeded(self._account_id)
            return result

        return recorded

"""The embedded relay's events, read in this process from its store.

The relay runs in this very process, so its store is read directly (off the loop) instead
of over loopback HTTP, and the reader is woken as soon as the relay commits a callback.
Team relays elsewhere are still read over HTTP (`relay_reader.HttpEventFeed`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from console.services.callbacks import CallbackEvent

ADDRESS = "in-process"


class StoredCallback(Protocol):
    """One callback as the relay's store holds it."""

    @property
    def id(self) -> int: ...
    @property
    def route(self) -> str: ...
    @property
    def provider(self) -> str: ...
    @property
    def received_at(self) -> str: ...
    @property
    def body(self) -> bytes: ...
    @property
    def quarantined(self) -> bool: ...
    @property
    def reason(self) -> str | None: ...


class LocalEvents(Protocol):
    """A relay whose store this process can read."""

    async def stored_events(self, after: int, limit: int) -> Sequence[StoredCallback]:
        """Events after `after` in id order, read without blocking the loop."""
        ...

    async def wait_for_events(self, timeout: float) -> None:
        """Return once a callback was stored since the last read, at the latest after `timeout`."""
        ...


class EmbeddedFeed:
    def __init__(self, relay: LocalEvents, name: str) -> None:
        self._relay = relay
        self.name = name  # the cursor's key
        self.address = ADDRESS

    def __repr__(self) -> str:
        return f"EmbeddedFeed({self.name!r})"

    async def events_after(self, after: int, limit: int) -> list[CallbackEvent]:
        return [_event(stored) for stored in await self._relay.stored_events(after, limit)]

    async def wait(self, timeout: float) -> None:
        await self._relay.wait_for_events(timeout)


def _event(stored: StoredCallback) -> CallbackEvent:
    """The same event a relay's `GET /events` describes."""
    return CallbackEvent(
        id=stored.id,
        provider=stored.provider,
        route=stored.route,
        received_at=datetime.fromisoformat(stored.received_at),
        quarantined=stored.quarantined,
        reason=stored.reason,
        body=stored.body.decode("utf-8", errors="replace"),
    )

"""Reading a callback relay: read its events after the stored cursor, apply them in order.

A console closed for a day catches up on everything when it reopens: the cursor lives
in the console's database and moves in the same transaction as each applied event.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from console.domain.accounts import Account
from console.providers.errors import AuthenticationFailed, MalformedAnswer, ProviderUnavailable
from console.services import relay_wordings
from console.services.callbacks import CallbackApplier, CallbackEvent
from console.store import callbacks as callback_queries
from console.store.database import Database

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

BATCH = 500


class EventFeed(Protocol):
    """Where callbacks are read from: the embedded relay's store or a team relay's API."""

    name: str  # the cursor's key
    address: str  # where it is read from

    async def events_after(self, after: int, limit: int) -> list[CallbackEvent]: ...

    async def wait(self, timeout: float) -> None:
        """Return when new events may be there, at the latest after `timeout` seconds."""
        ...


class HttpEventFeed:
    """A team relay's `GET /events?after=ID&limit=N`, with its bearer token."""

    def __init__(self, http: httpx.AsyncClient, base_url: str, token: str, name: str | None = None) -> None:
        self._base = base_url.rstrip("/")
        self.address = self._base
        self.name = name or self._base  # the cursor's key: the relay's URL, unless it changes per run
        self._http = http
        self._token = token

    def __repr__(self) -> str:
        return f"HttpEventFeed({self._base!r}, token=<hidden>)"

    async def events_after(self, after: int, limit: int) -> list[CallbackEvent]:
        from console.providers.transport import classified_transport_errors, json_body  # httpx loads with the first request

        async with classified_transport_errors(relay_wordings.THE_RELAY()):
            response = await self._http.get(
                f"{self._base}/events",
                params={"after": after, "limit": limit},
                headers={"Authorization": f"Bearer {self._token}"},
            )
        if response.status_code in (401, 403):
            raise AuthenticationFailed(relay_wordings.TOKEN_REFUSED(), status_code=response.status_code)
        if response.status_code != 200:
            raise ProviderUnavailable(relay_wordings.ANSWERED(status=str(response.status_code)), status_code=response.status_code)
        body = json_body(response, relay_wordings.THE_RELAY())
        try:
            return [_event(item) for item in body["events"]]
        except (KeyError, TypeError, ValueError):
            raise MalformedAnswer(relay_wordings.UNREADABLE_EVENTS()) from None

    async def wait(self, timeout: float) -> None:
        await asyncio.sleep(timeout)  # a relay elsewhere can only be asked again


def _event(item: dict[str, Any]) -> CallbackEvent:
    return CallbackEvent(
        id=int(item["id"]),
        provider=str(item["provider"]),
        route=str(item["route"]),
        received_at=datetime.fromisoformat(item["received_at"]),
        quarantined=bool(item["quarantined"]),
        reason=item.get("reason"),
        body=_body_text(item),
    )


def _body_text(item: dict[str, Any]) -> str:
    """The body as the provider sent it: bytes that are not UTF-8 come as `body_base64` and are read as
    Latin-1, which keeps every byte (and is what such a provider most likely meant)."""
    if "body_base64" not in item:
        return str(item["body"])
    return base64.b64decode(item["body_base64"], validate=True).decode("latin-1")


Routes = Callable[[], Awaitable[dict[str, Account]]]


class RelayReader:
    def __init__(
        self,
        db: Database,
        applier: CallbackApplier,
        feed: EventFeed,
        routes: Routes,
        *,
        interval: float = 1.0,
        max_backoff: float = 60.0,
    ) -> None:
        self._db = db
        self._applier = applier
        self._feed = feed
        self._routes = routes
        self._interval = interval
        self._max_backoff = max_backoff

    async def catch_up(self) -> int:
        """Apply everything the feed holds after the cursor; how many events were applied."""
        applied = 0
        while True:
            after = await self._db.run(callback_queries.cursor, self._feed.name)
            events = await self._feed.events_after(after, BATCH)
            if not events:
                return applied
            routes = await self._routes()
            for event in events:
                await self._applier.apply(routes.get(event.route), event, self._feed.name)
            applied += len(events)

    async def run(self) -> None:
        """Catch up, then again whenever the feed may have more (at least every `interval`);
        back off (doubling, up to `max_backoff`) while the feed fails."""
        pause = self._interval
        while True:
            try:
                await self.catch_up()
            except Exception as error:  # noqa: BLE001 - any failure of the feed means: try again later
                log.warning("reading callbacks from %s failed: %s", self._feed.name, error)
                pause = min(self._max_backoff, pause * 2)
                await asyncio.sleep(pause)
            else:
                pause = self._interval
                await self._feed.wait(pause)

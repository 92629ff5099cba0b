"""The callbacks Broadcasterbot would push, recorded in the order their events happen.

Events are scheduled for a time on the simulator's clock and become recorded callbacks
once that time is reached (`settle`). New events are never scheduled in the past, so a
recorded list only grows at its end. Each callback is handed to `on_record` as it is
recorded, so that it can be POSTed, exactly as recorded, to the account's callback URL;
`follow` records them on time instead of on the next look. `shape` may bend a body as it
is recorded, or hold it back to travel with the next one (see `broadcasterbot_variants`).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from console.sandbox.broadcasterbot_bodies import Contact
from console.sandbox.plumbing import Clock

OnRecord = Callable[[str, dict[str, Any]], None]
Shape = Callable[[str, dict[str, Any]], dict[str, Any] | None]


@dataclass(order=True, slots=True)
class _Due:
    at: float
    seq: int  # ties keep scheduling order
    account: str = field(compare=False)
    body: dict[str, Any] = field(compare=False)


class CallbackTimeline:
    def __init__(self, on_record: OnRecord, shape: Shape = lambda account, body: body) -> None:
        self._on_record = on_record
        self._shape = shape
        self._due: list[_Due] = []
        self._seq = 0
        self._recorded: dict[str, list[dict[str, Any]]] = {}
        self._changed = asyncio.Event()  # wakes `follow`

    def schedule(self, account: str, at: float, body: dict[str, Any]) -> None:
        self._seq += 1
        heapq.heappush(self._due, _Due(at, self._seq, account, body))
        self._changed.set()

    def clock_moved(self) -> None:
        """The clock jumped (`advance`): `follow` must look again."""
        self._changed.set()

    def settle(self, now: float) -> None:
        """Record every callback whose time has come, oldest first."""
        while self._due and self._due[0].at <= now:
            due = heapq.heappop(self._due)
            body = self._shape(due.account, due.body)
            if body is not None:
                self._recorded.setdefault(due.account, []).append(body)
                self._on_record(due.account, body)

    async def follow(self, now: Clock) -> None:
        """Settle each callback when its time comes, until cancelled (a task on the simulator's loop)."""
        while True:
            self._changed.clear()
            self.settle(now())
            wait = self._due[0].at - now() if self._due else None
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancel that
            # arrives as the event is set, and a close would then wait for the next timeout.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._changed.wait()

    def recorded(self, account: str) -> list[dict[str, Any]]:
        return list(self._recorded.get(account, []))


def status_callback(success: bool, state: str, message_id: str, recipient: Contact) -> dict[str, Any]:
    """A delivery report, shaped as doc §6.1.2."""
    return {
        "statuses": [
            {
                "status": "success" if success else "failure",
                "state": state,
                "messageId": message_id,
                "recipient": recipient.wire(),
            }
        ]
    }


def message_callback(message_id: str, sender: Contact, content: dict[str, Any]) -> dict[str, Any]:
    """A customer's message, shaped as doc §6.1.1; `content` is one of the `*_content` below."""
    return {"messages": [{"messageId": message_id, "contact": sender.wire(), **content}]}


def text_message_callback(message_id: str, sender: Contact, text: str) -> dict[str, Any]:
    return message_callback(message_id, sender, text_content(text))


def text_content(body: str) -> dict[str, Any]:
    return {"text": {"body": body, "previewUrl": False}}


def image_content(url: str, filename: str, mime_type: str, caption: str | None) -> dict[str, Any]:
    """A file the customer sent, as a link to where the provider keeps it."""
    return {"media": {"type": "image", "url": url, "caption": caption, "filename": filename, "mimeType": mime_type}}


def location_content(latitude: float, longitude: float, place: str | None, address: str | None) -> dict[str, Any]:
    """A place the customer shared; the doc writes the coordinates as text."""
    return {"location": {"latitud": f"{latitude:.6f}", "longitud": f"{longitude:.6f}", "placeName": place, "address": address}}

"""Callbacks Broadcasterbot may push that the simulator does not push by default (doc §6.1).

Armed as `FaultKind.VARIANT` faults on two routes that are not requests but the bodies the
simulator records: `status_callback` bends the next delivery report, `message_callback` the
next customer message. Each variant is one thing the document allows or leaves open:

- `deleted`: the report says `deleted` ("eliminado o ha expirado"), with status `failure`;
- `unknown_state`: the report's state is one the document's table does not list;
- `no_recipient`: the report leaves out its `recipient`;
- `media` / `location`: the customer sends a photo, or a place, instead of text;
- `contacts_array`: the sender is written as the document's table reads ("contact ...
  Arreglo", sub-keys `contacts.phone`): `"contacts": [{"phone", "country"}]`;
- `mixed`: the customer's message waits and travels with the next callback of the same
  account, in one body with its `statuses` (the document: "messages y/o statuses").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from console.sandbox.faults import Fault

STATUS_ROUTE = "status_callback"
MESSAGE_ROUTE = "message_callback"
VARIANTS: dict[str, tuple[str, ...]] = {
    STATUS_ROUTE: ("deleted", "unknown_state", "no_recipient"),
    MESSAGE_ROUTE: ("media", "location", "contacts_array", "mixed"),
}
UNLISTED_STATE = "pending"  # a state the document's table does not list
MEDIA_HOST = "https://media.example.com/broadcasterbot"
PLACE = {"latitud": "19.4326077", "longitud": "-99.133208", "placeName": "Zócalo", "address": "Plaza de la Constitución, CDMX"}

TakeFault = Callable[[str], Fault | None]
Body = dict[str, Any]


class CallbackVariants:
    """Bends each callback body as it is recorded, as the variants armed on its route ask."""

    def __init__(self, take: TakeFault) -> None:
        self._take = take
        self._held: dict[str, Body] = {}  # by account: a message waiting to travel with the next body

    def shape(self, account: str, body: Body) -> Body | None:
        """The body to record now (merged with any held one), or None when it waits for the next."""
        route = MESSAGE_ROUTE if "messages" in body else STATUS_ROUTE
        fault = self._take(route)
        variant = fault.variant if fault is not None else None
        if variant is not None and variant != "mixed":
            body = _BENDS[variant](body)
        held = self._held.pop(account, None)
        if held is not None:
            body = _merged(held, body)
        if variant == "mixed":
            self._held[account] = body
            return None
        return body


def _each_status(body: Body, change: Callable[[Body], Body]) -> Body:
    return {**body, "statuses": [change(dict(status)) for status in body["statuses"]]}


def _each_message(body: Body, change: Callable[[Body], Body]) -> Body:
    return {**body, "messages": [change(dict(message)) for message in body["messages"]]}


def _deleted(status: Body) -> Body:
    return {**status, "status": "failure", "state": "deleted"}


def _unknown_state(status: Body) -> Body:
    return {**status, "state": UNLISTED_STATE}


def _no_recipient(status: Body) -> Body:
    status.pop("recipient", None)
    return status


def _media(message: Body) -> Body:
    caption = message.pop("text", {}).get("body")
    name = f"foto-{message['messageId'][:8]}.jpg"
    media = {"type": "image", "url": f"{MEDIA_HOST}/{name}", "filename": name, "mimeType": "image/jpeg"}
    return {**message, "media": {**media, "caption": caption} if caption else media}


def _location(message: Body) -> Body:
    message.pop("text", None)
    return {**message, "location": dict(PLACE)}


def _contacts_array(message: Body) -> Body:
    sender = message.pop("contact")
    return {**message, "contacts": [sender]}


_BENDS: dict[str, Callable[[Body], Body]] = {
    "deleted": lambda body: _each_status(body, _deleted),
    "unknown_state": lambda body: _each_status(body, _unknown_state),
    "no_recipient": lambda body: _each_status(body, _no_recipient),
    "media": lambda body: _each_message(body, _media),
    "location": lambda body: _each_message(body, _location),
    "contacts_array": lambda body: _each_message(body, _contacts_array),
}


def _merged(first: Body, second: Body) -> Body:
    """One body with the messages and the statuses of both, each list in order."""
    merged: Body = {}
    for key in ("messages", "statuses"):
        items = [*first.get(key, []), *second.get(key, [])]
        if items:
            merged[key] = items
    return merged

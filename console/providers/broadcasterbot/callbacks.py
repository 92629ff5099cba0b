"""Broadcasterbot's callbacks (doc §6.1): customers' messages and delivery reports of ours.

One body may carry `messages` and `statuses` together ("messages y/o statuses"). Each item
is read on its own: one that cannot be read is kept as an `UnreadableItem` (raw, with the
reason) and its neighbours are applied, so a bad report never loses a customer's message.

What the document leaves open, and what we assume:
- an incoming message names its sender under `contact`, typed "Object" yet described as
  "Arreglo del contacto", with sub-keys written `contacts.phone`: `contact` and `contacts`,
  each an object or a one-element array, are all read;
- a report's `recipient` only repeats whom the message went to: a report without it is
  still applied, by its `messageId`;
- a state the table does not list means nothing we can show: such a report is set aside,
  unless its status is "failure", which says enough.
"""

from __future__ import annotations

import json
import math
from typing import Any

from console.domain.callbacks import CallbackItem, CustomerMessage, ReportedStatus, UnreadableItem
from console.domain.capabilities import MediaKind
from console.domain.content import LocationContent, MediaContent, TextContent
from console.domain.payloads import kept_payload
from console.domain.phones import Phone
from console.providers.broadcasterbot.client import ContactRef
from console.providers.broadcasterbot.states import PROVIDER, reason_of, state_of
from console.providers.errors import MalformedAnswer

SENDER_KEYS = ("contact", "contacts")


class _Unreadable(Exception):
    """One item cannot be read; the text says why, as a sentence."""


def parse_callback(text: str) -> list[CallbackItem]:
    """Every report and message of one body, reports first, each readable or set aside.
    `MalformedAnswer` (or `ValueError`) only when the body itself is no callback."""
    body = json.loads(text)
    if not isinstance(body, dict):
        raise MalformedAnswer(f"{PROVIDER} sent a callback that is not a JSON object.")
    parts = [(key, body[key]) for key in ("statuses", "messages") if body.get(key) is not None]
    if not parts:
        raise MalformedAnswer(f"{PROVIDER} sent a callback with neither messages nor statuses.")
    alone = sum(len(entries) if isinstance(entries, list) else 1 for _, entries in parts) == 1
    items: list[CallbackItem] = []
    for key, entries in parts:
        if not isinstance(entries, list):
            items.append(UnreadableItem(_as_json(entries), f"{PROVIDER} sent '{key}' that is not a list."))
            continue
        for entry in entries:
            try:
                # The body as received when it holds this item alone; else the item itself.
                items.append(_report(entry, text if alone else None) if key == "statuses" else _message(entry))
            except (_Unreadable, MalformedAnswer) as problem:
                items.append(UnreadableItem(_as_json(entry), str(problem)))
    return items


def _report(entry: Any, whole_body: str | None) -> ReportedStatus:
    if not isinstance(entry, dict):
        raise _Unreadable(f"{PROVIDER} sent a delivery report that is not an object.")
    status, raw_state, message_id = entry.get("status"), _text(entry.get("state")), _text(entry.get("messageId"))
    if message_id is None:
        raise _Unreadable(f"{PROVIDER} sent a delivery report without the id of the message it is about.")
    if status not in ("success", "failure"):
        raise _Unreadable(f"{PROVIDER} sent a delivery report whose status is neither success nor failure.")
    state = state_of(status, raw_state)
    if state is None:
        shown = f"'{raw_state}'" if raw_state else "no state"
        raise _Unreadable(f"{PROVIDER} sent a delivery report in a state its document does not list ({shown}).")
    payload = kept_payload(whole_body or _as_json(entry))
    return ReportedStatus(message_id, state, raw_state or status, reason_of(state, raw_state), payload)


def _message(entry: Any) -> CustomerMessage:
    if not isinstance(entry, dict):
        raise _Unreadable(f"{PROVIDER} sent an incoming message that is not an object.")
    message_id = _text(entry.get("messageId"))
    if message_id is None:
        raise _Unreadable(f"{PROVIDER} sent an incoming message without its id.")
    return CustomerMessage(_sender(entry), message_id, _content(entry))


def _sender(entry: dict[str, Any]) -> Phone:
    """The sender under `contact` or `contacts`, an object or a one-element array (see above)."""
    given = [entry[key] for key in SENDER_KEYS if entry.get(key) is not None]
    senders = [item for value in given for item in (value if isinstance(value, list) else [value])]
    refs = {_ref(item) for item in senders}
    if len(refs) != 1:
        problem = "without its sender" if not refs else "naming more than one sender"
        raise _Unreadable(f"{PROVIDER} sent an incoming message {problem}.")
    return refs.pop().to_phone()


def _ref(value: Any) -> ContactRef:
    phone, country = (value.get("phone"), value.get("country")) if isinstance(value, dict) else (None, None)
    if not (isinstance(phone, str | int) and not isinstance(phone, bool) and str(phone) and isinstance(country, str)):
        raise _Unreadable(f"{PROVIDER} sent an incoming message whose sender has no readable phone and country.")
    return ContactRef(str(phone), country.upper())


def _content(entry: dict[str, Any]) -> TextContent | MediaContent | LocationContent:
    """One of `text`, `media`, `location` (the doc: never all at once; the first present wins)."""
    text, media, location = entry.get("text"), entry.get("media"), entry.get("location")
    if isinstance(text, dict) and isinstance(text.get("body"), str):
        return TextContent(text["body"], bool(text.get("previewUrl", False)))
    if isinstance(media, dict) and isinstance(media.get("url"), str):
        try:
            kind = MediaKind(str(media.get("type")))
        except ValueError:
            raise _Unreadable(f"{PROVIDER} sent a file of a type its document does not list ({media.get('type')}).") from None
        return MediaContent(
            kind, media["url"], _text(media.get("caption")), _text(media.get("filename")), _text(media.get("mimeType"))
        )
    if isinstance(location, dict):
        try:
            latitude, longitude = float(location["latitud"]), float(location["longitud"])
        except (KeyError, TypeError, ValueError):
            latitude = longitude = math.nan
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # NaN fails both
            raise _Unreadable(f"{PROVIDER} sent a location without readable coordinates.")
        return LocationContent(latitude, longitude, _text(location.get("placeName")), _text(location.get("address")))
    raise _Unreadable(f"{PROVIDER} sent an incoming message with no text, file or location.")


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)

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
from console.domain.content import LocationContent, MediaContent, MediaKind, TextContent
from console.domain.notices import NoticeError, Wording
from console.domain.payloads import kept_payload
from console.domain.phones import Phone
from console.providers.broadcasterbot.client import ContactRef
from console.providers.broadcasterbot.states import reason_of, state_of
from console.providers.errors import MalformedAnswer

SENDER_KEYS = ("contact", "contacts")

NOT_AN_OBJECT = Wording("broadcasterbot.callback_not_object", "Broadcasterbot sent a callback that is not a JSON object.")
NOTHING_IN_IT = Wording("broadcasterbot.callback_empty", "Broadcasterbot sent a callback with neither messages nor statuses.")
PART_NOT_A_LIST = Wording("broadcasterbot.callback_part_not_list", "Broadcasterbot sent '{key}' that is not a list.")
REPORT_NOT_OBJECT = Wording("broadcasterbot.report_not_object", "Broadcasterbot sent a delivery report that is not an object.")
REPORT_WITHOUT_ID = Wording(
    "broadcasterbot.report_without_id", "Broadcasterbot sent a delivery report without the id of the message it is about."
)
REPORT_BAD_STATUS = Wording(
    "broadcasterbot.report_bad_status", "Broadcasterbot sent a delivery report whose status is neither success nor failure."
)
REPORT_UNLISTED_STATE = Wording(
    "broadcasterbot.report_unlisted_state",
    "Broadcasterbot sent a delivery report in a state its document does not list ('{state}').",
)
REPORT_NO_STATE = Wording(
    "broadcasterbot.report_no_state", "Broadcasterbot sent a delivery report in a state its document does not list (no state)."
)
MESSAGE_NOT_OBJECT = Wording(
    "broadcasterbot.message_not_object", "Broadcasterbot sent an incoming message that is not an object."
)
MESSAGE_WITHOUT_ID = Wording("broadcasterbot.message_without_id", "Broadcasterbot sent an incoming message without its id.")
MESSAGE_WITHOUT_SENDER = Wording(
    "broadcasterbot.message_without_sender", "Broadcasterbot sent an incoming message without its sender."
)
MESSAGE_MANY_SENDERS = Wording(
    "broadcasterbot.message_many_senders", "Broadcasterbot sent an incoming message naming more than one sender."
)
SENDER_UNREADABLE = Wording(
    "broadcasterbot.sender_unreadable", "Broadcasterbot sent an incoming message whose sender has no readable phone and country."
)
UNLISTED_FILE_TYPE = Wording(
    "broadcasterbot.unlisted_file_type", "Broadcasterbot sent a file of a type its document does not list ({type})."
)
BAD_COORDINATES = Wording("broadcasterbot.bad_coordinates", "Broadcasterbot sent a location without readable coordinates.")
NO_CONTENT = Wording("broadcasterbot.no_content", "Broadcasterbot sent an incoming message with no text, file or location.")


class _Unreadable(NoticeError):
    """One item cannot be read; the notice says why."""


def parse_callback(text: str) -> list[CallbackItem]:
    """Every report and message of one body, reports first, each readable or set aside.
    `MalformedAnswer` (or `ValueError`) only when the body itself is no callback."""
    body = json.loads(text)
    if not isinstance(body, dict):
        raise MalformedAnswer(NOT_AN_OBJECT())
    parts = [(key, body[key]) for key in ("statuses", "messages") if body.get(key) is not None]
    if not parts:
        raise MalformedAnswer(NOTHING_IN_IT())
    alone = sum(len(entries) if isinstance(entries, list) else 1 for _, entries in parts) == 1
    items: list[CallbackItem] = []
    for key, entries in parts:
        if not isinstance(entries, list):
            items.append(UnreadableItem(_as_json(entries), PART_NOT_A_LIST(key=key)))
            continue
        for entry in entries:
            try:
                # The body as received when it holds this item alone; else the item itself.
                items.append(_report(entry, text if alone else None) if key == "statuses" else _message(entry))
            except (_Unreadable, MalformedAnswer) as problem:
                items.append(UnreadableItem(_as_json(entry), problem.notice))
    return items


def _report(entry: Any, whole_body: str | None) -> ReportedStatus:
    if not isinstance(entry, dict):
        raise _Unreadable(REPORT_NOT_OBJECT())
    status, raw_state, message_id = entry.get("status"), _text(entry.get("state")), _text(entry.get("messageId"))
    if message_id is None:
        raise _Unreadable(REPORT_WITHOUT_ID())
    if status not in ("success", "failure"):
        raise _Unreadable(REPORT_BAD_STATUS())
    state = state_of(status, raw_state)
    if state is None:
        raise _Unreadable(REPORT_UNLISTED_STATE(state=raw_state) if raw_state else REPORT_NO_STATE())
    payload = kept_payload(whole_body or _as_json(entry))
    return ReportedStatus(message_id, state, raw_state or status, reason_of(state, raw_state), payload)


def _message(entry: Any) -> CustomerMessage:
    if not isinstance(entry, dict):
        raise _Unreadable(MESSAGE_NOT_OBJECT())
    message_id = _text(entry.get("messageId"))
    if message_id is None:
        raise _Unreadable(MESSAGE_WITHOUT_ID())
    return CustomerMessage(_sender(entry), message_id, _content(entry))


def _sender(entry: dict[str, Any]) -> Phone:
    """The sender under `contact` or `contacts`, an object or a one-element array (see above)."""
    given = [entry[key] for key in SENDER_KEYS if entry.get(key) is not None]
    senders = [item for value in given for item in (value if isinstance(value, list) else [value])]
    refs = {_ref(item) for item in senders}
    if len(refs) != 1:
        raise _Unreadable(MESSAGE_WITHOUT_SENDER() if not refs else MESSAGE_MANY_SENDERS())
    return refs.pop().to_phone()


def _ref(value: Any) -> ContactRef:
    phone, country = (value.get("phone"), value.get("country")) if isinstance(value, dict) else (None, None)
    if not (isinstance(phone, str | int) and not isinstance(phone, bool) and str(phone) and isinstance(country, str)):
        raise _Unreadable(SENDER_UNREADABLE())
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
            raise _Unreadable(UNLISTED_FILE_TYPE(type=str(media.get("type")))) from None
        return MediaContent(
            kind, media["url"], _text(media.get("caption")), _text(media.get("filename")), _text(media.get("mimeType"))
        )
    if isinstance(location, dict):
        try:
            latitude, longitude = float(location["latitud"]), float(location["longitud"])
        except (KeyError, TypeError, ValueError):
            latitude = longitude = math.nan
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # NaN fails both
            raise _Unreadable(BAD_COORDINATES())
        return LocationContent(latitude, longitude, _text(location.get("placeName")), _text(location.get("address")))
    raise _Unreadable(NO_CONTENT())


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)

"""The Cloud API's webhooks: `{"object": "whatsapp_business_account", "entry": [{"changes":
[{"field": "messages", "value": {"metadata", "contacts", "messages", "statuses"}}]}]}`.

Each message and status is read on its own: one that cannot be read is set aside (raw, with
the reason) and its neighbours are applied. A status keeps its `conversation` and `pricing`
in the payload kept with the event, and says them in its timeline line.

What is assumed:
- inbound files arrive as a media id, not a link (fetching them needs the access token):
  they are shown as text naming the kind, caption and file name;
- a customer's business-scoped user id is `from_user_id` on the message and `user_id` on
  its contact (Meta's usernames rollout); a customer who hides their number comes with it
  alone, no `from` / `wa_id`, and is named by it.
"""

from __future__ import annotations

import json
from typing import Any

from console.domain.callbacks import CallbackItem, CustomerMessage, ReportedStatus, UnreadableItem
from console.domain.content import LocationContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.payloads import kept_payload
from console.domain.phones import parse_wa_id
from console.domain.user_ids import is_user_id
from console.providers.errors import MalformedAnswer
from console.providers.whatsapp_cloud.errors import PROVIDER, status_failure_reason

STATES = {
    "sent": DeliveryState.SENT,
    "delivered": DeliveryState.DELIVERED,
    "read": DeliveryState.READ,
    "failed": DeliveryState.FAILED,
    "deleted": DeliveryState.DELETED,
}
_FILES = ("image", "audio", "video", "document", "sticker")


class _Unreadable(Exception):
    """One item cannot be read; the text says why, as a sentence."""


def parse_callback(text: str) -> list[CallbackItem]:
    """Every status and message of a webhook body, statuses first."""
    body = json.loads(text)
    if not isinstance(body, dict) or not isinstance(body.get("entry"), list):
        raise MalformedAnswer(f"{PROVIDER} sent a webhook without 'entry'.")
    statuses: list[CallbackItem] = []
    messages: list[CallbackItem] = []
    for value in _values(body["entry"]):
        for status in _list(value, "statuses"):
            statuses.append(_read(_status, status))
        for message in _list(value, "messages"):
            messages.append(_read(lambda m, value=value: _message(m, value), message))
    return statuses + messages


def _values(entries: list[Any]) -> list[dict[str, Any]]:
    return [
        change["value"]
        for entry in entries
        if isinstance(entry, dict)
        for change in entry.get("changes") or []
        if isinstance(change, dict) and change.get("field") == "messages" and isinstance(change.get("value"), dict)
    ]


def _list(value: dict[str, Any], key: str) -> list[Any]:
    items = value.get(key)
    return items if isinstance(items, list) else []


def _read(reader: Any, item: Any) -> CallbackItem:
    try:
        return reader(item)
    except (_Unreadable, MalformedAnswer) as problem:
        return UnreadableItem(_as_json(item), str(problem))


def _status(status: Any) -> ReportedStatus:
    if not isinstance(status, dict):
        raise _Unreadable(f"{PROVIDER} sent a status that is not an object.")
    message_id, raw = status.get("id"), status.get("status")
    if not isinstance(message_id, str) or not message_id:
        raise _Unreadable(f"{PROVIDER} sent a status without the id of the message it is about.")
    state = STATES.get(raw) if isinstance(raw, str) else None
    if state is None:
        raise _Unreadable(f"{PROVIDER} sent a status its reference does not list ({raw!r}).")
    reason = status_failure_reason(status.get("errors")) if state is DeliveryState.FAILED else _billing(status)
    return ReportedStatus(message_id, state, raw, reason, kept_payload(_as_json(status)))


def _billing(status: dict[str, Any]) -> str | None:
    """`Conversation: service; pricing: service (billable)`, for the timeline; None without either."""
    parts: list[str] = []
    conversation = status.get("conversation")
    if isinstance(conversation, dict):
        origin = conversation.get("origin")
        kind = origin.get("type") if isinstance(origin, dict) else None
        parts.append(f"conversation: {kind or conversation.get('id', '?')}")
    pricing = status.get("pricing")
    if isinstance(pricing, dict):
        billable = pricing.get("billable")
        paid = "" if billable is None else (" (billable)" if billable else " (free)")
        parts.append(f"pricing: {pricing.get('category', '?')}{paid}")
    return "; ".join(parts).capitalize() if parts else None


def _message(message: Any, value: dict[str, Any]) -> CustomerMessage:
    if not isinstance(message, dict):
        raise _Unreadable(f"{PROVIDER} sent a message that is not an object.")
    message_id, sender = message.get("id"), message.get("from")
    if not isinstance(message_id, str) or not message_id:
        raise _Unreadable(f"{PROVIDER} sent a message without its id.")
    contact = _contact(value, sender)
    user_id = message.get("from_user_id") or contact.get("user_id")
    if not (isinstance(user_id, str) and is_user_id(user_id)):
        user_id = None
    phone = None
    if isinstance(sender, str) and sender:
        try:
            phone = parse_wa_id(sender)
        except InvalidInput:
            raise _Unreadable(f"{PROVIDER} sent a message from '{sender}', which is not a WhatsApp number.") from None
    elif user_id is None:
        raise _Unreadable(f"{PROVIDER} sent a message without its sender (no number and no user id).")
    profile = contact.get("profile")
    name = _text(profile.get("name")) if isinstance(profile, dict) else None
    return CustomerMessage(phone, message_id, _content(message), user_id, name)


def _contact(value: dict[str, Any], sender: Any) -> dict[str, Any]:
    """The `contacts[]` entry of the message's sender (by `wa_id`), or the only one."""
    contacts = [c for c in _list(value, "contacts") if isinstance(c, dict)]
    matching = [c for c in contacts if sender and c.get("wa_id") == sender]
    return matching[0] if matching else (contacts[0] if len(contacts) == 1 else {})


def _content(message: dict[str, Any]) -> TextContent | LocationContent:
    kind = message.get("type")
    part = message.get(kind) if isinstance(kind, str) else None
    part = part if isinstance(part, dict) else {}
    if kind == "text" and isinstance(part.get("body"), str):
        return TextContent(part["body"])
    if kind == "location":
        try:
            latitude, longitude = float(part["latitude"]), float(part["longitude"])
        except (KeyError, TypeError, ValueError):
            raise _Unreadable(f"{PROVIDER} sent a location without readable coordinates.") from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise _Unreadable(f"{PROVIDER} sent a location without readable coordinates.")
        return LocationContent(latitude, longitude, _text(part.get("name")), _text(part.get("address")))
    if kind in _FILES:
        described = " ".join(p for p in (_text(part.get("caption")), _bracketed(part.get("filename"))) if p)
        return TextContent(f"[{kind}] {described}".rstrip())
    return TextContent(_other(kind, part, message))


def _other(kind: Any, part: dict[str, Any], message: dict[str, Any]) -> str:
    """A one-line text for the kinds the console has no content of its own for."""
    if kind == "reaction":
        return f"[reaction] {part.get('emoji') or '(removed)'}"
    if kind == "button":
        return f"[button] {part.get('text') or part.get('payload') or ''}".rstrip()
    if kind == "interactive":
        reply = part.get("button_reply") or part.get("list_reply") or {}
        title = reply.get("title") if isinstance(reply, dict) else None
        return f"[choice] {title or part.get('type') or ''}".rstrip()
    if kind == "contacts":
        people = message.get("contacts") if isinstance(message.get("contacts"), list) else []
        names = [
            p.get("name", {}).get("formatted_name", "?")
            for p in people
            if isinstance(p, dict) and isinstance(p.get("name"), dict)
        ]
        return f"[contacts] {', '.join(names)}".rstrip()
    if kind == "order":
        return "[order]"
    errors = message.get("errors")
    if kind == "unsupported" or errors:
        return f"[{kind or 'message'}] {status_failure_reason(errors)}"
    return f"[{kind}]"


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _bracketed(value: Any) -> str | None:
    text = _text(value)
    return f"({text})" if text else None


def _as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)

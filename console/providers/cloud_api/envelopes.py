"""WhatsApp Cloud API shapes (API.md appendix), as Chattigo speaks them.

Pure functions: `inbound_envelope` builds the inbound-webhook envelope we forward,
`parse_send_payload` validates a *send* payload a bot posts to our webhook and
summarises it for the chat, `is_chat_closed` spots Chattigo's closing notice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from console.providers.errors import MalformedAnswer

MEDIA_TYPES = ("image", "audio", "video", "document", "sticker")
MESSAGE_TYPES = ("text", "template", *MEDIA_TYPES, "reaction", "location", "contacts", "interactive")


@dataclass(frozen=True, slots=True)
class BotReply:
    """One valid Cloud API send payload."""

    kind: str  # the payload's `type`
    to: str  # the customer's WhatsApp id, as the bot wrote it
    summary: str  # one line for the chat view
    raw: Mapping[str, Any]


def inbound_envelope(
    *,
    account_id: str,
    display_phone_number: str,
    phone_number_id: str,
    customer_wa_id: str,
    customer_name: str,
    message_id: str,
    timestamp: datetime,
    text: str,
) -> dict[str, Any]:
    """The webhook envelope Meta posts for one inbound text message."""
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": account_id,
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": display_phone_number,
                                "phone_number_id": phone_number_id,
                            },
                            "contacts": [{"profile": {"name": customer_name}, "wa_id": customer_wa_id}],
                            "messages": [
                                {
                                    "from": customer_wa_id,
                                    "id": message_id,
                                    "timestamp": str(int(timestamp.timestamp())),
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


def is_chat_closed(body: Any) -> bool:
    """True for `{"chatBeenClosed": {"closed": true, ...}}`, alone or beside a reply.

    The doc sends the notice "together with the closing reply" without saying whether
    that means the same body or a separate post, so both are recognised.
    """
    if not isinstance(body, Mapping):
        return False
    notice = body.get("chatBeenClosed")
    return isinstance(notice, Mapping) and notice.get("closed") is True


def parse_send_payload(body: Any, source: str = "The bot") -> BotReply:
    """Validate a Cloud API send payload; `MalformedAnswer` says what is wrong.

    `source` names the sender in the error sentence ("Chattigo's bot").
    """
    try:
        return _parse(body)
    except _Invalid as problem:
        raise MalformedAnswer(f"{source} sent a message that is not a valid WhatsApp message: {problem}.") from None


class _Invalid(Exception):
    pass


def _parse(body: Any) -> BotReply:
    if not isinstance(body, Mapping):
        raise _Invalid("it is not a JSON object")
    if body.get("messaging_product") != "whatsapp":
        raise _Invalid('messaging_product is not "whatsapp"')
    to = _text(body, "to", "the recipient (to)")
    kind = body.get("type", "text")  # Cloud API: type defaults to text
    if kind not in MESSAGE_TYPES:
        raise _Invalid(f"its type '{kind}' is not a WhatsApp message type")
    context = body.get("context")
    if context is not None and not (isinstance(context, Mapping) and isinstance(context.get("message_id"), str)):
        raise _Invalid("its context has no message_id")
    if kind == "contacts":
        summary = _contacts(body.get("contacts"))
    else:
        content = body.get(kind)
        if not isinstance(content, Mapping):
            raise _Invalid(f"it has type '{kind}' but no '{kind}' object")
        summary = _SUMMARIES[kind](content) if kind in _SUMMARIES else _media(kind, content)
    return BotReply(kind, to, summary, body)


def _text(content: Mapping[str, Any], key: str, label: str, *, empty: bool = False) -> str:
    value = content.get(key)
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise _Invalid(f"{label} is missing")
    return value


def _optional_text(content: Mapping[str, Any], key: str) -> str | None:
    value = content.get(key)
    if value is not None and not isinstance(value, str):
        raise _Invalid(f"{key} is not text")
    return value or None


def _text_message(content: Mapping[str, Any]) -> str:
    if not isinstance(content.get("preview_url", False), bool):
        raise _Invalid("text.preview_url is not true or false")
    return _text(content, "body", "the text body")


def _media(kind: str, content: Mapping[str, Any]) -> str:
    link, media_id = content.get("link"), content.get("id")
    if link is None and media_id is None:
        raise _Invalid(f"the {kind} has neither a link nor an id")
    if link is not None and not _is_web_url(link):
        raise _Invalid(f"the {kind} link is not a web address")
    if media_id is not None and not (isinstance(media_id, str) and media_id):
        raise _Invalid(f"the {kind} id is not text")
    caption, filename = _optional_text(content, "caption"), _optional_text(content, "filename")
    label = " ".join(part for part in (caption, f"({filename})" if filename else None) if part)
    return f"[{kind}] {label or link or media_id}"


def _is_web_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _template(content: Mapping[str, Any]) -> str:
    name = _text(content, "name", "the template name")
    language = content.get("language")
    if not isinstance(language, Mapping) or not isinstance(language.get("code"), str) or not language["code"]:
        raise _Invalid("the template has no language code")
    components = content.get("components", [])
    if not isinstance(components, list):
        raise _Invalid("the template components are not a list")
    values: list[str] = []
    for component in components:
        if not isinstance(component, Mapping) or not isinstance(component.get("type"), str):
            raise _Invalid("a template component has no type")
        parameters = component.get("parameters", [])
        if not isinstance(parameters, list) or not all(isinstance(p, Mapping) for p in parameters):
            raise _Invalid("a template component's parameters are not a list of objects")
        if component["type"] == "body":
            values.extend(p["text"] for p in parameters if isinstance(p.get("text"), str))
    return f"[template {name}] {', '.join(values)}".rstrip()


def _reaction(content: Mapping[str, Any]) -> str:
    _text(content, "message_id", "the reacted message id")
    emoji = _text(content, "emoji", "the reaction emoji", empty=True)  # empty removes the reaction
    return f"[reaction] {emoji}" if emoji else "[reaction removed]"


def _location(content: Mapping[str, Any]) -> str:
    # Meta's examples write coordinates as numbers and as strings; both are accepted.
    latitude = _coordinate(content.get("latitude"), 90, "latitude")
    longitude = _coordinate(content.get("longitude"), 180, "longitude")
    name, address = _optional_text(content, "name"), _optional_text(content, "address")
    place = ", ".join(part for part in (name, address) if part)
    coordinates = f"({latitude:g}, {longitude:g})"
    return f"[location] {place} {coordinates}" if place else f"[location] {coordinates}"


def _coordinate(value: Any, limit: float, label: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Invalid(f"the {label} is missing")
    try:
        number = float(value)
    except ValueError:
        raise _Invalid(f"the {label} is not a number") from None
    if not math.isfinite(number) or abs(number) > limit:
        raise _Invalid(f"the {label} is out of range")
    return number


def _contacts(value: Any) -> str:
    if not isinstance(value, list) or not value:
        raise _Invalid("the contacts list is missing or empty")
    names = []
    for card in value:
        name = card.get("name") if isinstance(card, Mapping) else None
        if not isinstance(name, Mapping):
            raise _Invalid("a contact card has no name")
        names.append(_text(name, "formatted_name", "a contact card's formatted_name"))
    return f"[contacts] {', '.join(names)}"


def _interactive(content: Mapping[str, Any]) -> str:
    kind = _text(content, "type", "the interactive type")
    action = content.get("action")
    if not isinstance(action, Mapping):
        raise _Invalid("the interactive message has no action")
    body = content.get("body")
    text = _text(body, "text", "the interactive body text") if isinstance(body, Mapping) else ""
    if kind in ("button", "list") and not text:
        raise _Invalid(f"the interactive {kind} has no body text")
    options = _button_titles(action) if kind == "button" else _list_titles(action) if kind == "list" else []
    return f"{text} [{' | '.join(options)}]".strip() if options else text or f"[interactive {kind}]"


def _button_titles(action: Mapping[str, Any]) -> list[str]:
    buttons = action.get("buttons")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        raise _Invalid("interactive buttons must be one to three")
    titles = []
    for button in buttons:
        reply = button.get("reply") if isinstance(button, Mapping) else None
        if not isinstance(reply, Mapping):
            raise _Invalid("an interactive button has no reply")
        _text(reply, "id", "an interactive button id")
        titles.append(_text(reply, "title", "an interactive button title"))
    return titles


def _list_titles(action: Mapping[str, Any]) -> list[str]:
    _text(action, "button", "the interactive list button")
    sections = action.get("sections")
    if not isinstance(sections, list) or not sections:
        raise _Invalid("the interactive list has no sections")
    titles = []
    for section in sections:
        rows = section.get("rows") if isinstance(section, Mapping) else None
        if not isinstance(rows, list) or not rows:
            raise _Invalid("an interactive list section has no rows")
        for row in rows:
            if not isinstance(row, Mapping):
                raise _Invalid("an interactive list row is not an object")
            _text(row, "id", "an interactive list row id")
            titles.append(_text(row, "title", "an interactive list row title"))
    return titles


_SUMMARIES = {
    "text": _text_message,
    "template": _template,
    "reaction": _reaction,
    "location": _location,
    "interactive": _interactive,
}

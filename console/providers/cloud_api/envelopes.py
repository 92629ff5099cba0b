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

from console.domain.notices import Notice, NoticeError, Wording
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


THE_BOT = Wording("cloud_api.the_bot", "The bot")
NOT_A_WHATSAPP_MESSAGE = Wording(
    "cloud_api.invalid_message", "{source} sent a message that is not a valid WhatsApp message: {problem}."
)
NOT_AN_OBJECT = Wording("cloud_api.not_object", "it is not a JSON object")
NOT_WHATSAPP = Wording("cloud_api.not_whatsapp", 'messaging_product is not "whatsapp"')
UNKNOWN_TYPE = Wording("cloud_api.unknown_type", "its type '{kind}' is not a WhatsApp message type")
CONTEXT_WITHOUT_ID = Wording("cloud_api.context_without_id", "its context has no message_id")
TYPE_WITHOUT_OBJECT = Wording("cloud_api.type_without_object", "it has type '{kind}' but no '{kind}' object")
MISSING = Wording("cloud_api.missing", "{what} is missing")
NOT_TEXT = Wording("cloud_api.not_text", "{key} is not text")
PREVIEW_NOT_BOOLEAN = Wording("cloud_api.preview_not_boolean", "text.preview_url is not true or false")
MEDIA_WITHOUT_SOURCE = Wording("cloud_api.media_without_source", "the {kind} has neither a link nor an id")
MEDIA_LINK_NOT_WEB = Wording("cloud_api.media_link_not_web", "the {kind} link is not a web address")
MEDIA_ID_NOT_TEXT = Wording("cloud_api.media_id_not_text", "the {kind} id is not text")
TEMPLATE_WITHOUT_LANGUAGE = Wording("cloud_api.template_without_language", "the template has no language code")
COMPONENTS_NOT_LIST = Wording("cloud_api.components_not_list", "the template components are not a list")
COMPONENT_WITHOUT_TYPE = Wording("cloud_api.component_without_type", "a template component has no type")
PARAMETERS_NOT_OBJECTS = Wording(
    "cloud_api.parameters_not_objects", "a template component's parameters are not a list of objects"
)
NOT_A_NUMBER = Wording("cloud_api.not_a_number", "{what} is not a number")
OUT_OF_RANGE = Wording("cloud_api.out_of_range", "{what} is out of range")
NO_CONTACTS = Wording("cloud_api.no_contacts", "the contacts list is missing or empty")
CARD_WITHOUT_NAME = Wording("cloud_api.card_without_name", "a contact card has no name")
INTERACTIVE_WITHOUT_ACTION = Wording("cloud_api.interactive_without_action", "the interactive message has no action")
INTERACTIVE_WITHOUT_BODY = Wording("cloud_api.interactive_without_body", "the interactive {kind} has no body text")
BUTTON_COUNT = Wording("cloud_api.button_count", "interactive buttons must be one to three")
BUTTON_WITHOUT_REPLY = Wording("cloud_api.button_without_reply", "an interactive button has no reply")
LIST_WITHOUT_SECTIONS = Wording("cloud_api.list_without_sections", "the interactive list has no sections")
SECTION_WITHOUT_ROWS = Wording("cloud_api.section_without_rows", "an interactive list section has no rows")
ROW_NOT_OBJECT = Wording("cloud_api.row_not_object", "an interactive list row is not an object")
# The parts of a payload that may be missing, as the sentences above name them.
THE_RECIPIENT = Wording("cloud_api.part.recipient", "the recipient (to)")
THE_TEXT_BODY = Wording("cloud_api.part.text_body", "the text body")
THE_TEMPLATE_NAME = Wording("cloud_api.part.template_name", "the template name")
THE_REACTED_MESSAGE = Wording("cloud_api.part.reacted_message", "the reacted message id")
THE_REACTION_EMOJI = Wording("cloud_api.part.reaction_emoji", "the reaction emoji")
THE_LATITUDE = Wording("cloud_api.part.latitude", "the latitude")
THE_LONGITUDE = Wording("cloud_api.part.longitude", "the longitude")
A_CARD_NAME = Wording("cloud_api.part.card_name", "a contact card's formatted_name")
THE_INTERACTIVE_TYPE = Wording("cloud_api.part.interactive_type", "the interactive type")
THE_INTERACTIVE_BODY = Wording("cloud_api.part.interactive_body", "the interactive body text")
A_BUTTON_ID = Wording("cloud_api.part.button_id", "an interactive button id")
A_BUTTON_TITLE = Wording("cloud_api.part.button_title", "an interactive button title")
THE_LIST_BUTTON = Wording("cloud_api.part.list_button", "the interactive list button")
A_ROW_ID = Wording("cloud_api.part.row_id", "an interactive list row id")
A_ROW_TITLE = Wording("cloud_api.part.row_title", "an interactive list row title")


def parse_send_payload(body: Any, source: Notice | str | None = None) -> BotReply:
    """Validate a Cloud API send payload; `MalformedAnswer` says what is wrong.

    `source` names the sender in the error sentence ("Chattigo's bot"; "The bot" when not given).
    """
    try:
        return _parse(body)
    except _Invalid as problem:
        raise MalformedAnswer(NOT_A_WHATSAPP_MESSAGE(source=source or THE_BOT(), problem=problem.notice)) from None


class _Invalid(NoticeError):
    """What makes a payload no WhatsApp message."""


def _parse(body: Any) -> BotReply:
    if not isinstance(body, Mapping):
        raise _Invalid(NOT_AN_OBJECT())
    if body.get("messaging_product") != "whatsapp":
        raise _Invalid(NOT_WHATSAPP())
    to = _text(body, "to", THE_RECIPIENT())
    kind = body.get("type", "text")  # Cloud API: type defaults to text
    if kind not in MESSAGE_TYPES:
        raise _Invalid(UNKNOWN_TYPE(kind=str(kind)))
    context = body.get("context")
    if context is not None and not (isinstance(context, Mapping) and isinstance(context.get("message_id"), str)):
        raise _Invalid(CONTEXT_WITHOUT_ID())
    if kind == "contacts":
        summary = _contacts(body.get("contacts"))
    else:
        content = body.get(kind)
        if not isinstance(content, Mapping):
            raise _Invalid(TYPE_WITHOUT_OBJECT(kind=kind))
        summary = _SUMMARIES[kind](content) if kind in _SUMMARIES else _media(kind, content)
    return BotReply(kind, to, summary, body)


def _text(content: Mapping[str, Any], key: str, label: Notice, *, empty: bool = False) -> str:
    value = content.get(key)
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise _Invalid(MISSING(what=label))
    return value


def _optional_text(content: Mapping[str, Any], key: str) -> str | None:
    value = content.get(key)
    if value is not None and not isinstance(value, str):
        raise _Invalid(NOT_TEXT(key=key))
    return value or None


def _text_message(content: Mapping[str, Any]) -> str:
    if not isinstance(content.get("preview_url", False), bool):
        raise _Invalid(PREVIEW_NOT_BOOLEAN())
    return _text(content, "body", THE_TEXT_BODY())


def _media(kind: str, content: Mapping[str, Any]) -> str:
    link, media_id = content.get("link"), content.get("id")
    if link is None and media_id is None:
        raise _Invalid(MEDIA_WITHOUT_SOURCE(kind=kind))
    if link is not None and not _is_web_url(link):
        raise _Invalid(MEDIA_LINK_NOT_WEB(kind=kind))
    if media_id is not None and not (isinstance(media_id, str) and media_id):
        raise _Invalid(MEDIA_ID_NOT_TEXT(kind=kind))
    caption, filename = _optional_text(content, "caption"), _optional_text(content, "filename")
    label = " ".join(part for part in (caption, f"({filename})" if filename else None) if part)
    return f"[{kind}] {label or link or media_id}"


def _is_web_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _template(content: Mapping[str, Any]) -> str:
    name = _text(content, "name", THE_TEMPLATE_NAME())
    language = content.get("language")
    if not isinstance(language, Mapping) or not isinstance(language.get("code"), str) or not language["code"]:
        raise _Invalid(TEMPLATE_WITHOUT_LANGUAGE())
    components = content.get("components", [])
    if not isinstance(components, list):
        raise _Invalid(COMPONENTS_NOT_LIST())
    values: list[str] = []
    for component in components:
        if not isinstance(component, Mapping) or not isinstance(component.get("type"), str):
            raise _Invalid(COMPONENT_WITHOUT_TYPE())
        parameters = component.get("parameters", [])
        if not isinstance(parameters, list) or not all(isinstance(p, Mapping) for p in parameters):
            raise _Invalid(PARAMETERS_NOT_OBJECTS())
        if component["type"] == "body":
            values.extend(p["text"] for p in parameters if isinstance(p.get("text"), str))
    return f"[template {name}] {', '.join(values)}".rstrip()


def _reaction(content: Mapping[str, Any]) -> str:
    _text(content, "message_id", THE_REACTED_MESSAGE())
    emoji = _text(content, "emoji", THE_REACTION_EMOJI(), empty=True)  # empty removes the reaction
    return f"[reaction] {emoji}" if emoji else "[reaction removed]"


def _location(content: Mapping[str, Any]) -> str:
    # Meta's examples write coordinates as numbers and as strings; both are accepted.
    latitude = _coordinate(content.get("latitude"), 90, THE_LATITUDE())
    longitude = _coordinate(content.get("longitude"), 180, THE_LONGITUDE())
    name, address = _optional_text(content, "name"), _optional_text(content, "address")
    place = ", ".join(part for part in (name, address) if part)
    coordinates = f"({latitude:g}, {longitude:g})"
    return f"[location] {place} {coordinates}" if place else f"[location] {coordinates}"


def _coordinate(value: Any, limit: float, label: Notice) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Invalid(MISSING(what=label))
    try:
        number = float(value)
    except ValueError:
        raise _Invalid(NOT_A_NUMBER(what=label)) from None
    if not math.isfinite(number) or abs(number) > limit:
        raise _Invalid(OUT_OF_RANGE(what=label))
    return number


def _contacts(value: Any) -> str:
    if not isinstance(value, list) or not value:
        raise _Invalid(NO_CONTACTS())
    names = []
    for card in value:
        name = card.get("name") if isinstance(card, Mapping) else None
        if not isinstance(name, Mapping):
            raise _Invalid(CARD_WITHOUT_NAME())
        names.append(_text(name, "formatted_name", A_CARD_NAME()))
    return f"[contacts] {', '.join(names)}"


def _interactive(content: Mapping[str, Any]) -> str:
    kind = _text(content, "type", THE_INTERACTIVE_TYPE())
    action = content.get("action")
    if not isinstance(action, Mapping):
        raise _Invalid(INTERACTIVE_WITHOUT_ACTION())
    body = content.get("body")
    text = _text(body, "text", THE_INTERACTIVE_BODY()) if isinstance(body, Mapping) else ""
    if kind in ("button", "list") and not text:
        raise _Invalid(INTERACTIVE_WITHOUT_BODY(kind=kind))
    options = _button_titles(action) if kind == "button" else _list_titles(action) if kind == "list" else []
    return f"{text} [{' | '.join(options)}]".strip() if options else text or f"[interactive {kind}]"


def _button_titles(action: Mapping[str, Any]) -> list[str]:
    buttons = action.get("buttons")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        raise _Invalid(BUTTON_COUNT())
    titles = []
    for button in buttons:
        reply = button.get("reply") if isinstance(button, Mapping) else None
        if not isinstance(reply, Mapping):
            raise _Invalid(BUTTON_WITHOUT_REPLY())
        _text(reply, "id", A_BUTTON_ID())
        titles.append(_text(reply, "title", A_BUTTON_TITLE()))
    return titles


def _list_titles(action: Mapping[str, Any]) -> list[str]:
    _text(action, "button", THE_LIST_BUTTON())
    sections = action.get("sections")
    if not isinstance(sections, list) or not sections:
        raise _Invalid(LIST_WITHOUT_SECTIONS())
    titles = []
    for section in sections:
        rows = section.get("rows") if isinstance(section, Mapping) else None
        if not isinstance(rows, list) or not rows:
            raise _Invalid(SECTION_WITHOUT_ROWS())
        for row in rows:
            if not isinstance(row, Mapping):
                raise _Invalid(ROW_NOT_OBJECT())
            _text(row, "id", A_ROW_ID())
            titles.append(_text(row, "title", A_ROW_TITLE()))
    return titles


_SUMMARIES = {
    "text": _text_message,
    "template": _template,
    "reaction": _reaction,
    "location": _location,
    "interactive": _interactive,
}

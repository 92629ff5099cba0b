"""What the Cloud API simulator accepts as a send's body: the documented shape of each message
type, refused as Meta refuses it (code 100 naming the field; 131051 for an unknown type)."""

from __future__ import annotations

import re
from typing import Any, NoReturn

from console.sandbox.cloudapi_wire import error_body
from console.sandbox.plumbing import Refusal

MESSAGE_TYPES = frozenset(
    {"text", "template", "image", "audio", "video", "document", "sticker", "location", "reaction", "interactive", "contacts"}
)
_CAPTIONED = frozenset({"image", "video", "document"})
WA_ID = re.compile(r"\+?\d{8,15}")
_BSUID = re.compile(r"[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}")


def refuse(code: int, details: str | None = None, subcode: int | None = None) -> NoReturn:
    status, body = error_body(code, details, subcode)
    raise Refusal(status, body["error"]["message"], body=body)


def check_message(body: dict[str, Any]) -> str:
    """The recipient of a well formed send body; code 100 naming the field otherwise."""
    if body.get("messaging_product") != "whatsapp":
        refuse(100, "messaging_product is required and must be whatsapp")
    if body.get("recipient_type", "individual") != "individual":
        refuse(100, "recipient_type must be individual")
    to, recipient = body.get("to"), body.get("recipient")
    if isinstance(to, str) and WA_ID.fullmatch(to):
        customer = to
    elif to is None and isinstance(recipient, str) and _BSUID.fullmatch(recipient):
        customer = recipient
    else:
        refuse(100, "to must be a phone number (or recipient a business-scoped user id)")
    kind = body.get("type", "text")
    if kind not in MESSAGE_TYPES:
        refuse(131051 if isinstance(kind, str) else 100, f"type {kind!r} is not a message type")
    if kind == "contacts":
        if not isinstance(body.get("contacts"), list) or not body["contacts"]:
            refuse(100, "contacts must be a non-empty list")
        return customer
    part = body.get(kind)
    if not isinstance(part, dict):
        refuse(100, f"{kind} object is required for type {kind}")
    _CHECKS[kind](kind, part)
    return customer


def _text(kind: str, part: dict[str, Any]) -> None:
    if not isinstance(part.get("body"), str) or not part["body"].strip():
        refuse(100, "text.body is required")
    if len(part["body"]) > 4096:
        refuse(100, "text.body is longer than 4096 characters")
    if not isinstance(part.get("preview_url", False), bool):
        refuse(100, "text.preview_url must be a boolean")


def _media(kind: str, part: dict[str, Any]) -> None:
    link, media_id = part.get("link"), part.get("id")
    if (link is None) == (media_id is None):
        refuse(100, f"{kind} takes either link or id")
    if link is not None and not (isinstance(link, str) and re.match(r"https?://[^/\s]+", link)):
        refuse(100, f"{kind}.link must be an http(s) URL")
    if "caption" in part and kind not in _CAPTIONED:
        refuse(100, f"{kind} takes no caption")
    if "filename" in part and kind != "document":
        refuse(100, f"only a document takes a filename, not {kind}")


def _location(kind: str, part: dict[str, Any]) -> None:
    for key, bound in (("latitude", 90), ("longitude", 180)):
        value = part.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or not -bound <= value <= bound:
            refuse(100, f"location.{key} must be a number from -{bound} to {bound}")


def _template(kind: str, part: dict[str, Any]) -> None:
    if not isinstance(part.get("name"), str) or not part["name"]:
        refuse(100, "template.name is required")
    language = part.get("language")
    if not isinstance(language, dict) or not isinstance(language.get("code"), str):
        refuse(100, "template.language.code is required")
    components = part.get("components", [])
    if not isinstance(components, list) or not all(
        isinstance(c, dict) and c.get("type") in ("header", "body", "button") for c in components
    ):
        refuse(100, "template.components must be a list of header, body or button components")


def _reaction(kind: str, part: dict[str, Any]) -> None:
    if not isinstance(part.get("message_id"), str) or not isinstance(part.get("emoji"), str):
        refuse(100, "reaction.message_id and reaction.emoji are required")


def _interactive(kind: str, part: dict[str, Any]) -> None:
    if part.get("type") not in ("button", "list", "cta_url", "flow", "product", "product_list", "location_request_message"):
        refuse(100, "interactive.type is not an interactive message type")
    body = part.get("body")
    if part.get("type") in ("button", "list") and not (isinstance(body, dict) and isinstance(body.get("text"), str)):
        refuse(100, "interactive.body.text is required")
    if not isinstance(part.get("action"), dict):
        refuse(100, "interactive.action is required")


_CHECKS = {
    "text": _text,
    "image": _media,
    "audio": _media,
    "video": _media,
    "document": _media,
    "sticker": _media,
    "location": _location,
    "template": _template,
    "reaction": _reaction,
    "interactive": _interactive,
}

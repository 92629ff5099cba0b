"""What a console posts to the team server's `POST /team/messages` for a queued send
(`team_server/content.py` and `team_server/media.py` read it), built from the content's fields
(`domain.content_codec.content_fields`).

A media link is posted whole: the provider fetches the file from it, so a signed link needs
its query. The message kept here has the link without its secrets (`preflight.serialize`), so
the whole link lives only in the memory of the process that queued the send (`TeamSender`);
a signed link queued by a process that has since stopped cannot be posted (`link_lost`).

The customer is posted as the server names the conversation (`domain.team_customers`): a phone, a
Cloud API user id, a TimelinesAI chat; `team_customer` refuses one the server cannot keep.
"""

from __future__ import annotations

from typing import Any

from console.domain.content import LocationContent, MediaContent, Recipient, TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.notices import Wording
from console.domain.team_customers import MAX_CUSTOMER, customer_address, customer_key
from console.services import field_labels as labels

__all__ = ["content_document", "link_lost", "post_document", "team_customer"]

CUSTOMER_TOO_LONG = Wording(
    "team.customer_too_long",
    "the team server keeps recipients of at most {limit} characters; this one has {length}",
)

SHOWN_QUERY = "?…"  # how `domain.links.displayed_link` marks a query it left out


def content_document(fields: dict[str, Any]) -> dict[str, Any]:
    """The post's `content` for a send's content fields."""
    kind = fields.get("type")
    if kind == TextContent.__name__:
        return {"type": "text", "body": fields["body"], "preview_url": bool(fields.get("preview_url", False))}
    if kind == MediaContent.__name__:
        media = {name: fields.get(name) for name in ("kind", "url", "caption", "filename", "mime_type")}
        return {"type": "media", **{name: value for name, value in media.items() if value is not None}}
    if kind == LocationContent.__name__:
        place = {name: fields.get(name) for name in ("latitude", "longitude", "place_name", "address")}
        return {"type": "location", **{name: value for name, value in place.items() if value is not None}}
    if kind != TemplateContent.__name__:
        raise ValueError(f"no post for content of type {kind!r}")
    template = {
        "type": "template",
        "name": fields["name"],
        "params": list(fields.get("params") or []),
        "named_params": dict(fields.get("named_params") or {}),
        "language": fields.get("language"),
    }
    extra = {name: fields[name] for name in ("media_url", "filename") if fields.get(name) is not None}
    return {**template, **extra}


def team_customer(recipient: Recipient) -> str:
    """The key the team server names `recipient`'s conversation by; `InvalidInput` when it is too long
    to keep (the console refuses it before storing anything, the server before keeping anything)."""
    key = customer_key(recipient)
    if len(key) > MAX_CUSTOMER:
        raise InvalidInput(labels.TO(), CUSTOMER_TOO_LONG(limit=MAX_CUSTOMER, length=len(key)))
    return key


def link_lost(fields: dict[str, Any]) -> bool:
    """Whether the kept fields hold a link whose query was left out (only its sender had it whole)."""
    return any(isinstance(fields.get(name), str) and SHOWN_QUERY in fields[name] for name in ("url", "media_url"))


def post_document(
    client_key: str, account: str, customer: str, content: dict[str, Any], fields: dict[str, Any]
) -> dict[str, Any]:
    """The whole post: `customer` the conversation's key (as the contact's phone keeps it), `content`
    as `content_document` made it, the options and go-aheads from the kept `fields`
    (`preflight.serialize` plus `send_anyway`)."""
    return {
        "client_key": client_key,
        "account": account,
        "customer": customer_address(customer),
        "content": content,
        "options": {"mass": bool(fields.get("mass", False)), "contact_validation": bool(fields.get("contact_validation", True))},
        "send_anyway": list(fields.get("send_anyway") or []),
    }

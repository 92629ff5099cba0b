"""Content as it is kept with a message: written as plain JSON-able fields and a one-line
summary for the chat, read back as the attachment the chat shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from console.domain.attachments import Attachment
from console.domain.content import Content, LocationContent, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.links import displayed_link
from console.domain.messages import MessageKind


def summarize(content: Content) -> str:
    """The text the chat shows for a send."""
    if isinstance(content, TextContent):
        return content.body
    if isinstance(content, TemplateContent):
        values = list(content.params) + [f"{k}={v}" for k, v in content.named_params.items()]
        return f"[{content.name}] " + " · ".join(values) if values else f"[{content.name}]"
    if isinstance(content, MediaContent):
        label = content.caption or content.filename or displayed_link(content.url)
        return f"[{content.kind.value}] {label}".rstrip()
    parts = [part for part in (content.place_name, content.address) if part]
    parts.append(f"({content.latitude:.6f}, {content.longitude:.6f})")
    return "[location] " + " ".join(parts)


def content_fields(content: Content) -> dict[str, Any]:
    """The content as plain JSON-able fields, kept with the message (the chat reads its
    attachment back from them)."""
    fields: dict[str, Any] = {"type": type(content).__name__}
    for name in content.__slots__:  # type: ignore[union-attr]
        value = getattr(content, name)
        fields[name] = dict(value) if name == "named_params" else (list(value) if isinstance(value, tuple) else value)
    return fields


_LINK_FIELDS = ("url", "media_url")


def links_of(content: Content) -> list[str]:
    """The media links `content` sends, as given (a signed link with its query)."""
    values = (getattr(content, name, None) for name in _LINK_FIELDS)
    return [value for value in values if isinstance(value, str) and value]


def without_link_secrets(fields: dict[str, Any]) -> dict[str, Any]:
    """`content_fields` of a send with its media links as `displayed_link` shows them: a signed
    link's query and a `user:pass@` are secrets that only the send under way needs."""
    return {
        name: displayed_link(value) if name in _LINK_FIELDS and isinstance(value, str) else value
        for name, value in fields.items()
    }


def message_kind(content: TextContent | MediaContent | LocationContent) -> MessageKind:
    """How a customer's message is listed: a text, a file, or a place."""
    if isinstance(content, MediaContent):
        return MessageKind.MEDIA
    return MessageKind.LOCATION if isinstance(content, LocationContent) else MessageKind.TEXT


def template_of(content: Mapping[str, Any]) -> TemplateContent | None:
    """The template a send's stored content asked for; None for other content, or content it cannot read."""
    if content.get("type") != TemplateContent.__name__:
        return None
    try:
        named = content.get("named_params") or {}
        return TemplateContent(
            name=str(content["name"]),
            params=tuple(str(value) for value in content.get("params") or ()),
            named_params={str(key): str(value) for key, value in named.items()},
            language=content.get("language"),
            media_url=content.get("media_url"),
            filename=content.get("filename"),
        )
    except (KeyError, TypeError, AttributeError):
        return None


def attachment_of(kind: MessageKind, content: Mapping[str, Any]) -> Attachment | None:
    """The attachment described by a message's stored content; None for text, or content it cannot read."""
    try:
        if kind is MessageKind.MEDIA:
            return MediaContent(
                kind=MediaKind(content["kind"]),
                url=str(content["url"]),
                caption=content.get("caption"),
                filename=content.get("filename"),
                mime_type=content.get("mime_type"),
                media_id=content.get("media_id"),
            )
        if kind is MessageKind.LOCATION:
            return LocationContent(
                latitude=float(content["latitude"]),
                longitude=float(content["longitude"]),
                place_name=content.get("place_name"),
                address=content.get("address"),
            )
    except (KeyError, TypeError, ValueError):
        return None
    return None

"""The console's content → a Cloud API send body (`POST /{phone-number-id}/messages`).

Shapes from Meta's OpenAPI description of the messages endpoint: every body has
`messaging_product: "whatsapp"`, `recipient_type: "individual"`, the recipient and `type`,
and one object named after the type. A customer known only by a business-scoped user id
is addressed with `recipient` instead of `to`.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from console.domain.content import Content, LocationContent, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.recipients import Recipient, RecipientKind

# Audio and stickers take no caption; only documents take a file name.
_CAPTIONED = frozenset({MediaKind.IMAGE, MediaKind.VIDEO, MediaKind.DOCUMENT})
_VIDEO_SUFFIXES = frozenset({".mp4", ".3gp"})
_DOCUMENT_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt"})


def addressed(to: Recipient) -> dict[str, str]:
    """`{"to": digits}` for a phone, `{"recipient": bsuid}` for a business-scoped user id."""
    if to.kind is RecipientKind.USER_ID and to.reference:
        return {"recipient": to.reference}
    if to.phone is None:
        raise ValueError("the WhatsApp Cloud API sends to phone numbers or business-scoped user ids")
    return {"to": to.phone.digits}


def send_body(to: Recipient, content: Content, default_language: str) -> dict[str, Any]:
    body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual", **addressed(to)}
    if isinstance(content, TextContent):
        return {**body, "type": "text", "text": {"preview_url": content.preview_url, "body": content.body}}
    if isinstance(content, MediaContent):
        return {**body, "type": content.kind.value, content.kind.value: media_object(content)}
    if isinstance(content, LocationContent):
        location: dict[str, Any] = {"latitude": content.latitude, "longitude": content.longitude}
        if content.place_name:
            location["name"] = content.place_name
        if content.address:
            location["address"] = content.address
        return {**body, "type": "location", "location": location}
    return {**body, "type": "template", "template": template_object(content, default_language)}


def media_object(content: MediaContent) -> dict[str, Any]:
    media: dict[str, Any] = {"link": content.url}
    if content.caption and content.kind in _CAPTIONED:
        media["caption"] = content.caption
    if content.filename and content.kind is MediaKind.DOCUMENT:
        media["filename"] = content.filename
    return media


def template_object(content: TemplateContent, default_language: str) -> dict[str, Any]:
    """`{name, language: {code}, components}`: a header with the media link when there is one,
    a body with the positional or named parameters when there are any."""
    components: list[dict[str, Any]] = []
    if content.media_url:
        kind = header_kind(content.media_url, content.filename)
        media: dict[str, Any] = {"link": content.media_url}
        if kind == "document" and content.filename:
            media["filename"] = content.filename
        components.append({"type": "header", "parameters": [{"type": kind, kind: media}]})
    parameters: list[dict[str, Any]] = [{"type": "text", "text": value} for value in content.params]
    parameters += [{"type": "text", "parameter_name": key, "text": value} for key, value in content.named_params.items()]
    if parameters:
        components.append({"type": "body", "parameters": parameters})
    template: dict[str, Any] = {"name": content.name, "language": {"code": content.language or default_language}}
    if components:
        template["components"] = components
    return template


def header_kind(url: str, filename: str | None) -> str:
    """image, video or document for a template header, from the file's name (a file name given
    means a document, as only documents carry one)."""
    if filename:
        return "document"
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if suffix in _VIDEO_SUFFIXES:
        return "video"
    if suffix in _DOCUMENT_SUFFIXES:
        return "document"
    return "image"

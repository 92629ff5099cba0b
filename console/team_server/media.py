"""Files, places and templates with media as consoles post them to `POST /team/messages`:

    {"type": "media", "kind": "image", "url": "https://…/a.png", "caption": …, "filename": …, "mime_type": …}
    {"type": "location", "latitude": -34.9, "longitude": -56.16, "place_name": …, "address": …}
    {"type": "template", …, "media_url": "https://…/menu.pdf", "filename": "menu.pdf"}

A file is sent by its link, as every provider takes it (the provider fetches the file): the
server keeps the link, never the file. The console HEADs the link (size, type, reachability,
per the provider's rules) before it stores or posts anything; the server checks what needs no
request (the provider sends that kind of file, over https where it must). A signed link's
secrets (its query, a `user:pass@`) are kept in the server's row, which sending needs, and
left out of what consoles are told (`shown_content`) and of the reasons recorded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.content import Content, LocationContent, MediaContent, MediaKind, TemplateContent
from console.domain.content_codec import content_fields, without_link_secrets
from console.domain.errors import InvalidInput
from console.domain.links import hide_link_secrets
from console.domain.notice_texts import with_texts
from console.domain.notices import Notice
from console.providers.base import SendOptions
from console.providers.registry import capabilities
from console.services import field_labels as labels
from console.services.link_preflight import HTTPS_ONLY, KIND_NAMES, KIND_NOT_SENT

__all__ = ["MAX_URL", "check_media_rules", "hidden", "kept_content", "read_link", "read_location", "read_media", "shown_content"]

MAX_URL = 2048  # characters of a media link
MAX_NAME = 255  # characters of a file name or a MIME type
MAX_PLACE = 1000  # characters of a place's name or address
MAX_CAPTION = 4096  # the caption's own limit is the send checks' (`MAX_TEXT_LENGTH`)


def read_link(value: object, bad: Exception) -> str:
    """An http(s) link of at most `MAX_URL` characters; `bad` raised otherwise."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_URL:
        raise bad
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        raise bad from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise bad
    return value.strip()


def _optional(document: dict[str, Any], name: str, limit: int, bad: Exception) -> str | None:
    value = document.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise bad
    return value


def read_media(document: dict[str, Any], bad: Exception) -> MediaContent:
    """A file by its link; `bad` when a field is missing or not what it must be."""
    try:
        kind = MediaKind(document.get("kind"))
    except ValueError:
        raise bad from None
    return MediaContent(
        kind=kind,
        url=read_link(document.get("url"), bad),
        caption=_optional(document, "caption", MAX_CAPTION, bad),
        filename=_optional(document, "filename", MAX_NAME, bad),
        mime_type=_optional(document, "mime_type", MAX_NAME, bad),
    )


def _coordinate(value: object, bad: Exception) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad
    try:
        number = float(value)  # a whole number of 400 digits is valid JSON, and too large for a float
    except OverflowError:
        raise bad from None
    if not math.isfinite(number):
        raise bad
    return number  # its range is the send checks' to refuse, naming the field


def read_location(document: dict[str, Any], bad: Exception) -> LocationContent:
    return LocationContent(
        latitude=_coordinate(document.get("latitude"), bad),
        longitude=_coordinate(document.get("longitude"), bad),
        place_name=_optional(document, "place_name", MAX_PLACE, bad),
        address=_optional(document, "address", MAX_PLACE, bad),
    )


def check_media_rules(account: Account, content: Content) -> None:
    """What a console's link check also refuses and needs no request: a kind of file the
    provider does not send, a plain http link to a provider that fetches only https."""
    found = capabilities(account.provider)
    title = PROVIDER_TITLES[account.provider]
    link = content.url if isinstance(content, MediaContent) else None
    if isinstance(content, TemplateContent):
        link = content.media_url
    if isinstance(content, MediaContent) and content.kind not in found.media:
        raise InvalidInput(labels.MEDIA_TYPE(), KIND_NOT_SENT(provider=title, kind=KIND_NAMES[content.kind]()))
    if link is not None and found.https_media_only and not link.lower().startswith("https://"):
        raise InvalidInput(labels.MEDIA_LINK(), HTTPS_ONLY(provider=title))


def kept_content(content: Content, options: SendOptions) -> dict[str, Any]:
    """What the server keeps of a send: the content whole (a signed link with its query: it is
    sent from this row) and its options."""
    return {**content_fields(content), "mass": options.mass, "contact_validation": options.contact_validation}


def shown_content(fields: dict[str, Any]) -> dict[str, Any]:
    """A kept content as consoles are told it: media links without their secrets."""
    return without_link_secrets(fields)


def hidden(notice: Notice | None, links: Sequence[str]) -> Notice | None:
    """A reason to record, with the send's links as they are shown (a provider may echo one)."""
    if notice is None or not links:
        return notice
    return with_texts(notice, lambda text: hide_link_secrets(text, links))

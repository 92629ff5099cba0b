"""What an agent sends, independent of any provider's wire format."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from console.domain.notices import Notice


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class TextContent:
    body: str
    preview_url: bool = False


@dataclass(frozen=True, slots=True)
class TemplateContent:
    """A pre-approved template. Positional `params` (Broadcasterbot's {{1}}...) or
    `named_params` (Cliengo's variables); `media_url` for image/video/document templates."""

    name: str
    params: tuple[str, ...] = ()
    named_params: Mapping[str, str] = field(default_factory=dict)
    language: str | None = None
    media_url: str | None = None
    filename: str | None = None


@dataclass(frozen=True, slots=True)
class MediaContent:
    """A file by link; or, received from a provider that hands files over as an id
    (`media_id`, WhatsApp Cloud API), with no link: the account's client fetches it."""

    kind: MediaKind
    url: str
    caption: str | None = None
    filename: str | None = None
    mime_type: str | None = None
    media_id: str | None = None


@dataclass(frozen=True, slots=True)
class LocationContent:
    latitude: float
    longitude: float
    place_name: str | None = None
    address: str | None = None


@dataclass(frozen=True, slots=True)
class DescribedContent:
    """A customer's message the console has no content of its own for (a reaction, shared
    contacts, an order): a notice describes it, worded in each reader's language."""

    notice: Notice


Content = TextContent | TemplateContent | MediaContent | LocationContent
InboundContent = TextContent | MediaContent | LocationContent | DescribedContent

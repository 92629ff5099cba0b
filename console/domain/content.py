"""What an agent sends, independent of any provider's wire format."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from console.domain.capabilities import MediaKind, Operation
from console.domain.notices import Notice
from console.domain.phones import Phone


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

OPERATION_OF: Mapping[type, Operation] = {
    TextContent: Operation.SEND_TEXT,
    TemplateContent: Operation.SEND_TEMPLATE,
    MediaContent: Operation.SEND_MEDIA,
    LocationContent: Operation.SEND_LOCATION,
}


class RecipientKind(StrEnum):
    PHONE = "phone"
    CHAT_ID = "chat_id"  # TimelinesAI
    JID = "jid"  # TimelinesAI
    CHAT_NAME = "chat_name"  # TimelinesAI
    USER_ID = "user_id"  # WhatsApp Cloud API: a business-scoped user id (a customer with a username)


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who receives a message: a validated phone, or (TimelinesAI) a chat reference."""

    kind: RecipientKind
    phone: Phone | None = None
    reference: str | None = None

    @classmethod
    def of_phone(cls, phone: Phone) -> Recipient:
        return cls(RecipientKind.PHONE, phone=phone)

    @property
    def label(self) -> str:
        return self.phone.digits if self.phone is not None else f"{self.kind.value}:{self.reference}"

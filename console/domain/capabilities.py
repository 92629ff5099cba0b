"""What each provider can do and its limits, so callers ask the model, not the provider's name.

Figures come from `shared/providers/API.md`: Cliengo's media table, TimelinesAI's 2 MB
attachments and ~2 s pacing, Broadcasterbot's media kinds and callbacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from console.domain.accounts import PROVIDER_TITLES, ProviderKind
from console.domain.errors import InvalidInput


class Operation(StrEnum):
    REGISTER_CONTACTS = "register contacts"
    DELETE_CONTACTS = "delete contacts"
    DOWNLOAD_AGENDA = "download the agenda"
    SEND_TEXT = "send text"
    SEND_TEMPLATE = "send templates"
    SEND_MEDIA = "send media"
    SEND_LOCATION = "send locations"
    MASS_SEND = "mass send"
    POLL_STATUS = "poll message states"
    PUSH_CALLBACKS = "push callbacks"
    FORWARD_TO_BOT = "forward to a bot"


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"


class PhoneForm(StrEnum):
    """How a provider wants a customer's number written."""

    LOCAL_AND_COUNTRY = "local number + ISO country"  # Broadcasterbot
    DIGITS = "digits with country code"  # Hey Now, Cliengo
    E164 = "+E.164"  # TimelinesAI
    WA_ID = "WhatsApp id"  # Cloud API (Chattigo)


@dataclass(frozen=True, slots=True)
class MediaRule:
    max_bytes: int
    mime_types: frozenset[str]


MB = 1_000_000
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class Capabilities:
    provider: ProviderKind
    operations: frozenset[Operation]
    phone_form: PhoneForm
    delivery_reports: bool
    media: Mapping[MediaKind, MediaRule] = field(default_factory=dict)
    min_send_interval: float = 0.0  # seconds between two sends of one account
    https_media_only: bool = False
    chat_recipients: bool = False  # addresses chats by id, jid or name besides phones
    session_window: bool = False  # free-form content only within 24 h of the customer's last message

    def supports(self, operation: Operation) -> bool:
        return operation in self.operations

    def require(self, operation: Operation) -> None:
        """Raise a clear `InvalidInput` before any request when `operation` is not offered."""
        if operation in self.operations:
            return
        title = PROVIDER_TITLES[self.provider]
        sends = sorted(op.value.removeprefix("send ") for op in self.operations if op.name.startswith("SEND_"))
        offered = f"{title} can only send {' and '.join(sends)}" if sends else f"{title} cannot send messages"
        raise InvalidInput("operation", f"{title} cannot {operation.value}; {offered}.")


CAPABILITIES: Mapping[ProviderKind, Capabilities] = {
    ProviderKind.HEYNOW: Capabilities(
        ProviderKind.HEYNOW,
        frozenset({Operation.SEND_TEXT, Operation.MASS_SEND, Operation.POLL_STATUS, Operation.DOWNLOAD_AGENDA}),
        PhoneForm.DIGITS,
        delivery_reports=True,
    ),
    ProviderKind.BROADCASTERBOT: Capabilities(
        ProviderKind.BROADCASTERBOT,
        frozenset(
            {
                Operation.REGISTER_CONTACTS,
                Operation.DELETE_CONTACTS,
                Operation.SEND_TEXT,
                Operation.SEND_TEMPLATE,
                Operation.SEND_MEDIA,
                Operation.SEND_LOCATION,
                Operation.PUSH_CALLBACKS,
            }
        ),
        PhoneForm.LOCAL_AND_COUNTRY,
        delivery_reports=True,
        session_window=True,
        media={kind: MediaRule(16 * MB, frozenset()) for kind in MediaKind},
    ),
    ProviderKind.CLIENGO: Capabilities(
        ProviderKind.CLIENGO,
        frozenset({Operation.SEND_TEMPLATE}),
        PhoneForm.DIGITS,
        delivery_reports=False,
        media={
            MediaKind.IMAGE: MediaRule(2 * MB, frozenset({"image/jpeg", "image/png"})),
            MediaKind.VIDEO: MediaRule(20 * MB, frozenset({"audio/mpeg", "video/mp4"})),
            MediaKind.DOCUMENT: MediaRule(2 * MB, frozenset({"application/pdf", _DOCX, _XLSX})),
        },
    ),
    ProviderKind.TIMELINESAI: Capabilities(
        ProviderKind.TIMELINESAI,
        frozenset({Operation.SEND_TEXT, Operation.SEND_MEDIA}),
        PhoneForm.E164,
        delivery_reports=False,
        media={kind: MediaRule(2 * MB, frozenset()) for kind in MediaKind},
        min_send_interval=2.0,
        chat_recipients=True,
    ),
    ProviderKind.CHATTIGO: Capabilities(
        ProviderKind.CHATTIGO,
        frozenset({Operation.FORWARD_TO_BOT, Operation.PUSH_CALLBACKS}),
        PhoneForm.WA_ID,
        delivery_reports=False,
    ),
}

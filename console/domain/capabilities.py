"""What a provider can do and its limits, so callers ask the model, not the provider's name.

The values of each provider live in its package (`console.providers.<name>`), read
through `console.providers.registry.capabilities`; the figures come from the providers'
documents (`shared/providers/seeds/`), each where it is declared.
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
    SYNC_TEMPLATES = "fetch its templates"
    SEND_BOT_ANSWERS = "send a bot's answers"  # Cloud API bodies a bot wrote, as written


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class MediaRule:
    max_bytes: int
    mime_types: frozenset[str]  # empty: any type
    below_max: bool = False  # the document says "below the maximum", not "at most"
    authority: str | None = None  # whose limit it is when not the provider's own document

    def allows(self, size: int) -> bool:
        return size < self.max_bytes if self.below_max else size <= self.max_bytes


MB = 1_000_000


@dataclass(frozen=True, slots=True)
class Capabilities:
    provider: ProviderKind
    operations: frozenset[Operation]
    delivery_reports: bool
    media: Mapping[MediaKind, MediaRule] = field(default_factory=dict)
    min_send_interval: float = 0.0  # seconds between two sends of one account
    https_media_only: bool = False
    chat_recipients: bool = False  # addresses chats by id, jid or name besides phones
    # Free-form content only within 24 h of the customer's last message, which the provider
    # itself enforces (it is WhatsApp's rule): a window the console did not see is a warning.
    session_window: bool = False
    media_head_check: bool = False  # its document has it HEAD a media link and refuse what fails
    phones_by_country: bool = False  # it addresses customers by local number and ISO country
    # Its document's template object holds a name, positional params and a language only:
    # no header media, no named parameters.
    plain_templates: bool = False
    # It names customers who hide their number by a business-scoped user id, and sends to it.
    user_ids: bool = False

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

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
from console.domain.content import LocationContent, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.field_names import OPERATION
from console.domain.notices import Notice, Wording


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
    DOWNLOAD_MEDIA = "download customers' files"  # files that arrive as an id fetched with the account's credentials


# Which operation sends each kind of content.
OPERATION_OF: Mapping[type, Operation] = {
    TextContent: Operation.SEND_TEXT,
    TemplateContent: Operation.SEND_TEMPLATE,
    MediaContent: Operation.SEND_MEDIA,
    LocationContent: Operation.SEND_LOCATION,
}


# What each operation is called in a sentence ("Cliengo cannot poll message states").
OPERATION_NAMES: Mapping[Operation, Wording] = {
    Operation.REGISTER_CONTACTS: Wording("operation.register_contacts", "register contacts"),
    Operation.DELETE_CONTACTS: Wording("operation.delete_contacts", "delete contacts"),
    Operation.DOWNLOAD_AGENDA: Wording("operation.download_agenda", "download the agenda"),
    Operation.SEND_TEXT: Wording("operation.send_text", "send text"),
    Operation.SEND_TEMPLATE: Wording("operation.send_templates", "send templates"),
    Operation.SEND_MEDIA: Wording("operation.send_media", "send media"),
    Operation.SEND_LOCATION: Wording("operation.send_locations", "send locations"),
    Operation.MASS_SEND: Wording("operation.mass_send", "mass send"),
    Operation.POLL_STATUS: Wording("operation.poll_status", "poll message states"),
    Operation.PUSH_CALLBACKS: Wording("operation.push_callbacks", "push callbacks"),
    Operation.FORWARD_TO_BOT: Wording("operation.forward_to_bot", "forward to a bot"),
    Operation.SYNC_TEMPLATES: Wording("operation.sync_templates", "fetch its templates"),
    Operation.SEND_BOT_ANSWERS: Wording("operation.send_bot_answers", "send a bot's answers"),
    Operation.DOWNLOAD_MEDIA: Wording("operation.download_media", "download customers' files"),
}
# What each kind of send sends ("Cliengo can only send templates").
_SENT: Mapping[Operation, Wording] = {
    Operation.SEND_TEXT: Wording("operation.sent.text", "text"),
    Operation.SEND_TEMPLATE: Wording("operation.sent.templates", "templates"),
    Operation.SEND_MEDIA: Wording("operation.sent.media", "media"),
    Operation.SEND_LOCATION: Wording("operation.sent.locations", "locations"),
}
NOT_OFFERED = Wording("capabilities.not_offered", "{provider} cannot {operation}; {offered}.")
CAN_ONLY_SEND = Wording("capabilities.can_only_send", "{provider} can only send {sends}")
CANNOT_SEND = Wording("capabilities.cannot_send", "{provider} cannot send messages")
AND = Wording("capabilities.and", "{first} and {rest}")


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
        sends = [_SENT[op]() for op in sorted(self.operations & _SENT.keys(), key=lambda op: op.value)]
        offered = CAN_ONLY_SEND(provider=title, sends=_and(sends)) if sends else CANNOT_SEND(provider=title)
        raise InvalidInput(OPERATION(), NOT_OFFERED(provider=title, operation=OPERATION_NAMES[operation](), offered=offered))


def _and(parts: list[Notice]) -> Notice:
    """ "text and media and locations"."""
    return parts[0] if len(parts) == 1 else AND(first=parts[0], rest=_and(parts[1:]))

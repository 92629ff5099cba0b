"""What provider clients offer the services, whatever their wire format: the data they
exchange and one protocol per ability, which the services ask the client pool for."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from console.domain.capabilities import OPERATION_NAMES, Operation
from console.domain.contacts import AgendaListing
from console.domain.content import Content
from console.domain.lifecycle import DeliveryState
from console.domain.notices import Notice, Wording
from console.domain.phones import Phone
from console.domain.recipients import Recipient
from console.domain.templates import Template
from console.providers.session_token import SessionToken


@dataclass(frozen=True, slots=True)
class SendOptions:
    """Per-send knobs some providers have; the others ignore them."""

    mass: bool = False  # Hey Now: masiveMessage
    contact_validation: bool = True  # Hey Now: contactValidation


@dataclass(frozen=True, slots=True)
class SendReceipt:
    provider_message_id: str | None  # None where the provider gives no id
    raw_state: str | None
    state: DeliveryState  # ACCEPTED, or FAILED when the provider answered but refused this recipient
    failure_reason: Notice | None = None  # with FAILED (or UNKNOWN): what to tell the agent
    payload: str | None = None  # the answer's body as received (capped, secrets removed): kept for disputes
    # With ACCEPTED: what the answer left unsaid that the agent should know (no message id
    # we can read, so no delivery state will follow), shown in the message's timeline.
    note: Notice | None = None


@dataclass(frozen=True, slots=True)
class StatusReport:
    raw_state: str
    state: DeliveryState
    payload: str | None = None  # the answer's body as received (capped, secrets removed)


@runtime_checkable
class ProviderClient(Protocol):
    """What every provider client offers. Errors are `console.providers.errors.ProviderError`s
    whose notice tells the agent what happened; transport failures say whether the request may have left."""

    async def check(self) -> None:
        """Prove the credentials work (log in, or the cheapest authenticated call)."""
        ...


@runtime_checkable
class Sending(Protocol):
    """Clients that send messages (every provider but Chattigo, whose bot answers)."""

    async def send(self, to: Recipient, content: Content, options: SendOptions) -> SendReceipt: ...


@runtime_checkable
class PayloadSending(Protocol):
    """Clients that send a WhatsApp Cloud API message body as someone else wrote it (a
    bot's answer) to `to`: what a Chattigo bot answers through."""

    async def send_payload(self, to: Recipient, payload: Mapping[str, Any]) -> SendReceipt: ...


@runtime_checkable
class SignedIn(Protocol):
    """Clients that log in for a token that expires (Hey Now 24 h, Chattigo 8 h)."""

    @property
    def token(self) -> SessionToken | None: ...


@runtime_checkable
class StatusPolling(Protocol):
    """Providers that answer "what state is this message in?" (Hey Now)."""

    async def message_status(self, provider_message_id: str) -> StatusReport: ...


@runtime_checkable
class AgendaDownload(Protocol):
    """Providers whose contact agenda can be downloaded (Hey Now)."""

    async def agenda(self, on_progress: Callable[[int, int | None], None] | None = None) -> AgendaListing: ...


@runtime_checkable
class ContactRegistry(Protocol):
    """Providers that keep a list of contacts who opted in (Broadcasterbot)."""

    async def register_contacts(self, phones: Sequence[Phone]) -> object: ...

    async def delete_contacts(self, phones: Sequence[Phone]) -> object: ...


@runtime_checkable
class BotForwarding(Protocol):
    """Providers whose bot answers customers: we forward their messages and say where the
    bot's answers go (Chattigo)."""

    async def forward_inbound(self, message: InboundMessage) -> None: ...

    async def forward_envelope(self, envelope: Mapping[str, Any]) -> None: ...

    async def set_webhook(self, url: str) -> None: ...


@runtime_checkable
class TemplateCatalogue(Protocol):
    """Providers that list the account's templates with their review status (WhatsApp Cloud API)."""

    async def template_catalogue(self) -> list[Template]: ...


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A customer's file as the provider handed it over."""

    data: bytes
    mime_type: str | None


@runtime_checkable
class MediaDownload(Protocol):
    """Providers whose customers' files arrive as an id that only the account's credentials
    can fetch (WhatsApp Cloud API). More than `max_bytes` is refused, not truncated."""

    async def media(self, media_id: str, max_bytes: int) -> MediaFile: ...


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A customer's WhatsApp text as it reached us, to be forwarded to a provider's bot."""

    from_phone: Phone
    text: str
    name: str | None  # the customer's WhatsApp profile name; sent as "" when unknown
    message_id: str
    timestamp: datetime


# The client protocol behind each operation; an operation missing here is not a client call
# (callbacks are pushed to us and read by the provider's callback parser).
PROTOCOL_OF: Mapping[Operation, type] = {
    Operation.REGISTER_CONTACTS: ContactRegistry,
    Operation.DELETE_CONTACTS: ContactRegistry,
    Operation.DOWNLOAD_AGENDA: AgendaDownload,
    Operation.SEND_TEXT: Sending,
    Operation.SEND_TEMPLATE: Sending,
    Operation.SEND_MEDIA: Sending,
    Operation.SEND_LOCATION: Sending,
    Operation.MASS_SEND: Sending,
    Operation.POLL_STATUS: StatusPolling,
    Operation.FORWARD_TO_BOT: BotForwarding,
    Operation.SEND_BOT_ANSWERS: PayloadSending,
    Operation.SYNC_TEMPLATES: TemplateCatalogue,
    Operation.DOWNLOAD_MEDIA: MediaDownload,
}

# What a provider lacking a protocol cannot do, for "Cliengo cannot poll message states".
ABILITY_OF: Mapping[type, Wording] = {
    ProviderClient: Wording("ability.check_connection", "check its connection"),
    Sending: Wording("ability.send_messages", "send messages"),
    SignedIn: Wording("ability.sign_in", "sign in"),
    StatusPolling: OPERATION_NAMES[Operation.POLL_STATUS],
    AgendaDownload: OPERATION_NAMES[Operation.DOWNLOAD_AGENDA],
    ContactRegistry: OPERATION_NAMES[Operation.REGISTER_CONTACTS],
    BotForwarding: OPERATION_NAMES[Operation.FORWARD_TO_BOT],
    PayloadSending: OPERATION_NAMES[Operation.SEND_BOT_ANSWERS],
    TemplateCatalogue: OPERATION_NAMES[Operation.SYNC_TEMPLATES],
    MediaDownload: OPERATION_NAMES[Operation.DOWNLOAD_MEDIA],
}

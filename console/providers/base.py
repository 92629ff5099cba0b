"""What every provider client offers the services, whatever its wire format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from console.domain.contacts import AgendaEntry
from console.domain.content import Content, Recipient
from console.domain.lifecycle import DeliveryState
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
    failure_reason: str | None = None  # with FAILED: a sentence an agent understands
    payload: str | None = None  # the answer's body as received (capped, secrets removed): kept for disputes


@dataclass(frozen=True, slots=True)
class StatusReport:
    raw_state: str
    state: DeliveryState
    payload: str | None = None  # the answer's body as received (capped, secrets removed)


class MessagingClient(Protocol):
    """A provider client. Errors are `console.providers.errors.ProviderError`s whose
    text an agent can read; transport failures say whether the request may have left."""

    async def check(self) -> None:
        """Prove the credentials work (log in, or the cheapest authenticated call)."""
        ...

    async def send(self, to: Recipient, content: Content, options: SendOptions) -> SendReceipt: ...


@runtime_checkable
class SignedIn(Protocol):
    """Clients that log in for a token that expires (Hey Now 24 h, Chattigo 8 h)."""

    @property
    def token(self) -> SessionToken | None: ...


class StatusPolling(Protocol):
    """Providers that answer "what state is this message in?" (Hey Now)."""

    async def message_status(self, provider_message_id: str) -> StatusReport: ...


class AgendaDownload(Protocol):
    """Providers whose contact agenda can be downloaded (Hey Now)."""

    async def agenda(self, on_progress: Callable[[int, int | None], None] | None = None) -> list[AgendaEntry]: ...

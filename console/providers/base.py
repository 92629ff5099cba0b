"""What every provider client offers the services, whatever its wire format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from console.domain.content import Content, Recipient
from console.domain.lifecycle import DeliveryState


@dataclass(frozen=True, slots=True)
class SendOptions:
    """Per-send knobs some providers have; the others ignore them."""

    mass: bool = False  # Hey Now: masiveMessage
    contact_validation: bool = True  # Hey Now: contactValidation


@dataclass(frozen=True, slots=True)
class SendReceipt:
    provider_message_id: str | None  # None where the provider gives no id
    raw_state: str | None
    state: DeliveryState


@dataclass(frozen=True, slots=True)
class StatusReport:
    raw_state: str
    state: DeliveryState


class MessagingClient(Protocol):
    """A provider client. Errors are `console.providers.errors.ProviderError`s whose
    text an agent can read; transport failures say whether the request may have left."""

    async def check(self) -> None:
        """Prove the credentials work (log in, or the cheapest authenticated call)."""
        ...

    async def send(self, to: Recipient, content: Content, options: SendOptions) -> SendReceipt: ...

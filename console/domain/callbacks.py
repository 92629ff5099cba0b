"""What a provider's callback says, once its provider has read it.

Each provider that pushes callbacks parses its own bodies into these items; the callback
service stores them the same way whoever sent them. A body is read item by item: an item
that cannot be read becomes an `UnreadableItem`, set aside for the agent to see, and the
rest of the body is applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.content import LocationContent, MediaContent, TextContent
from console.domain.lifecycle import DeliveryState
from console.domain.notices import Notice
from console.domain.phones import Phone


@dataclass(frozen=True, slots=True)
class ReportedStatus:
    """A delivery report about one of our messages, named by the provider's message id."""

    provider_message_id: str
    state: DeliveryState
    raw_state: str
    reason: Notice | None  # with FAILED or DELETED: what to tell the agent
    payload: str | None  # the report as received (capped, secrets removed): kept for disputes


@dataclass(frozen=True, slots=True)
class CustomerMessage:
    """A message the customer wrote, which joins their conversation."""

    sender: Phone
    provider_message_id: str
    content: TextContent | MediaContent | LocationContent


@dataclass(frozen=True, slots=True)
class BotMessage:
    """A provider's bot answering a customer (Chattigo), summarised for the chat."""

    customer: Phone
    summary: str


@dataclass(frozen=True, slots=True)
class BotClosedChat:
    """The bot closed the chat it was answering; the notice names no customer."""

    note: Notice


@dataclass(frozen=True, slots=True)
class UnreadableItem:
    """One item of a callback body that could not be read; its neighbours are still applied."""

    raw: str  # the item as it arrived (JSON as text)
    reason: Notice  # what the provider sent that we cannot read


CallbackItem = ReportedStatus | CustomerMessage | BotMessage | BotClosedChat | UnreadableItem

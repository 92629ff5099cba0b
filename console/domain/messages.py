"""Messages and their direction; the delivery lifecycle is in `lifecycle`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from console.domain.lifecycle import DeliveryState
from console.domain.notices import Notice

MAX_TEXT_LENGTH = 4096  # WhatsApp's limit for a text body


class Direction(StrEnum):
    OUTGOING = "out"  # sent by an agent through this console
    INCOMING = "in"  # written by the customer
    BOT = "bot"  # a provider's bot answering the customer (Chattigo)


class MessageKind(StrEnum):
    TEXT = "text"
    TEMPLATE = "template"
    MEDIA = "media"
    LOCATION = "location"
    NOTICE = "notice"  # not a message: a marker such as "the bot closed the chat"


@dataclass(frozen=True, slots=True)
class MessageSummary:
    """What a view needs to show one message."""

    id: int
    conversation_id: int
    direction: Direction
    kind: MessageKind
    body: str
    state: DeliveryState
    raw_state: str | None
    provider_message_id: str | None
    failure_reason: Notice | None
    created_at: datetime
    queued_for_team: bool = False  # team mode: stored here, not yet taken by the team server

    @property
    def sent_by_us(self) -> bool:
        """Followed through delivery states: an agent's message, or a bot's answer this console
        sent for it (a paired bot's: given an id, or not yet delivered; a reaction or contacts
        among them are notices describing it). Other bot messages and notices were only shown
        here: stored delivered, with no id."""
        if self.direction is Direction.OUTGOING:
            return True
        bot_answer = self.direction is Direction.BOT
        return bot_answer and (self.provider_message_id is not None or self.state is not DeliveryState.DELIVERED)

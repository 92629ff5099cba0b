"""What a provider's callback says, once its provider has read it.

Each provider that pushes callbacks parses its own bodies into these items; the callback
service stores them the same way whoever sent them. A body is read item by item: an item
that cannot be read becomes an `UnreadableItem`, set aside for the agent to see, and the
rest of the body is applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.domain.content import DescribedContent, InboundContent, LocationContent, MediaContent, TemplateContent
from console.domain.content_codec import content_fields
from console.domain.inbox import NOTE
from console.domain.lifecycle import DeliveryState
from console.domain.messages import MessageKind
from console.domain.notice_codec import stored
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
    """A message the customer wrote, which joins their conversation.

    `sender` is None for a WhatsApp Cloud API customer who hides their number behind a
    username: `user_id` (their business-scoped user id) names them then."""

    sender: Phone | None
    provider_message_id: str
    content: InboundContent
    user_id: str | None = None
    name: str | None = None  # the customer's profile name, where the provider says it


@dataclass(frozen=True, slots=True)
class BotMessage:
    """A provider's bot answering a customer (Chattigo), summarised for the chat.

    `payload` is the answer as the bot wrote it (a WhatsApp Cloud API send body): what is
    sent to the customer when the bot answers through an account of ours. `content` is
    what the chat shows of it where the console has a kind for it (a file, a place, a
    template), or a notice describing it (a reaction, contacts, buttons); None shows the
    summary as text: the bot's words."""

    customer: Phone
    summary: str
    payload: Mapping[str, Any] | None = None
    content: TemplateContent | MediaContent | LocationContent | DescribedContent | None = None

    def kept(self) -> tuple[str, MessageKind, dict[str, Any]]:
        """How the answer is kept, as a customer's message is: its text (searched, printed by
        scripts), how it is listed, and what the chat shows it from (a described one: its
        notice, worded per reader)."""
        content = self.content
        if content is None:
            return self.summary, MessageKind.TEXT, {}
        if isinstance(content, DescribedContent):
            return content.notice.english(), MessageKind.NOTICE, {NOTE: stored(content.notice)}
        if isinstance(content, TemplateContent):
            return self.summary, MessageKind.TEMPLATE, content_fields(content)
        kind = MessageKind.MEDIA if isinstance(content, MediaContent) else MessageKind.LOCATION
        return self.summary, kind, content_fields(content)


@dataclass(frozen=True, slots=True)
class BotClosedChat:
    """The bot closed the chat it was answering. A notice posted on its own names no
    customer (None): it closes the chat the bot wrote to last."""

    note: Notice
    customer: Phone | None = None


@dataclass(frozen=True, slots=True)
class TemplateReviewed:
    """The provider reviewed a template of the account again (WhatsApp Cloud API: approved,
    rejected, paused, disabled...): `status` is the provider's word for where it stands now."""

    name: str
    language: str
    status: str


@dataclass(frozen=True, slots=True)
class UnreadableItem:
    """One item of a callback body that could not be read; its neighbours are still applied."""

    raw: str  # the item as it arrived (JSON as text)
    reason: Notice  # what the provider sent that we cannot read


CallbackItem = ReportedStatus | CustomerMessage | BotMessage | BotClosedChat | TemplateReviewed | UnreadableItem

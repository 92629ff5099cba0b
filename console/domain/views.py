"""What the window shows of stored things: a chat's message and an inbox row.

Built by the store, read by the services and the window, so the window never has to
import storage to know their shape. These are the first paint's (`store/snapshot.py`); a
contact and the agenda's pages are in `contact_views`, a message search's in `search_views`,
so the first paint does not build their classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from console.domain.accounts import ProviderKind
from console.domain.attachments import Attachment
from console.domain.content import TemplateContent
from console.domain.inbox import BotHandling, ConversationStatus
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.notices import Notice
from console.domain.sessions import SESSION_WINDOW


@dataclass(frozen=True, slots=True)
class SentTemplate:
    """A template as sent: its name and values, and the text the customer read."""

    content: TemplateContent
    text: str | None  # None: the account's catalogue has no text for it


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """A message as the chat shows it: its summary and what it carries."""

    message: MessageSummary
    attachment: Attachment | None
    template: SentTemplate | None = None
    note: Notice | None = None  # a notice in the chat (the bot closed it), worded in the reader's language


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One conversation as the inbox lists it."""

    conversation_id: int
    account_id: int
    account_name: str
    provider: ProviderKind
    contact_id: int
    contact_title: str  # the contact's name, or its number as stored when it has none
    contact_phone: str
    preview: str  # the last message's text, file, template or place (`domain.inbox.preview_line`)
    last_kind: MessageKind | None  # None: nothing written yet
    last_direction: Direction | None
    last_at: datetime | None  # the last activity: a message, or the conversation's start
    unread: int
    status: ConversationStatus
    keeps_window: bool  # the provider allows free text only within 24 h of the customer's last message
    last_inbound_at: datetime | None
    labels: tuple[str, ...] = ()
    bot: BotHandling | None = None  # None: no bot answers this account's customers
    note: Notice | None = None  # the last message is a notice: worded in the reader's language
    holder: str | None = None  # team mode: the agent who has it, as the team server said last

    @property
    def waiting(self) -> bool:
        """The customer wrote last: an agent owes an answer."""
        return self.last_direction is Direction.INCOMING

    @property
    def named(self) -> bool:
        return self.contact_title != self.contact_phone

    @property
    def window_closes_at(self) -> datetime | None:
        """When free text stops reaching the customer; None where the provider keeps no window
        or the customer never wrote."""
        if not self.keeps_window or self.last_inbound_at is None:
            return None
        return self.last_inbound_at + SESSION_WINDOW

    def window_left(self, now: datetime) -> timedelta | None:
        """Time left for free text; None when closed, or when the provider keeps no window."""
        closes = self.window_closes_at
        return closes - now if closes is not None and closes > now else None

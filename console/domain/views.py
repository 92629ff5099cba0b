"""What the window shows of stored things: a chat's message, a contact.

Built by the store, read by the services and the window, so the window never has to
import storage to know their shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from console.domain.attachments import Attachment
from console.domain.content import TemplateContent
from console.domain.messages import MessageSummary


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


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    account_id: int
    external_id: str
    phone: str
    display_name: str
    in_agenda: bool
    last_inbound_at: datetime | None
    registered_at: datetime | None = None  # when the provider confirmed the registration (opt-in)
    unread: int = 0  # customer's messages the agent has not opened yet

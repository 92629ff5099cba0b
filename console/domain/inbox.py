"""The inbox: which conversations an agent sees, in which order, and how a list row sums
up the conversation's last message."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from console.domain.attachments import file_name
from console.domain.content import LocationContent, MediaContent
from console.domain.content_codec import attachment_of
from console.domain.errors import InvalidInput
from console.domain.field_names import LABEL
from console.domain.messages import MessageKind
from console.domain.notices import Wording

CLOSING_SOON = timedelta(hours=2)  # the "window closing" filter: less time left than this
PREVIEW_LENGTH = 120  # characters of the last message kept for the list
MAX_LABEL_LENGTH = 40
EMPTY_LABEL = Wording("label.empty", "the label is empty")
LABEL_TOO_LONG = Wording("label.too_long", "a label has at most {limit} characters")
MAX_NOTE_LENGTH = 2000
# Team mode: who has a conversation (an inbox row's holder, a take refused). Declared here, not
# with the team's types, so the inbox list paints without loading them.
HELD = Wording("team.client.held", "{holder} has this conversation.")


class ConversationStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"  # the agent is done with it; the customer's next message reopens it


class BotHandling(StrEnum):
    """Who answers a conversation on an account a provider's bot answers (Chattigo paired
    with a Cloud API account). A conversation of an account without a bot has none."""

    BOT = "bot"  # the bot answers: the customer's messages are forwarded to it
    HANDED_OVER = "handed_over"  # the bot finished the chat: it waits for an agent
    AGENT = "agent"  # an agent took it: nothing is forwarded until it is given back


@dataclass(frozen=True, slots=True)
class InboxFilter:
    """Which conversations the inbox lists. The list is newest activity first, except with
    `closing_soon`: then the window closing first comes first."""

    status: ConversationStatus = ConversationStatus.OPEN
    unread: bool = False
    waiting: bool = False  # the customer wrote last
    closing_soon: bool = False  # the 24 h window is open and closes within `CLOSING_SOON`
    account_id: int | None = None
    label: str | None = None
    text: str = ""  # the contact's name or number, as in the agenda's filter
    bot: BotHandling | None = None  # only conversations in this hand of a bot's
    held_by: str | None = None  # team mode: only the conversations this agent has
    unheld: bool = False  # team mode: only the conversations nobody has


NOTE = "notice"  # where a notice message keeps its code and values (`notice_codec.stored`)


def preview_of(kind: MessageKind, body: str, content: Mapping[str, Any]) -> str:
    """What the inbox keeps of a message: the start of its text, a file's caption or name,
    a template's name or a place's name; `preview_line` adds what kind of message it was."""
    if kind is MessageKind.NOTICE and isinstance(content.get(NOTE), str):
        return content[NOTE]  # the notice as stored: the inbox words it for its reader
    attachment = attachment_of(kind, content)
    if isinstance(attachment, MediaContent):
        text = attachment.caption or file_name(attachment)
    elif isinstance(attachment, LocationContent):
        text = attachment.place_name or attachment.address or _coordinates(attachment)
    elif kind is MessageKind.TEMPLATE:
        text = str(content.get("name") or body.partition("]")[0].removeprefix("["))
    else:
        text = body
    one_line = re.sub(r"\s+", " ", text).strip()
    return one_line if len(one_line) <= PREVIEW_LENGTH else one_line[: PREVIEW_LENGTH - 1] + "…"


def preview_line(kind: MessageKind | None, preview: str) -> str:
    """The row's summary as one line: "📎 factura.pdf", "template pedido_listo", "📍 Oficina"."""
    if kind is MessageKind.MEDIA:
        return f"📎 {preview}"
    if kind is MessageKind.LOCATION:
        return f"📍 {preview}"
    if kind is MessageKind.TEMPLATE:
        return f"template {preview}"
    return preview


def clean_label(text: str) -> str:
    """A label as kept: trimmed, inner spaces collapsed; `InvalidInput` when empty or too long."""
    label = re.sub(r"\s+", " ", text).strip()
    if not label:
        raise InvalidInput(LABEL(), EMPTY_LABEL())
    if len(label) > MAX_LABEL_LENGTH:
        raise InvalidInput(LABEL(), LABEL_TOO_LONG(limit=MAX_LABEL_LENGTH))
    return label


def _coordinates(place: LocationContent) -> str:
    return f"{place.latitude:.5f}, {place.longitude:.5f}"

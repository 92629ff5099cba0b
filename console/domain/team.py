"""Team mode as a console sees it: the server it joined, the changes it follows, and who is
on a conversation. A conversation is known to the server by its account's name and the
customer's address (the contact's phone), for now."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from console.domain.inbox import BotHandling, ConversationStatus
from console.domain.messages import MessageKind
from console.domain.notices import Notice, Wording
from console.domain.team_runs import TeamRun
from console.domain.team_shared import SharedEdit
from console.domain.templates import Template

HOLDER_KINDS = frozenset({"taken", "transferred", "released"})
MESSAGE_KINDS = frozenset({"message", "message_state"})
BOT_KINDS = frozenset({"bot_message", "bot_closed", "bot_handling"})
HANDLING_KIND = "bot_handling"  # who has a conversation a paired bot answers (bot, handed_over, agent)
STATUS_KIND = "conversation_status"  # a conversation resolved or reopened (by an agent, or by the customer's message)
REVIEW_KIND = "template_review"
MAX_NOTE = 2000  # characters of a transfer's note the team server takes


@dataclass(frozen=True, slots=True)
class TeamLink:
    """The team server this console joined (its token lives in the secret store, never here)."""

    server_url: str
    agent: str
    cursor: int  # the last change id applied


@dataclass(frozen=True, slots=True)
class TeamMessage:
    """A message the team server stores and sends, or one outcome of it (a `message_state`
    change carries no `kind` nor `content`)."""

    id: int
    client_key: str
    state: str  # a `DeliveryState` value, or the server's `sending`
    provider_message_id: str | None = None
    raw_state: str | None = None
    detail: Notice | None = None
    kind: str | None = None  # a `MessageKind` value; `message` changes and answers only
    content: dict[str, Any] = field(default_factory=dict)  # `domain.content_codec.content_fields`
    created_at: str = ""  # ISO 8601, UTC: when the server stored it ("" from a `message_state` change)
    updated_at: str = ""
    bot_body: str | None = None  # a paired bot's answer the server sends through the account: its text


@dataclass(frozen=True, slots=True)
class TeamInbound:
    """A customer's message the team server received (a `message` change with `"direction": "in"`)."""

    id: int
    provider_message_id: str
    kind: str  # a `MessageKind` value
    body: str
    content: dict[str, Any] = field(default_factory=dict)  # a file's link, a place's coordinates
    user_id: str | None = None  # a WhatsApp Cloud API customer's business-scoped id
    name: str | None = None
    received_at: str = ""  # ISO 8601, UTC


@dataclass(frozen=True, slots=True)
class TeamBot:
    """What a provider's bot did, as the team server learnt it by callback: an answer (`notice`
    None; `body`, `kind` and `content` as `BotMessage.kept` keeps it) or its closing of the
    chat (`notice`)."""

    id: int
    body: str
    notice: Notice | None = None
    received_at: str = ""  # ISO 8601, UTC
    kind: MessageKind = MessageKind.TEXT
    content: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TemplateReview:
    """The provider's new review of one of the account's templates (`status`: its word for it)."""

    name: str
    language: str
    status: str


@dataclass(frozen=True, slots=True)
class TeamChange:
    """One entry of the server's change log, as far as this console uses it."""

    id: int
    agent: str
    # presence | taken | transferred | released | message | message_state | catalogue | run | bot_message |
    # bot_closed | bot_handling | template_review | note | label_added | label_removed | quick_reply | quick_reply_removed |
    # conversation_status
    kind: str
    account: str
    customer: str
    holder: str | None = None  # taken, transferred, released
    expires_ms: int = 0  # presence: until when (epoch milliseconds)
    note: str = ""  # transferred: what the agent who passed it wrote
    message: TeamMessage | None = None  # message, message_state: an agent's send
    inbound: TeamInbound | None = None  # message: a customer's
    templates: tuple[Template, ...] | None = None  # catalogue: the account's catalogue as the server fetched it
    run: TeamRun | None = None  # run: a bulk run the server owns, and its progress
    shared: SharedEdit | None = None  # a note, a label or a quick reply (`domain.team_shared`)
    bot: TeamBot | None = None  # bot_message, bot_closed, bot_handling with a notice (why the bot did not get a message)
    handling: BotHandling | None = None  # bot_handling
    review: TemplateReview | None = None  # template_review
    status: ConversationStatus | None = None  # conversation_status
    at: str = ""  # ISO 8601, UTC: when the server wrote it ("" for a snapshot's)


def server_time(text: str) -> datetime | None:
    """A time the server wrote (ISO 8601, UTC), or None when there is none or it cannot be read."""
    try:
        moment = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return None if moment is None else moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def server_text(moment: datetime) -> str:
    """`moment` as the server writes its times (`server_time` reads it back)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class TeamAccount:
    """One of the team server's provider accounts, as agents see it (no secret, no address)."""

    name: str
    provider: str  # a `ProviderKind` value
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Handover:
    """How the holder got the conversation, when a colleague passed it to them."""

    by: str
    to: str
    note: str


@dataclass(frozen=True, slots=True)
class ConversationTeam:
    """Who has the conversation and which other agents have it open now."""

    holder: str | None
    present: tuple[str, ...]
    handover: Handover | None = None  # the holder's, when it was passed to them


@dataclass(frozen=True, slots=True)
class TeamStatus:
    server_url: str
    agent: str
    cursor: int
    latest: int | None  # the newest change id on the server; None when it could not be asked
    reachable: bool

    @property
    def lag(self) -> int | None:
        return None if self.latest is None else max(0, self.latest - self.cursor)


PASSED_TO_YOU = Wording("team.passed_to_you", "{by} passed it to you")
YOU_PASSED = Wording("team.you_passed", "You passed it to {to}")
PASSED = Wording("team.passed", "{by} passed it to {to}")
WITH_NOTE = Wording("team.with_note", "{handover}: “{note}”")
PASSED_YOU_ONE = Wording("team.passed_you_one", "{by} passed you a conversation")
NOTE_SHOWN = 300  # characters of a note the chat's line shows (the tooltip has it whole)


def handover_notice(handover: Handover, me: str | None) -> Notice:
    """Who passed the conversation to whom, from `me`'s side, with the start of the note."""
    if handover.to == me:
        said = PASSED_TO_YOU(by=handover.by)
    elif handover.by == me:
        said = YOU_PASSED(to=handover.to)
    else:
        said = PASSED(by=handover.by, to=handover.to)
    note = " ".join(handover.note.split())
    if not note:
        return said
    return WITH_NOTE(handover=said, note=note if len(note) <= NOTE_SHOWN else note[: NOTE_SHOWN - 1] + "…")

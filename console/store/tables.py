"""SQLModel tables. Secrets never live here: see `secrets`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from console.store.types import UTCDateTime, utcnow


class AccountRow(SQLModel, table=True):
    __tablename__ = "account"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    provider: str
    settings_json: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    sandbox: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The team server's account, mirrored (`store/team_accounts.py`): no secret and no provider
    # address here; the server sends through it.
    team: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})


class ContactRow(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (
        UniqueConstraint("account_id", "external_id"),
        # The agenda's order: named contacts by name, then unnamed ones (named after their
        # number) by number. Holding `phone` too lets a page's ids come from the index alone,
        # and `search_text` lets the typed filter compare contacts in that order from it.
        Index("ix_contact_agenda_order", "account_id", text("display_name = phone"), "display_name", "phone", "search_text"),
        # A WhatsApp Cloud API customer's business-scoped user id: one contact per id and account.
        Index("ux_contact_user_id", "account_id", "user_id", unique=True),
        # A conversation as the team server names it (the account's name, the customer's number),
        # for the few contacts whose number is not their provider's id (`store/team.py`).
        Index("ix_contact_phone", "account_id", "phone", sqlite_where=text("phone != external_id")),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    external_id: str
    phone: str
    display_name: str
    first_name: str | None = None
    last_name: str | None = None
    search_text: str = ""  # lower-cased, accents removed: what the agenda filter matches
    in_agenda: bool = True  # False once the provider's agenda no longer lists it
    last_inbound_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    synced_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    registered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # provider opt-in (Broadcasterbot)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # the agents' own
    # WhatsApp Cloud API: the customer's business-scoped user id. A customer who hides their
    # number behind a username is known by it alone (then `external_id` and `phone` hold it
    # too, until a message brings their number, which joins this same contact).
    user_id: str | None = None


class ContactLabelRow(SQLModel, table=True):
    """A label an agent put on a contact ("VIP", "mayorista"); the inbox filters by them."""

    __tablename__ = "contact_label"
    __table_args__ = (Index("ix_contact_label_label", "label", "contact_id"),)

    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    label: str = Field(primary_key=True)


class ConversationRow(SQLModel, table=True):
    """A conversation, with what its inbox row shows kept on it (written with each message),
    so the inbox reads one page from an index instead of the messages."""

    __tablename__ = "conversation"
    __table_args__ = (
        UniqueConstraint("account_id", "contact_id"),
        # The inbox's orders: newest activity first (all accounts, one account, the unread,
        # the waiting), and the 24 h window closing first.
        Index("ix_conversation_inbox", "status", "last_message_at", "id"),
        Index("ix_conversation_inbox_account", "account_id", "status", "last_message_at", "id"),
        Index("ix_conversation_inbox_unread", "status", "last_message_at", "id", sqlite_where=text("unread_count > 0")),
        Index("ix_conversation_inbox_waiting", "status", "last_message_at", "id", sqlite_where=text("last_direction = 'in'")),
        Index("ix_conversation_window", "status", "last_inbound_at", "id"),
        # The bot's finished chats waiting for an agent: few, and the filter agents watch.
        Index(
            "ix_conversation_inbox_handed_over",
            "status",
            "last_message_at",
            "id",
            sqlite_where=text("bot_handling = 'handed_over'"),
        ),
        # Deleting a contact finds its conversation without reading them all (the foreign key's cascade).
        Index("ix_conversation_contact", "contact_id"),
        # The unread badges' totals per account, from the unread conversations alone.
        Index("ix_conversation_unread", "account_id", "unread_count", sqlite_where=text("unread_count > 0")),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    last_message_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # last activity
    unread_count: int = 0
    status: str = Field(default="open", sa_column_kwargs={"server_default": "open"})  # ConversationStatus
    last_direction: str | None = None  # of the newest message
    last_kind: str | None = None
    preview: str = Field(default="", sa_column_kwargs={"server_default": ""})  # domain.inbox.preview_of
    last_inbound_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the customer's last message
    bot_handling: str | None = None  # domain.inbox.BotHandling; None where no bot answers


class MessageRow(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (
        Index("ix_message_conversation", "conversation_id", "id"),
        Index("ix_message_provider_id", "account_id", "provider_message_id"),
        Index("ix_message_next_poll", "next_poll_at"),
        # The sends still pending (few) and an account's outgoing messages by time: what the
        # console asks at start, answered without reading every message.
        Index("ix_message_pending", "account_id", "direction", "send_owner", sqlite_where=text("state = 'pending'")),
        Index("ix_message_outgoing_day", "account_id", "created_at", "state", sqlite_where=text("direction = 'out'")),
        # Team mode: one row per send the console made (its client key) or learnt (the server's id),
        # and the sends still queued for the server (few).
        Index("ux_message_client_key", "client_key", unique=True, sqlite_where=text("client_key IS NOT NULL")),
        Index("ux_message_team_id", "team_message_id", unique=True, sqlite_where=text("team_message_id IS NOT NULL")),
        Index("ix_message_team_queue", "id", sqlite_where=text("client_key IS NOT NULL AND team_message_id IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", ondelete="CASCADE")
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    direction: str
    kind: str
    body: str = Field(sa_column=Column(Text, nullable=False))
    # The body lower-cased without accents: what the message search index (`message_search`) holds.
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    options_json: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    state: str
    raw_state: str | None = None
    provider_message_id: str | None = None
    failure_reason: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Status polling schedule; NULL when nothing more is to be polled.
    next_poll_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    poll_attempts: int = 0
    send_owner: str | None = None  # the process that sent it (see `owners`): alive means in flight
    client_key: str | None = None  # team mode: the UUID it is posted to the team server under
    team_message_id: int | None = None  # team mode: the server's id, once the server has it


class StateEventRow(SQLModel, table=True):
    __tablename__ = "state_event"
    __table_args__ = (Index("ix_state_event_message", "message_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", ondelete="CASCADE")
    state: str
    raw_state: str | None = None
    source: str
    at: datetime = Field(sa_type=UTCDateTime)
    detail: str | None = None
    payload: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # the provider's words, as received


class TemplateRow(SQLModel, table=True):
    __tablename__ = "template"
    __table_args__ = (UniqueConstraint("account_id", "name", "language"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    name: str
    language: str = ""  # "" when the provider has no language for it (Cliengo)
    kind: str = "TEXT"
    param_count: int = 0
    variables_json: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    status: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class QuickReplyRow(SQLModel, table=True):
    """A saved reply; `account_id` NULL: offered on every account."""

    __tablename__ = "quick_reply"
    # One name per scope; NULL account ids are never equal, so the index compares them as 0.
    __table_args__ = (Index("ux_quick_reply_scope_name", text("ifnull(account_id, 0)"), "name", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", ondelete="CASCADE")
    name: str
    body: str = Field(sa_column=Column(Text, nullable=False))
    media_url: str | None = None
    media_kind: str | None = None  # image, video, audio, document: with media_url


class RelayCursorRow(SQLModel, table=True):
    """How far the console has read a callback relay's events (so a restart catches up)."""

    __tablename__ = "relay_cursor"

    source: str = Field(primary_key=True)  # "embedded" or a team relay's URL
    last_event_id: int = 0


class TeamLinkRow(SQLModel, table=True):
    """The team server this console joined, and how far it has read its change log: one row,
    none in solo mode. The agent's token is in the secret store, never here."""

    __tablename__ = "team_link"

    id: int = Field(default=1, primary_key=True)
    server_url: str
    agent: str
    last_change_id: int = 0


class TeamHolderRow(SQLModel, table=True):
    """Who has a conversation, as the team server's change log said last."""

    __tablename__ = "team_holder"

    account: str = Field(primary_key=True)  # the account's name
    customer: str = Field(primary_key=True)  # the customer's address
    holder: str
    passed_by: str | None = None  # the colleague who transferred it to the holder
    note: str = ""  # what they wrote with it


class TeamPresenceRow(SQLModel, table=True):
    """An agent with a conversation open, until `expires_ms` (epoch milliseconds)."""

    __tablename__ = "team_presence"

    account: str = Field(primary_key=True)
    customer: str = Field(primary_key=True)
    agent: str = Field(primary_key=True)
    expires_ms: int


class SendTurnRow(SQLModel, table=True):
    """Whose turn it is to send for an account, and when its last request ended (wall clock):
    the provider's minimum spacing is per account, whichever process sends."""

    __tablename__ = "send_turn"

    account_id: int = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE")
    holder: str | None = None  # the owner id of the process sending now
    last_done: float = 0.0


class EarlyStatusRow(SQLModel, table=True):
    """A status callback whose message id is not known yet: callbacks can overtake the send's answer."""

    __tablename__ = "early_status"
    __table_args__ = (Index("ix_early_status_message", "account_id", "provider_message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    provider_message_id: str
    state: str
    raw_state: str | None = None
    at: datetime = Field(sa_type=UTCDateTime)
    detail: str | None = None
    payload: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class BulkRunRow(SQLModel, table=True):
    """A template sent to many recipients; kept so a run survives closing the console."""

    __tablename__ = "bulk_run"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    template_json: str = Field(sa_column=Column(Text, nullable=False))  # name, language, media link
    status: str = "running"  # running, stopped, finished
    total: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BulkRecipientRow(SQLModel, table=True):
    """One recipient of a bulk run and its outcome, written before and after its send."""

    __tablename__ = "bulk_recipient"
    __table_args__ = (UniqueConstraint("run_id", "position"), Index("ix_bulk_recipient_outcome", "run_id", "outcome"))

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="bulk_run.id", ondelete="CASCADE")
    position: int
    recipient: str
    params_json: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    outcome: str = "queued"  # queued, sending, sent, failed, verify, skipped
    message_id: int | None = None
    detail: str | None = None


class TeamQuickReplyRow(SQLModel, table=True):
    """A quick reply here that is the team server's: its id there (`store/team_shared.py`)."""

    __tablename__ = "team_quick_reply"

    reply_id: int = Field(foreign_key="quick_reply.id", ondelete="CASCADE", primary_key=True)
    team_id: int = Field(unique=True)

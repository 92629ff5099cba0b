"""The team server's tables, beside the relay's in the same database.

A change to a table here — or to the relay's tables (`console.relay.store`), which the server's
migrations keep too — is a new migration in `migrations/versions/` (down_revision: the current
head), never an edit of a migration that has shipped: databases already at that revision
would never see it. `tests/test_team_schema.py` fails while this metadata and the migrations'
head differ (alembic's autogenerate comparison on a PostgreSQL upgraded to head).
`upgrade.upgrade` brings a database to the head when a server process or an admin command
opens it.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, MetaData, String, Table, Text

from console.domain.team_customers import MAX_CUSTOMER
from console.relay import store as relay_store

CHANGE_COUNTER = "change"
NAME_LENGTH = 64
ACCOUNT_LENGTH = 200
CUSTOMER_LENGTH = MAX_CUSTOMER  # a phone's digits, a user id, a TimelinesAI chat's label
CLIENT_KEY_LENGTH = 36  # a UUID as text
PROVIDER_LENGTH = 32
STATE_LENGTH = 16
WORKER_LENGTH = 96
ROUTE_LENGTH = 128  # the relay's route token column
APPLIED_COUNTER = "relay_applied"  # `team_counter` row: the last relay event the callback appliers applied

metadata = MetaData()

# An agent's token is kept only as its SHA-256: a database dump opens no console.
team_agent = Table(
    "team_agent",
    metadata,
    Column("name", String(NAME_LENGTH), primary_key=True),
    Column("token_digest", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("last_seen_at", String(32), nullable=True),
    Column("revoked_at", String(32), nullable=True),
    # When a process last saw the agent's console follow the change log (epoch ms; `liveness`).
    Column("following_ms", BigInteger, nullable=True),
)

# The ordered change log: ids in commit order (see `changes`), details as JSON text.
team_change = Table(
    "team_change",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("agent", String(NAME_LENGTH), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("account", String(ACCOUNT_LENGTH), nullable=False),
    Column("customer", String(CUSTOMER_LENGTH), nullable=False),
    Column("details", Text, nullable=False),
)

# Named counters: `change` hands out change ids; `relay_applied` is the callback appliers' cursor
# in the relay's events, locked by the one applying and made by the first (`callbacks`).
team_counter = Table(
    "team_counter",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Who holds a conversation (NULL: nobody) and whether it is open or resolved (a `domain.inbox.ConversationStatus`
# value, `conversation_status`); a conversation is (account name, customer address) for now. A conversation
# without a row is open and held by nobody.
team_conversation = Table(
    "team_conversation",
    metadata,
    Column("account", String(ACCOUNT_LENGTH), primary_key=True),
    Column("customer", String(CUSTOMER_LENGTH), primary_key=True),
    Column("holder", String(NAME_LENGTH), nullable=True),
    Column("held_since", String(32), nullable=True),
    Column("status", String(STATE_LENGTH), nullable=False, server_default="open"),
)

# Who has a conversation open: one row per agent, until `expires_ms` (epoch milliseconds).
team_presence = Table(
    "team_presence",
    metadata,
    Column("account", String(ACCOUNT_LENGTH), primary_key=True),
    Column("customer", String(CUSTOMER_LENGTH), primary_key=True),
    Column("agent", String(NAME_LENGTH), primary_key=True),
    Column("expires_ms", BigInteger, nullable=False),
    Column("opened_ms", BigInteger, nullable=True),  # when the agent last opened it (epoch ms)
    Index("team_presence_expiry", "expires_ms"),
)


# The provider accounts the server sends through: settings as JSON text. Their secrets are
# never in the database: they are in each server host's secret store or environment.
team_account = Table(
    "team_account",
    metadata,
    Column("name", String(ACCOUNT_LENGTH), primary_key=True),
    Column("provider", String(PROVIDER_LENGTH), nullable=False),
    Column("settings", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    # The relay route its provider posts callbacks to (`accounts add` makes it for providers that push).
    Column("callback_route", String(ROUTE_LENGTH), nullable=True, unique=True),
)

# Outgoing messages, persisted before any request. `state` is a `DeliveryState` value, or
# `sending` while `sender` (a server process, see `team_worker`) has the request under way:
# a message left `sending` by a process whose lease expired may have reached the provider,
# so it becomes `unknown`, never sent again. `next_try_ms` (epoch ms) holds back a retry of a
# request that never left; `detail` is the last outcome's notice (`domain.notice_codec`).
team_message = Table(
    "team_message",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("client_key", String(CLIENT_KEY_LENGTH), nullable=False, unique=True),
    Column("account", String(ACCOUNT_LENGTH), nullable=False),
    Column("customer", String(CUSTOMER_LENGTH), nullable=False),
    Column("agent", String(NAME_LENGTH), nullable=False),
    Column("kind", String(STATE_LENGTH), nullable=False),
    Column("content", Text, nullable=False),
    Column("state", String(STATE_LENGTH), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_try_ms", BigInteger, nullable=False, default=0),
    Column("sender", String(WORKER_LENGTH), nullable=True),
    Column("provider_message_id", String(200), nullable=True),
    Column("raw_state", String(200), nullable=True),
    Column("detail", Text, nullable=True),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    # The status poll's schedule (providers that answer polls): NULL when not followed.
    Column("next_poll_ms", BigInteger, nullable=True),
    Column("poll_attempts", Integer, nullable=True),
    Index("team_message_due", "state", "next_try_ms"),
    Index("team_message_provider_id", "account", "provider_message_id"),
    Index("team_message_next_poll", "next_poll_ms"),
    Index("team_message_conversation", "account", "customer", "created_at"),  # a conversation's pages (`history`)
)

# Delivery statuses that arrived by callback before the send's answer named their message:
# applied, in arrival order, when the answer is recorded (`messages.MessageStore.record`).
team_early_status = Table(
    "team_early_status",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("account", String(ACCOUNT_LENGTH), nullable=False),
    Column("provider_message_id", String(200), nullable=False),
    Column("state", String(STATE_LENGTH), nullable=False),
    Column("raw_state", String(200), nullable=True),
    Column("detail", Text, nullable=True),
    Column("received_at", String(32), nullable=False),
    Index("team_early_status_message", "account", "provider_message_id"),
)

# Customers' messages, from the providers' callbacks: one row per provider message id, so a
# provider retrying a callback adds nothing. `customer` is the phone's digits, or the
# business-scoped user id of a Cloud API customer who hides their number.
team_inbound = Table(
    "team_inbound",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("account", String(ACCOUNT_LENGTH), nullable=False),
    Column("provider_message_id", String(200), nullable=False),
    Column("customer", String(CUSTOMER_LENGTH), nullable=False),
    Column("user_id", String(CUSTOMER_LENGTH), nullable=True),
    Column("name", String(200), nullable=True),
    Column("kind", String(STATE_LENGTH), nullable=False),
    Column("body", Text, nullable=False),
    Column("content", Text, nullable=False),
    Column("relay_event_id", BigInteger, nullable=False),
    Column("received_at", String(32), nullable=False),
    Index("team_inbound_once", "account", "provider_message_id", unique=True),
    Index("team_inbound_conversation", "account", "customer", "received_at"),
)

# What providers' bots did, from the callbacks: an answer to a customer (`kind` "answer": its
# summary in `body`), a closing of the chat ("closed": its notice in `notice`, code and values).
# A closing notice that names no customer closes the chat the account's bot answered last.
team_bot_event = Table(
    "team_bot_event",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("account", String(ACCOUNT_LENGTH), nullable=False),
    Column("customer", String(CUSTOMER_LENGTH), nullable=False),
    Column("kind", String(STATE_LENGTH), nullable=False),
    Column("body", Text, nullable=False),
    Column("notice", Text, nullable=True),
    Column("relay_event_id", BigInteger, nullable=False),
    Column("received_at", String(32), nullable=False),
    Index("team_bot_event_account", "account", "kind", "id"),
)

# Who has each conversation of a Cloud API account a Chattigo bot answers through (`bot_relay`):
# `handling` is a `domain.inbox.BotHandling` value (bot, handed_over, agent), decided by the
# callback applier (a customer writing first: the bot; the bot closing: handed over) and by an
# agent's send (an agent). A conversation without a row has had no hand decided yet.
team_bot_handling = Table(
    "team_bot_handling",
    metadata,
    Column("account", String(ACCOUNT_LENGTH), primary_key=True),
    Column("customer", String(CUSTOMER_LENGTH), primary_key=True),
    Column("handling", String(STATE_LENGTH), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

# Customers' messages to forward to the bot (`bot_forwards`), stored in the transaction that
# applies the callback that brought them, each in the webhook envelope Meta posted it in (cut
# from the raw body). `state`: pending → sending (claimed by `sender`, committed before the
# request) → forwarded; back to pending with a later `next_try_ms` when the request surely never
# left; `unknown` when it may have left (never sent again); `failed`; `skipped` when the bot no
# longer had the conversation before it was sent.
team_bot_forward = Table(
    "team_bot_forward",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("bot_account", String(ACCOUNT_LENGTH), nullable=False),
    Column("account", String(ACCOUNT_LENGTH), nullable=False),
    Column("customer", String(CUSTOMER_LENGTH), nullable=False),
    Column("provider_message_id", String(200), nullable=False),
    Column("envelope", Text, nullable=False),
    Column("state", String(STATE_LENGTH), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_try_ms", BigInteger, nullable=False, default=0),
    Column("sender", String(WORKER_LENGTH), nullable=True),
    Column("detail", Text, nullable=True),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Index("team_bot_forward_once", "account", "provider_message_id", unique=True),
    Index("team_bot_forward_due", "state", "next_try_ms"),
    Index("team_bot_forward_conversation", "account", "customer", "id"),
)

# One row per running server process's send worker: its lease, renewed by a heartbeat.
team_worker = Table(
    "team_worker",
    metadata,
    Column("name", String(WORKER_LENGTH), primary_key=True),
    Column("started_at", String(32), nullable=False),
    Column("lease_until_ms", BigInteger, nullable=False),
)

# Each account's template catalogue as its provider last listed it (`catalogues`): JSON text.
team_catalogue = Table(
    "team_catalogue",
    metadata,
    Column("account", String(ACCOUNT_LENGTH), primary_key=True),
    Column("templates", Text, nullable=False),
    Column("fetched_at", String(32), nullable=False),
)

# Bulk runs the server owns (`bulk_runs`): one template to many recipients, each item a
# `team_message` stored with the run. `outcomes` is what the last `run` change published.
team_run = Table(
    "team_run",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("client_key", String(CLIENT_KEY_LENGTH), nullable=False, unique=True),
    Column("account", String(ACCOUNT_LENGTH), nullable=False),
    Column("agent", String(NAME_LENGTH), nullable=False),
    Column("template", Text, nullable=False),
    Column("status", String(STATE_LENGTH), nullable=False),
    Column("total", Integer, nullable=False),
    Column("outcomes", Text, nullable=False),
    Column("cancelled_by", String(NAME_LENGTH), nullable=True),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Index("team_run_status", "status"),
)

# A run's recipients in order, each with its message; `cancelled` when the run's cancel stopped it unsent.
team_run_item = Table(
    "team_run_item",
    metadata,
    Column("run_id", BigInteger, primary_key=True, autoincrement=False),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("message_id", BigInteger, nullable=False),
    Column("cancelled", Boolean, nullable=False),
)


# What agents share about a conversation (`shared_state`): one note, and labels kept once
# whatever their capitals (`label_key`, the label case-folded).
LABEL_LENGTH = 40  # `domain.inbox.MAX_LABEL_LENGTH`
REPLY_NAME_LENGTH = 60  # `domain.quick_replies.MAX_NAME_LENGTH`
KEY_LENGTH = 3  # `str.casefold` makes a character at most three ("ΐ")
team_note = Table(
    "team_note",
    metadata,
    Column("account", String(ACCOUNT_LENGTH), primary_key=True),
    Column("customer", String(CUSTOMER_LENGTH), primary_key=True),
    Column("text", Text, nullable=False),
    Column("updated_by", String(NAME_LENGTH), nullable=False),
    Column("updated_at", String(32), nullable=False),
)
# Every edit of a note, in order: who made it, when, and the text it left ("" removed it).
team_note_edit = Table(
    "team_note_edit",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("account", String(ACCOUNT_LENGTH), nullable=False),
    Column("customer", String(CUSTOMER_LENGTH), nullable=False),
    Column("text", Text, nullable=False),
    Column("agent", String(NAME_LENGTH), nullable=False),
    Column("at", String(32), nullable=False),
    Index("team_note_edit_conversation", "account", "customer", "id"),
)
team_label = Table(
    "team_label",
    metadata,
    Column("account", String(ACCOUNT_LENGTH), primary_key=True),
    Column("customer", String(CUSTOMER_LENGTH), primary_key=True),
    Column("label_key", String(KEY_LENGTH * LABEL_LENGTH), primary_key=True),
    Column("label", String(LABEL_LENGTH), nullable=False),
    Column("added_by", String(NAME_LENGTH), nullable=False),
    Column("added_at", String(32), nullable=False),
)
# The team's quick replies: `account` is an account's name, or "" for every account; one name
# (`name_key`, case-folded) per scope.
team_quick_reply = Table(
    "team_quick_reply",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("account", String(ACCOUNT_LENGTH), nullable=False),
    Column("name", String(REPLY_NAME_LENGTH), nullable=False),
    Column("name_key", String(KEY_LENGTH * REPLY_NAME_LENGTH), nullable=False),
    Column("text", Text, nullable=False),
    Column("media_url", Text, nullable=True),
    Column("media_kind", String(STATE_LENGTH), nullable=True),
    Column("updated_by", String(NAME_LENGTH), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Index("team_quick_reply_scope_name", "account", "name_key", unique=True),
)

# Every table the server's migrations keep: on a server's database the server is the relay, so
# one revision and one lock cover all of it (a standalone `centralita relay` still creates its own).
MIGRATED_METADATA = (relay_store.metadata, metadata)

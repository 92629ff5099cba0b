"""A Chattigo bot answering through a Cloud API account of the server (the Chattigo account's
`cloud_api` field names it), decided inside the callback applier's transaction (each callback
applied once, whichever process received it), as the console decides it in solo mode
(`services/bot_relay.py`):

- a customer's new message on the connection: a conversation with no hand decided yet goes to
  the bot (`team_bot_handling`); while the bot has it, the message is kept to be forwarded
  (`team_bot_forward`) in the envelope Meta posted it in, cut from the raw body, and the
  forwarder (`forwarder`) sends it;
- the bot's answer: an outgoing message of the connection (`team_message`, `agent` ""), its
  content the bot's raw payload, which the send worker sends once (`OutgoingMessage.bot`);
- the bot closing the chat: its notice on the connection's conversation, which is handed over
  to the agents (no more forwards; those not sent yet are skipped);
- an agent's send on the connection takes the conversation from the bot (`messages`).

Every new hand is a `bot_handling` change on the connection's conversation, `agent` the one who
took it ("" otherwise): `{"handling": "bot" | "handed_over" | "agent", "notice": {"code",
"english", "values"} | null, "received_at"}`; `notice` says why the bot did not receive a message.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from console.domain.accounts import ProviderKind
from console.domain.callbacks import BotClosedChat, BotMessage
from console.domain.inbox import BotHandling
from console.domain.lifecycle import DeliveryState
from console.providers.chattigo import PAIRED_ACCOUNT
from console.relay.store import utc_now
from console.services.bot_relay import NO_SUCH_MESSAGE, NOT_FORWARDED
from console.team_server.bot_events import ANSWER, bot_closed
from console.team_server.bot_hands import FORWARD_PENDING, Pending, hand, handling
from console.team_server.messages import BOT_ANSWER, message_of
from console.team_server.schema import team_account, team_bot_event, team_bot_forward, team_message

__all__ = ["Pairings", "bot_closed_on", "for_the_bot", "pairings", "queue_answer"]

ANSWER_KEYS = uuid.UUID("0b7c4f9e-2d35-4f1a-9c1e-6a3b8e5d2f10")  # a bot answer's client_key: UUID5 of its event and item


@dataclass(frozen=True, slots=True)
class Pairings:
    bot_of: dict[str, str]  # connection (Cloud API account) → the Chattigo account whose bot answers through it
    connection_of: dict[str, str]  # the reverse


def pairings(connection: Connection) -> Pairings:
    """The server's pairings; a connection two bots name answers for the first by name (the
    server refuses pairing a second one: `accounts`)."""
    rows = connection.execute(
        select(team_account.c.name, team_account.c.settings)
        .where(team_account.c.provider == ProviderKind.CHATTIGO.value)
        .order_by(team_account.c.name)
    ).all()
    bot_of: dict[str, str] = {}
    for row in rows:
        linked = json.loads(row.settings).get(PAIRED_ACCOUNT)
        if isinstance(linked, str) and linked:
            bot_of.setdefault(linked, row.name)
    return Pairings(bot_of, {bot: linked for linked, bot in bot_of.items()})


def for_the_bot(
    connection: Connection,
    bot: str,
    account: str,
    customer: str,
    provider_message_id: str,
    envelope: dict[str, Any] | None,
) -> list[Pending]:
    """A customer's new message on the connection: the conversation goes to the bot when no hand
    was decided yet, and while the bot has it the message is kept to be forwarded. One whose
    envelope the webhook did not hold hands the conversation over, saying why."""
    changes = hand(connection, account, customer, BotHandling.BOT, (None,))
    if handling(connection, account, customer) is not BotHandling.BOT:
        return changes
    if envelope is None:
        note = NOT_FORWARDED(reason=NO_SUCH_MESSAGE())
        return changes + hand(connection, account, customer, BotHandling.HANDED_OVER, (BotHandling.BOT,), notice=note)
    now = utc_now()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(
        dialect.insert(team_bot_forward)
        .values(
            bot_account=bot,
            account=account,
            customer=customer,
            provider_message_id=provider_message_id,
            envelope=json.dumps(envelope, ensure_ascii=False),
            state=FORWARD_PENDING,
            attempts=0,
            next_try_ms=0,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing()
    )
    return changes


def queue_answer(connection: Connection, account: str, item: BotMessage, event: Any, position: int) -> Pending:
    """The bot's answer as a pending outgoing message of the connection `account`, carrying the
    bot's payload, for the send worker: its `message` change. Kept as the bot's answer too
    (`team_bot_event`), so a closing notice that names no customer finds whom it answered last."""
    customer = item.customer.digits
    body, kind, fields = item.kept()
    now = utc_now()
    answer = {"body": body, "fields": fields, "payload": dict(item.payload or {})}
    row = connection.execute(
        insert(team_message)
        .values(
            client_key=str(uuid.uuid5(ANSWER_KEYS, f"{event.id}:{position}")),
            account=account,
            customer=customer,
            agent="",
            kind=kind.value,
            content=json.dumps({BOT_ANSWER: answer}, ensure_ascii=False, sort_keys=True),
            state=DeliveryState.PENDING.value,
            attempts=0,
            next_try_ms=0,
            created_at=now,
            updated_at=now,
        )
        .returning(team_message)
    ).one()
    connection.execute(
        insert(team_bot_event).values(
            account=account,
            customer=customer,
            kind=ANSWER,
            body=body,
            notice=None,
            relay_event_id=event.id,
            received_at=event.received_at,
        )
    )
    return ("", "message", account, customer, {"message": message_of(row).as_json()})


def bot_closed_on(connection: Connection, account: str, item: BotClosedChat, event: Any) -> list[Pending]:
    """The bot closed a chat of the connection `account`: its notice there (a `bot_closed` change)
    and the conversation handed over to the agents (when the bot or nobody had it, as in solo mode)."""
    closed = bot_closed(connection, account, item, event)
    if closed is None:
        return []
    customer = closed[3]
    return [closed, *hand(connection, account, customer, BotHandling.HANDED_OVER, (BotHandling.BOT, None))]

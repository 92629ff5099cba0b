"""Outgoing messages on the server, with the console's outbox rules: persisted before any
request; a request that never left is tried again; one that may have left is never resent.

A message goes `pending` → `sending` (claimed by one server process's worker, committed
before its request) → the provider's answer (`accepted`, `sent`, … or `failed`), back to
`pending` with a later `next_try_ms` when the request provably never left, or `unknown`
when it may have reached the provider. Claims skip rows another process has locked
(`FOR UPDATE SKIP LOCKED`), so two workers never take the same message. Each worker renews a
lease in `team_worker`; a message left `sending` by a worker whose lease ran out (the process
died or hung) becomes `unknown` (`take_over`).

Every write that consoles must learn of appends a change in its transaction: `message` when
a message is created, `message_state` when its outcome is recorded. Blocking calls: run them
off the event loop.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, Connection, Engine, Row, Table, delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite

from console.domain.lifecycle import DeliveryState
from console.domain.notice_codec import restored, stored
from console.domain.notices import Notice, Wording
from console.relay.store import utc_now
from console.team_server.bot_hands import agent_takes
from console.team_server.media import shown_content
from console.team_server.schema import team_early_status, team_message, team_worker
from console.team_server.statuses import folded, lock_provider_id
from console.team_server.store import Change, Refusal, append_changes

__all__ = ["BOT_ANSWER", "SENDING", "MessageStore", "OutgoingMessage", "claim_due", "message_of", "now_ms", "put_back"]

SENDING = "sending"
# A bot's answer sent through the account (`bot_relay`): its content is {BOT_ANSWER: {"body",
# "fields" (what the chat shows it from, `BotMessage.kept`), "payload" (the bot's Cloud API body)}}.
BOT_ANSWER = "bot_answer"
RETIRED_AFTER_MS = 3_600_000  # a dead worker's row is deleted this long after its lease ran out
MAX_TAKEN_OVER = 500  # messages made unknown per transaction

CLIENT_KEY_REUSED = Wording(
    "team.client_key_reused", "client_key {key} was already used for another message; make a new one for each message"
)
WORKER_GONE = Wording(
    "team.sender_gone",
    "The server process sending it stopped before the provider's answer arrived; it may or may not have been sent.",
)


def now_ms() -> int:
    return int(time.time() * 1000)


def claim_due(
    engine: Engine,
    table: Table,
    pending: str,
    worker: str,
    limit: int,
    skip: tuple[Column[Any], frozenset[str]],
    *conditions: ColumnElement[bool],
) -> list[Row[Any]]:
    """Up to `limit` of `table`'s due `pending` rows (and `conditions`), oldest first, marked as
    being sent by `worker` and committed before any request; rows another worker is claiming are
    skipped, not waited for, and so are those whose `skip` column holds one of its values."""
    column, values = skip
    due = (
        select(table.c.id)
        .where(table.c.state == pending, table.c.next_try_ms <= now_ms(), *conditions)
        .order_by(table.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=table)
    )
    if values:
        due = due.where(column.not_in(sorted(values)))
    with engine.begin() as connection:
        ids = connection.execute(due).scalars().all()
        if not ids:
            return []
        rows = connection.execute(
            update(table)
            .where(table.c.id.in_(ids))
            .values(state=SENDING, sender=worker, attempts=table.c.attempts + 1, updated_at=utc_now())
            .returning(table)
        ).all()
    return sorted(rows, key=lambda row: row.id)


def put_back(
    engine: Engine, table: Table, row_id: int, worker: str, pending: str, delay_ms: int, detail: Notice | None, attempt: bool
) -> None:
    """`worker`'s request never left: the row is `pending` again, due in `delay_ms`. `attempt=False`
    gives the attempt back (this process could not try it: the account's secrets are not on this host)."""
    with engine.begin() as connection:
        connection.execute(
            update(table)
            .where(table.c.id == row_id, table.c.sender == worker, table.c.state == SENDING)
            .values(
                state=pending,
                sender=None,
                attempts=table.c.attempts - (0 if attempt else 1),
                next_try_ms=now_ms() + delay_ms,
                detail=stored(detail),
                updated_at=utc_now(),
            )
        )


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    id: int
    client_key: str
    account: str
    customer: str
    agent: str
    kind: str  # a `MessageKind` value
    content: dict[str, Any]  # `domain.content_codec.content_fields`
    state: str  # a `DeliveryState` value, or `sending`
    attempts: int
    provider_message_id: str | None
    raw_state: str | None
    detail: Notice | None
    created_at: str
    updated_at: str

    @property
    def bot(self) -> dict[str, Any] | None:
        """A bot's answer's body, fields and payload; None for an agent's message."""
        answer = self.content.get(BOT_ANSWER)
        return answer if isinstance(answer, dict) else None

    def as_json(self) -> dict[str, Any]:
        """As consoles are told it; a bot's answer has `"direction": "bot"`, its `body`, and the
        content the chat shows it from (never the bot's payload)."""
        bot = self.bot
        shown: dict[str, Any] = (
            {"direction": "out", "content": shown_content(self.content)}
            if bot is None
            else {"direction": "bot", "body": str(bot.get("body", "")), "content": shown_content(bot.get("fields") or {})}
        )
        return {
            "id": self.id,
            **shown,
            "client_key": self.client_key,
            "account": self.account,
            "customer": self.customer,
            "agent": self.agent,
            "kind": self.kind,
            "state": self.state,
            "attempts": self.attempts,
            "provider_message_id": self.provider_message_id,
            "raw_state": self.raw_state,
            "detail": detail_json(self.detail),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    def state_json(self) -> dict[str, Any]:
        """What a `message_state` change carries."""
        return {
            "message_id": self.id,
            "client_key": self.client_key,
            "state": self.state,
            "provider_message_id": self.provider_message_id,
            "raw_state": self.raw_state,
            "detail": detail_json(self.detail),
        }


def detail_json(notice: Notice | None) -> dict[str, Any] | None:
    """`{"code", "english", "values"}`: `domain.notice_codec.restored` reads it back from its JSON text."""
    text = stored(notice)
    return None if text is None else json.loads(text)


def message_of(row: Row[Any]) -> OutgoingMessage:
    return OutgoingMessage(
        row.id,
        row.client_key,
        row.account,
        row.customer,
        row.agent,
        row.kind,
        json.loads(row.content),
        row.state,
        row.attempts,
        row.provider_message_id,
        row.raw_state,
        restored(row.detail),
        row.created_at,
        row.updated_at,
    )


def _state_change(message: OutgoingMessage) -> tuple[str, str, str, str, dict[str, Any]]:
    """What `append_changes` writes for a message's new state: a `message_state` change."""
    return (message.agent, "message_state", message.account, message.customer, message.state_json())


def _early_statuses(connection: Connection, row: Row[Any]) -> list[OutgoingMessage]:
    """The statuses kept for this message before its answer named it, folded in arrival order
    and removed: the message after each one that changed it."""
    key = (team_early_status.c.account == row.account, team_early_status.c.provider_message_id == row.provider_message_id)
    early = connection.execute(select(team_early_status).where(*key).order_by(team_early_status.c.id)).all()
    changed: list[OutgoingMessage] = []
    for status in early:
        after = folded(row, DeliveryState(status.state), status.raw_state, restored(status.detail))
        if after is None:
            continue
        row = connection.execute(
            update(team_message)
            .where(team_message.c.id == row.id)
            .values(**after.values(), updated_at=utc_now())
            .returning(team_message)
        ).one()
        changed.append(message_of(row))
    if early:
        connection.execute(delete(team_early_status).where(team_early_status.c.id.in_([status.id for status in early])))
    return changed


def _insert(connection: Connection) -> Any:
    return (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(team_message)


class MessageStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(
        self, agent: str, client_key: str, account: str, customer: str, kind: str, content: dict[str, Any]
    ) -> tuple[OutgoingMessage, Change | None]:
        """The message, stored `pending` with its `message` change; or, for a `client_key` already
        used for this very send, the message stored then and no change (a repeated post)."""
        now = utc_now()
        content_text = json.dumps(content, ensure_ascii=False, sort_keys=True)
        values = {
            "client_key": client_key,
            "account": account,
            "customer": customer,
            "agent": agent,
            "kind": kind,
            "content": content_text,
            "state": DeliveryState.PENDING.value,
            "attempts": 0,
            "next_try_ms": 0,
            "created_at": now,
            "updated_at": now,
        }
        with self.engine.begin() as connection:
            # A concurrent insert of the same key waits for the other transaction, then inserts nothing.
            inserted = connection.execute(
                _insert(connection).values(**values).on_conflict_do_nothing(index_elements=["client_key"]).returning(team_message)
            ).first()
            if inserted is None:
                row = connection.execute(select(team_message).where(team_message.c.client_key == client_key)).one()
                if (row.account, row.customer, row.agent, row.content) != (account, customer, agent, content_text):
                    raise Refusal(CLIENT_KEY_REUSED(key=client_key), 409)
                return message_of(row), None
            message = message_of(inserted)
            # An agent's send takes the conversation from a bot answering through the account; that
            # change comes first, so that the message's is the last one to ring for.
            taken = agent_takes(connection, account, [customer], agent)
            changes = append_changes(connection, [*taken, (agent, "message", account, customer, {"message": message.as_json()})])
            return message, changes[-1]

    def by_client_key(self, client_key: str) -> OutgoingMessage | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(team_message).where(team_message.c.client_key == client_key)).first()
        return None if row is None else message_of(row)

    # The workers

    def heartbeat(self, worker: str, lease_ms: int) -> None:
        """`worker` is alive: its lease runs `lease_ms` from now."""
        until = now_ms() + lease_ms
        with self.engine.begin() as connection:
            statement = (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(team_worker)
            connection.execute(
                statement.values(name=worker, started_at=utc_now(), lease_until_ms=until).on_conflict_do_update(
                    index_elements=["name"], set_={"lease_until_ms": until}
                )
            )

    def retire(self, worker: str) -> None:
        """A worker stopping cleanly, its sends all recorded."""
        with self.engine.begin() as connection:
            connection.execute(delete(team_worker).where(team_worker.c.name == worker))

    def claim(self, worker: str, limit: int, skip_accounts: frozenset[str] = frozenset()) -> list[OutgoingMessage]:
        """Up to `limit` due pending messages, oldest first, marked as being sent by `worker` (`claim_due`)."""
        pending = DeliveryState.PENDING.value
        rows = claim_due(self.engine, team_message, pending, worker, limit, (team_message.c.account, skip_accounts))
        return [message_of(row) for row in rows]

    def retry_later(self, message_id: int, worker: str, delay_ms: int, detail: Notice | None, *, attempt: bool = True) -> None:
        """The request never left: pending again, due in `delay_ms` (`put_back`)."""
        put_back(self.engine, team_message, message_id, worker, DeliveryState.PENDING.value, delay_ms, detail, attempt)

    def record(
        self,
        message_id: int,
        worker: str,
        state: DeliveryState,
        detail: Notice | None = None,
        *,
        provider_message_id: str | None = None,
        raw_state: str | None = None,
        first_poll_ms: int | None = None,
    ) -> list[Change]:
        """The outcome of `worker`'s request, with its `message_state` change. Also over `unknown`
        when another process took the message over meanwhile (this one was slow, not dead): the
        answer is better knowledge. Nothing when the message is not `worker`'s to record.

        Statuses that arrived by callback before this answer are folded in after it, in arrival
        order, one more `message_state` change each that changes the message. `first_poll_ms`
        (a provider that answers polls) starts following the message's status that long from now."""
        with self.engine.begin() as connection:
            if provider_message_id is not None:
                account = connection.execute(select(team_message.c.account).where(team_message.c.id == message_id)).scalar()
                if account is not None:
                    lock_provider_id(connection, account, provider_message_id)
            follow = {} if first_poll_ms is None else {"next_poll_ms": now_ms() + first_poll_ms, "poll_attempts": 0}
            row = connection.execute(
                update(team_message)
                .where(
                    team_message.c.id == message_id,
                    team_message.c.sender == worker,
                    team_message.c.state.in_([SENDING, DeliveryState.UNKNOWN.value]),
                )
                .values(
                    state=state.value,
                    provider_message_id=provider_message_id,
                    raw_state=raw_state,
                    detail=stored(detail),
                    updated_at=utc_now(),
                    **follow,
                )
                .returning(team_message)
            ).first()
            if row is None:
                return []
            states = [message_of(row)]
            if provider_message_id is not None:
                states += _early_statuses(connection, row)
            return append_changes(connection, [_state_change(message) for message in states])

    def take_over(self) -> list[Change]:
        """Messages left `sending` by workers whose lease ran out become `unknown`: they may have
        reached the provider, so no process sends them again."""
        now = now_ms()
        alive = exists().where(team_worker.c.name == team_message.c.sender, team_worker.c.lease_until_ms >= now)
        orphans = (
            select(team_message.c.id)
            .where(team_message.c.state == SENDING, ~alive)
            .order_by(team_message.c.id)
            .limit(MAX_TAKEN_OVER)
            .with_for_update(skip_locked=True)
        )
        with self.engine.begin() as connection:
            ids = connection.execute(orphans).scalars().all()
            changes = []
            if ids:
                rows = connection.execute(
                    update(team_message)
                    .where(team_message.c.id.in_(ids))
                    .values(state=DeliveryState.UNKNOWN.value, detail=stored(WORKER_GONE()), updated_at=utc_now())
                    .returning(team_message)
                ).all()
                orphaned = sorted((message_of(row) for row in rows), key=lambda message: message.id)
                changes = append_changes(connection, [_state_change(message) for message in orphaned])
            connection.execute(delete(team_worker).where(team_worker.c.lease_until_ms < now - RETIRED_AFTER_MS))
        return changes

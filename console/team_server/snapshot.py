"""Where a joining console starts: the team's state now — who holds which conversation, which
conversations are resolved, who has each conversation a paired bot answers (`bot_relay`), each
conversation's newest messages (agents', customers' and a paired bot's answers, up to a bound), the notes, labels and
quick replies, the bulk runs not finished or finished within `RUNS_SINCE` — with the id of the
last change it includes, read in one transaction (REPEATABLE READ on PostgreSQL, so the state
and the id are of the same moment). The console then follows the change log from that id
instead of reading it from the start."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from console.team_server import schema
from console.team_server.bulk_runs import runs_to_show
from console.team_server.conversation_status import resolved
from console.team_server.messages import message_of, now_ms
from console.team_server.schema import (
    team_bot_handling,
    team_conversation,
    team_counter,
    team_inbound,
    team_label,
    team_message,
    team_note,
    team_presence,
    team_quick_reply,
)
from console.team_server.shared_state import reply_of

MESSAGES = 50  # each conversation's newest messages a snapshot carries, unless asked for fewer
MAX_MESSAGES = 200
RUNS_SINCE = timedelta(days=1)  # a finished run stays in the snapshot this long after it last moved


def _newest(table: Any, per_conversation: int) -> Any:
    """The rows of `table` among each conversation's newest `per_conversation`, oldest first."""
    rank = func.row_number().over(partition_by=(table.c.account, table.c.customer), order_by=table.c.id.desc()).label("rank")
    ranked = select(table, rank).subquery()
    return select(ranked).where(ranked.c.rank <= per_conversation).order_by(ranked.c.id)


def read_snapshot(engine: Engine, per_conversation: int) -> dict[str, Any]:
    """`{"last_id", "holders": [{"account", "customer", "holder"}], "present": [{"account", "customer",
    "agent", "expires_ms"}], "messages": [as `message` changes carry them], "shared": [the notes,
    labels and quick replies as the `note`, `label_added` and `quick_reply` changes that made them],
    "runs": [the bulk runs to show, as `run` changes carry them, with their recipients], "handling": [{"account",
    "customer", "handling"}: who has each conversation a paired bot answers], "statuses": [{"account", "customer",
    "status": "resolved"}: the resolved conversations; every other one is open]}`."""
    same_moment = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}  # SQLite: one writer
    with engine.connect().execution_options(**same_moment) as connection, connection.begin():
        counter = select(team_counter.c.value).where(team_counter.c.name == schema.CHANGE_COUNTER)
        last_id = connection.execute(counter).scalar() or 0
        held = select(team_conversation).where(team_conversation.c.holder.is_not(None))
        holders = [{"account": r.account, "customer": r.customer, "holder": r.holder} for r in connection.execute(held)]
        open_now = select(team_presence).where(team_presence.c.expires_ms > now_ms())
        present = [
            {"account": r.account, "customer": r.customer, "agent": r.agent, "expires_ms": r.expires_ms}
            for r in connection.execute(open_now)
        ]
        outgoing = [(r.created_at, message_of(r).as_json()) for r in connection.execute(_newest(team_message, per_conversation))]
        incoming = [(r.received_at, inbound_json(r)) for r in connection.execute(_newest(team_inbound, per_conversation))]
        shared = _shared(connection)
        hands = [
            {"account": r.account, "customer": r.customer, "handling": r.handling}
            for r in connection.execute(select(team_bot_handling).order_by(team_bot_handling.c.updated_at))
        ]
        statuses = resolved(connection)
        runs = runs_to_show(connection, (datetime.now(UTC) - RUNS_SINCE).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    messages = _newest_of_both(outgoing + incoming, per_conversation)
    return {
        "last_id": last_id,
        "holders": holders,
        "present": present,
        "messages": messages,
        "shared": shared,
        "runs": runs,
        "handling": hands,
        "statuses": statuses,
    }


def _shared(connection: Connection) -> list[dict[str, Any]]:
    """The notes, labels and quick replies now, each as the change that would make it."""
    notes = [
        {"agent": r.updated_by, "kind": "note", "account": r.account, "customer": r.customer, "text": r.text}
        for r in connection.execute(select(team_note))
    ]
    labels = [
        {"agent": r.added_by, "kind": "label_added", "account": r.account, "customer": r.customer, "label": r.label}
        for r in connection.execute(select(team_label).order_by(team_label.c.added_at))
    ]
    replies = [
        {"agent": r.updated_by, "kind": "quick_reply", "account": r.account, "customer": "", "reply": reply_of(r).as_json()}
        for r in connection.execute(select(team_quick_reply).order_by(team_quick_reply.c.id))
    ]
    return notes + labels + replies


def _newest_of_both(found: list[tuple[str, dict[str, Any]]], per_conversation: int) -> list[dict[str, Any]]:
    """Each conversation's newest `per_conversation` of its agents' and customers' messages
    together (each table gave at most that many), all oldest first."""
    by_conversation: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for at, message in sorted(found, key=lambda pair: pair[0]):
        by_conversation.setdefault((message["account"], message["customer"]), []).append((at, message))
    kept = [pair for listed in by_conversation.values() for pair in listed[len(listed) - per_conversation :]]
    return [message for _, message in sorted(kept, key=lambda pair: pair[0])]


def inbound_json(row: Any) -> dict[str, Any]:
    """A customer's message as a `message` change carries it (`callbacks._inbound`)."""
    return {
        "id": row.id,
        "direction": "in",
        "account": row.account,
        "provider_message_id": row.provider_message_id,
        "customer": row.customer,
        "user_id": row.user_id,
        "name": row.name,
        "kind": row.kind,
        "body": row.body,
        "received_at": row.received_at,
        "content": json.loads(row.content),
    }

"""When each followed message's status is asked next: the poller's schedule, what is due,
and what the last poll said."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from datetime import UTC, datetime

from sqlalchemy import Integer, func, literal_column
from sqlmodel import Session, col, select

from console.domain.lifecycle import EventSource
from console.store.messages import PollTarget
from console.store.tables import MessageRow

# The account as a term no index answers (SQLite's unary `+`): offered `ix_message_provider_id`,
# SQLite read every message of the accounts (a second with 1M) rather than the few scheduled ones
# in `ix_message_next_poll`, holding the database thread as the window came up and on each poll.
_ACCOUNT_UNINDEXED = literal_column("+message.account_id", Integer)


def schedule_poll(session: Session, message_id: int, next_poll_at: datetime | None, attempts: int) -> None:
    row = session.get(MessageRow, message_id)
    if row is None:
        return
    row.next_poll_at = next_poll_at
    row.poll_attempts = attempts
    session.add(row)


def schedule_polls(session: Session, schedules: Sequence[tuple[int, datetime | None, int]]) -> None:
    """`schedule_poll` for many messages: (message id, next poll or None, attempts), one executemany."""
    if schedules:
        _sqlite(session).executemany(
            "UPDATE message SET next_poll_at = ?, poll_attempts = ? WHERE id = ?",
            [(_stored(next_at), attempts, message_id) for message_id, next_at, attempts in schedules],
        )


def last_raw_states(session: Session, message_ids: Sequence[int], sources: Collection[EventSource]) -> dict[int, str | None]:
    """Each message's raw state of its newest event from one of `sources`, to tell news from
    repetition; messages with no such event are absent."""
    if not message_ids:
        return {}
    found = _sqlite(session).execute(
        "SELECT message_id, raw_state FROM state_event WHERE id IN ("
        " SELECT max(id) FROM state_event"
        " WHERE message_id IN (SELECT value FROM json_each(?)) AND source IN (SELECT value FROM json_each(?))"
        " GROUP BY message_id)",
        (json.dumps(list(message_ids)), json.dumps([source.value for source in sources])),
    )
    return dict(found.fetchall())


def due_for_poll(
    session: Session, account_ids: list[int], now: datetime, limit: int, skip: Collection[int] = ()
) -> list[PollTarget]:
    """Messages whose next status poll is due, oldest schedule first; those in `skip` (being
    polled already, their answers not yet written) are left out."""
    rows = _sqlite(session).execute(
        "SELECT m.id, m.account_id, m.provider_message_id,"
        " (SELECT min(e.at) FROM state_event e WHERE e.message_id = m.id AND e.source = ?),"
        " m.poll_attempts"
        " FROM message m"
        " WHERE m.next_poll_at IS NOT NULL AND m.next_poll_at <= ?"
        # `+ 0`: no index on the account, so SQLite walks ix_message_next_poll in order and stops
        # at the limit, instead of sorting every followed message of the accounts for each page.
        " AND m.account_id + 0 IN (SELECT value FROM json_each(?))"
        " AND m.provider_message_id IS NOT NULL"
        " AND m.id NOT IN (SELECT value FROM json_each(?))"
        " ORDER BY m.next_poll_at LIMIT ?",
        (EventSource.RESPONSE.value, _stored(now), json.dumps(account_ids), json.dumps(list(skip)), limit),
    )
    return [
        PollTarget(message_id, account_id, provider_id, now if accepted is None else _read(accepted), attempts)
        for message_id, account_id, provider_id, accepted, attempts in rows.fetchall()
    ]


def _sqlite(session: Session) -> sqlite3.Connection:
    """The session's own SQLite connection, in its transaction: the poller's statements run
    thousands of times a minute, and SQLAlchemy's compiling of their id lists cost more than SQLite."""
    connection: sqlite3.Connection = session.connection().connection.driver_connection  # type: ignore[assignment]
    return connection


def _stored(moment: datetime | None) -> str | None:
    """A datetime as `UTCDateTime` stores it (naive UTC, always with microseconds)."""
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _read(stored: str) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def next_poll_time(session: Session, account_ids: list[int], skip: Collection[int] = ()) -> datetime | None:
    """When the next status poll is due, not counting the messages in `skip`."""
    statement = select(func.min(MessageRow.next_poll_at)).where(
        col(MessageRow.next_poll_at).is_not(None), _ACCOUNT_UNINDEXED.in_(account_ids)
    )
    if skip:
        statement = statement.where(col(MessageRow.id).not_in(list(skip)))
    return session.exec(statement).one()

"""When each followed message's status is asked next: the poller's schedule, what is due,
and what the last poll said."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import Integer, bindparam, func, literal_column, update
from sqlmodel import Session, col, select

from console.domain.lifecycle import EventSource
from console.store.messages import PollTarget
from console.store.tables import MessageRow, StateEventRow

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
    """`schedule_poll` for many messages: (message id, next poll or None, attempts), one statement."""
    if not schedules:
        return
    table = MessageRow.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("message_id"))
        .values(next_poll_at=bindparam("next_at"), poll_attempts=bindparam("attempts"))
    )
    rows = [{"message_id": message_id, "next_at": next_at, "attempts": attempts} for message_id, next_at, attempts in schedules]
    session.connection().execute(statement, rows)


def last_raw_states(session: Session, message_ids: Sequence[int], sources: Collection[EventSource]) -> dict[int, str | None]:
    """Each message's raw state of its newest event from one of `sources`, to tell news from
    repetition; messages with no such event are absent."""
    if not message_ids:
        return {}
    newest = (
        select(func.max(StateEventRow.id))
        .where(col(StateEventRow.message_id).in_(message_ids), col(StateEventRow.source).in_([s.value for s in sources]))
        .group_by(col(StateEventRow.message_id))
    )
    found = session.exec(select(StateEventRow.message_id, StateEventRow.raw_state).where(col(StateEventRow.id).in_(newest)))
    return dict(found.all())


def due_for_poll(
    session: Session, account_ids: list[int], now: datetime, limit: int, skip: Collection[int] = ()
) -> list[PollTarget]:
    """Messages whose next status poll is due, oldest schedule first; those in `skip` (being
    polled already, their answers not yet written) are left out."""
    accepted_at = (
        select(func.min(StateEventRow.at))
        .where(StateEventRow.message_id == MessageRow.id, StateEventRow.source == EventSource.RESPONSE.value)
        .correlate(MessageRow)
        .scalar_subquery()
    )
    statement = (
        select(
            MessageRow.id,
            MessageRow.account_id,
            MessageRow.provider_message_id,
            accepted_at,
            MessageRow.poll_attempts,
        )
        .where(col(MessageRow.next_poll_at).is_not(None))
        .where(col(MessageRow.next_poll_at) <= now)
        # `+ 0`: no index on the account, so SQLite walks ix_message_next_poll in order and stops
        # at the limit, instead of sorting every followed message of the accounts for each page.
        .where((col(MessageRow.account_id) + 0).in_(account_ids))
        .where(col(MessageRow.provider_message_id).is_not(None))
        .order_by(col(MessageRow.next_poll_at))
        .limit(limit)
    )
    if skip:
        statement = statement.where(col(MessageRow.id).not_in(list(skip)))
    targets = []
    for message_id, account_id, provider_id, accepted, attempts in session.exec(statement):
        accepted_aware = accepted.replace(tzinfo=now.tzinfo) if accepted is not None else now
        targets.append(PollTarget(message_id, account_id, provider_id, accepted_aware, attempts))
    return targets


def next_poll_time(session: Session, account_ids: list[int], skip: Collection[int] = ()) -> datetime | None:
    """When the next status poll is due, not counting the messages in `skip`."""
    statement = select(func.min(MessageRow.next_poll_at)).where(
        col(MessageRow.next_poll_at).is_not(None), _ACCOUNT_UNINDEXED.in_(account_ids)
    )
    if skip:
        statement = statement.where(col(MessageRow.id).not_in(list(skip)))
    return session.exec(statement).one()

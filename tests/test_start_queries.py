"""What the console asks the database when it starts is answered from an index, never by
reading every message or conversation: over 5M messages those reads took seconds, and the
first pages waited behind them on the one database thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event
from sqlmodel import Session

from console.store import history, inbox, messages, poll_schedule
from console.store.database import Database
from console.store.types import utcnow


@contextmanager
def _plans(database: Database) -> Iterator[list[str]]:
    """The query plan of each statement run meanwhile, one string per statement."""
    plans: list[str] = []

    def explain(connection, cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001 - SQLAlchemy's hook
        if statement.lstrip().upper().startswith("SELECT"):
            found = cursor.connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            plans.append(" / ".join(row[-1] for row in found))

    event.listen(database.engine, "before_cursor_execute", explain)
    try:
        yield plans
    finally:
        event.remove(database.engine, "before_cursor_execute", explain)


def _plan_of(database: Database, query: Callable[[Session], object]) -> str:
    with _plans(database) as plans:
        database.call(query)
    return " | ".join(plans)


def test_the_start_queries_read_an_index_not_every_row(tmp_path: Path) -> None:
    database = Database.open(tmp_path)
    try:
        now = utcnow()
        pending = _plan_of(database, messages.pending_sends)
        day = _plan_of(database, lambda session: history.outgoing_by_hour(session, 1, now - timedelta(days=1), now, 0))
        unread = _plan_of(database, inbox.unread_totals)
    finally:
        database.close()
    assert pending == "SCAN message USING INDEX ix_message_pending"  # the pending ones only
    assert "SEARCH message USING INDEX ix_message_outgoing_day" in day
    assert "COVERING INDEX ix_conversation_unread" in unread


def test_the_day_chart_says_outgoing_as_its_partial_index_does(tmp_path: Path) -> None:
    """With the direction as a bound value SQLite cannot tell the partial index holds only outgoing
    messages and reads each of the day's rows from the table to check it: five times slower on
    a busy account's day (`bench/data`), which the live window's first pages waited behind."""
    statements: list[str] = []

    def seen(_connection, _cursor, statement, _parameters, _context, _many) -> None:  # noqa: ANN001 - SQLAlchemy's hook
        statements.append(statement)

    database = Database.open(tmp_path)
    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        now = utcnow()
        database.call(lambda session: history.outgoing_by_hour(session, 1, now - timedelta(days=1), now, 0))
    finally:
        database.close()
    [statement] = statements
    assert "message.direction = 'out'" in statement


def test_the_next_poll_is_found_among_the_scheduled_messages_not_every_message_of_the_accounts(tmp_path: Path) -> None:
    """Offered the accounts' index, SQLite read every message of the polled accounts (a second with
    1M messages) on the one database thread, as the window came up and before each poll."""
    database = Database.open(tmp_path)
    try:
        plans = [
            _plan_of(database, lambda session, skip=skip: poll_schedule.next_poll_time(session, [1, 2], skip))
            for skip in ((), (5, 6))
        ]
    finally:
        database.close()
    assert all(plan == "SEARCH message USING INDEX ix_message_next_poll (next_poll_at>?)" for plan in plans), plans

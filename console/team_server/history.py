"""One conversation's messages a page at a time, newest first: what a console that joined with
the snapshot's newest messages reads when its agent scrolls further back (`GET /team/messages`).

Agents' messages (`team_message`, by `created_at`) and customers' (`team_inbound`, by
`received_at`) are read together in time order. A page holds the newest `limit` messages older
than `before`, and every other message of the same moment as its oldest (so the next page,
before that moment, neither repeats nor skips one); `before` for the next page is that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, select

from console.team_server.messages import message_of
from console.team_server.schema import team_inbound, team_message
from console.team_server.snapshot import inbound_json

__all__ = ["MAX_PAGE", "PAGE", "MessagePage", "older_messages"]

PAGE = 50
MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class MessagePage:
    messages: list[dict[str, Any]]  # oldest first, as `message` changes carry them
    before: str | None  # the moment of the page's oldest message: the next page is older; None: no older message

    def as_json(self) -> dict[str, Any]:
        return {"messages": self.messages, "before": self.before}


def _time(table: Table) -> Any:
    return table.c.created_at if table is team_message else table.c.received_at


def older_messages(engine: Engine, account: str, customer: str, before: str | None, limit: int) -> MessagePage:
    """The page of the conversation's messages older than `before` (ISO 8601 UTC as the server
    writes it; None: the newest)."""
    found: list[tuple[str, int, Any]] = []
    with engine.connect() as connection:
        for order, table in enumerate((team_message, team_inbound)):
            at = _time(table)
            statement = select(table).where(table.c.account == account, table.c.customer == customer)
            if before is not None:
                statement = statement.where(at < before)
            for row in connection.execute(statement.order_by(at.desc(), table.c.id.desc()).limit(limit)):
                found.append((_at(row, table), order, row))
        found.sort(key=lambda item: (item[0], item[1], item[2].id), reverse=True)
        page = found[:limit]
        if not page:
            return MessagePage([], None)
        oldest = page[-1][0]
        kept = {(order, row.id) for _, order, row in page}
        for order, table in enumerate((team_message, team_inbound)):  # the rest of the oldest's moment
            same = select(table).where(table.c.account == account, table.c.customer == customer, _time(table) == oldest)
            page += [(oldest, order, row) for row in connection.execute(same) if (order, row.id) not in kept]
        older = any(
            connection.execute(
                select(table.c.id).where(table.c.account == account, table.c.customer == customer, _time(table) < oldest).limit(1)
            ).first()
            for table in (team_message, team_inbound)
        )
    page.sort(key=lambda item: (item[0], item[1], item[2].id))
    messages = [message_of(row).as_json() if order == 0 else inbound_json(row) for _, order, row in page]
    return MessagePage(messages, oldest if older else None)


def _at(row: Any, table: Table) -> str:
    return str(row.created_at if table is team_message else row.received_at)

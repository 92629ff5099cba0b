"""Quick reply queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, or_, select

from console.domain.content import MediaKind
from console.domain.errors import InvalidInput
from console.domain.notices import Wording
from console.domain.quick_replies import QuickReply
from console.store.tables import QuickReplyRow

NAME = Wording("field.name", "name")
QUICK_REPLY = Wording("field.quick_reply", "quick reply")
ALREADY_CALLED = Wording("quick_replies.already_called", "another quick reply is already called '{name}'")
DELETED_MEANWHILE = Wording("quick_replies.deleted_meanwhile", "it was deleted meanwhile")


def _to_domain(row: QuickReplyRow) -> QuickReply:
    kind = MediaKind(row.media_kind) if row.media_kind else None
    return QuickReply(row.name, row.body, row.account_id, row.media_url, kind, row.id)


def _same_scope(account_id: int | None) -> ColumnElement[bool]:
    return col(QuickReplyRow.account_id).is_(None) if account_id is None else QuickReplyRow.account_id == account_id


def _named(session: Session, account_id: int | None, name: str) -> QuickReplyRow | None:
    statement = select(QuickReplyRow).where(_same_scope(account_id), func.lower(QuickReplyRow.name) == name.lower())
    return session.exec(statement).first()


def list_replies(session: Session, account_id: int | None = None, *, every_account: bool = False) -> list[QuickReply]:
    """The replies offered on `account_id` (its own and those of every account), by name;
    with `every_account`, all of them."""
    statement = select(QuickReplyRow)
    if not every_account:
        scope = col(QuickReplyRow.account_id).is_(None)
        statement = statement.where(scope if account_id is None else or_(scope, QuickReplyRow.account_id == account_id))
    rows = session.exec(statement.order_by(func.lower(QuickReplyRow.name), col(QuickReplyRow.account_id)))
    return [_to_domain(row) for row in rows]


def save_reply(session: Session, reply: QuickReply) -> QuickReply:
    """Add the reply (no id) or change it (its id). Another reply of the same scope and
    name is an `InvalidInput`: names are how the agent finds them."""
    clash = _named(session, reply.account_id, reply.name)
    if clash is not None and clash.id != reply.id:
        raise InvalidInput(NAME(), ALREADY_CALLED(name=clash.name))
    row = QuickReplyRow() if reply.id is None else session.get(QuickReplyRow, reply.id)
    if row is None:
        raise InvalidInput(QUICK_REPLY(), DELETED_MEANWHILE())
    _fill(row, reply)
    session.add(row)
    session.flush()
    return _to_domain(row)


def replace_replies(session: Session, replies: Sequence[QuickReply]) -> None:
    """Store each reply, replacing the one of the same scope and name (an import)."""
    for reply in replies:
        row = _named(session, reply.account_id, reply.name) or QuickReplyRow()
        _fill(row, reply)
        session.add(row)
        session.flush()


def delete_reply(session: Session, reply_id: int) -> None:
    row = session.get(QuickReplyRow, reply_id)
    if row is not None:
        session.delete(row)


def _fill(row: QuickReplyRow, reply: QuickReply) -> None:
    row.account_id = reply.account_id
    row.name = reply.name
    row.body = reply.text
    row.media_url = reply.media_url
    row.media_kind = reply.media_kind.value if reply.media_kind is not None else None

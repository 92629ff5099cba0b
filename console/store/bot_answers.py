"""A bot's answers to be sent through an account of ours (Chattigo paired with a Cloud API
account): stored as `pending` with no sending process (queued) before any request, then
claimed by the one process that sends them, so each is sent at most once."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.notice_codec import stored
from console.domain.notices import Wording
from console.store import messages as message_queries
from console.store.tables import MessageRow, StateEventRow

PAYLOAD = "payload"  # the answer as the bot wrote it, kept in the message's options
QUEUED = Wording("bot_answers.queued", "The bot's answer, stored; not yet sent.")


def queue(
    session: Session,
    account_id: int,
    contact_id: int,
    kind: MessageKind,
    body: str,
    content: dict[str, Any],
    payload: dict[str, Any],
    at: datetime,
) -> MessageSummary:
    """The bot's answer in the contact's conversation, `pending` and not yet claimed."""
    pending = DeliveryState.PENDING
    fields = {**content, PAYLOAD: payload}
    row = message_queries.add_message(session, account_id, contact_id, Direction.BOT, kind, body, pending, at, content=fields)
    assert row.id is not None
    detail = stored(QUEUED())
    session.add(StateEventRow(message_id=row.id, state=pending.value, source=EventSource.LOCAL.value, at=at, detail=detail))
    summary = message_queries.message_by_id(session, row.id)
    assert summary is not None
    return summary


def claim(session: Session, account_id: int, owner: str) -> list[tuple[MessageSummary, dict[str, Any]]]:
    """The account's queued answers, oldest first, now owned by `owner` (no other process
    will send them), each with its payload."""
    queued = (col(MessageRow.account_id) == account_id) & (col(MessageRow.direction) == Direction.BOT.value)
    queued &= (col(MessageRow.state) == DeliveryState.PENDING.value) & col(MessageRow.send_owner).is_(None)
    ids = list(session.exec(select(MessageRow.id).where(queued).order_by(col(MessageRow.id))))
    if not ids:
        return []
    claimed = session.execute(
        update(MessageRow).where(queued, col(MessageRow.id).in_(ids)).values(send_owner=owner).returning(col(MessageRow.id))
    ).scalars()
    taken = sorted(claimed)
    rows = {row.id: row for row in session.exec(select(MessageRow).where(col(MessageRow.id).in_(taken)))}
    result = []
    for message_id in taken:
        summary = message_queries.message_by_id(session, message_id)
        assert summary is not None
        result.append((summary, json.loads(rows[message_id].options_json)[PAYLOAD]))
    return result

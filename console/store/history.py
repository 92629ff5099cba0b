"""Read-only queries for a message's full history and an account's day of sends."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from console.domain.accounts import ProviderKind
from console.domain.lifecycle import DeliveryState, StateEvent
from console.domain.messages import Direction, MessageSummary
from console.store import messages as message_queries
from console.store.tables import AccountRow, ContactRow, ConversationRow, MessageRow

# Written as the literal the day chart's partial index says (`ix_message_outgoing_day`): with a
# bound value SQLite cannot tell the index holds only outgoing messages, and reads every row of the
# day from the table to check (a busy account's day took half a second instead of a tenth).
_OUTGOING = text(f"message.direction = '{Direction.OUTGOING.value}'")


@dataclass(frozen=True, slots=True)
class MessageRecord:
    """A message with everything stored about it: who, what was asked, every state event."""

    message: MessageSummary
    account_id: int
    account_name: str
    provider: ProviderKind
    contact_phone: str
    contact_name: str
    content: dict[str, Any]  # what was asked, as stored with the message
    updated_at: datetime
    events: list[StateEvent]


@dataclass(frozen=True, slots=True)
class StateCount:
    hour: int  # 0-23, on the clock the caller's offset gives
    state: DeliveryState
    count: int


def message_record(session: Session, message_id: int) -> MessageRecord | None:
    row = session.get(MessageRow, message_id)
    if row is None:
        return None
    summary = message_queries.message_by_id(session, message_id)
    account = session.get(AccountRow, row.account_id)
    conversation = session.get(ConversationRow, row.conversation_id)
    contact = None if conversation is None else session.get(ContactRow, conversation.contact_id)
    assert summary is not None and account is not None and contact is not None
    return MessageRecord(
        message=summary,
        account_id=row.account_id,
        account_name=account.name,
        provider=ProviderKind(account.provider),
        contact_phone=contact.phone,
        contact_name=contact.display_name,
        content=json.loads(row.options_json or "{}"),
        updated_at=row.updated_at,
        events=message_queries.events_for(session, message_id),
    )


def outgoing_by_hour(
    session: Session, account_id: int, since: datetime, until: datetime, offset_minutes: int
) -> list[StateCount]:
    """Outgoing messages created in [since, until), counted by hour of creation and current state.

    Times are stored in UTC; `offset_minutes` shifts them to the agent's clock before the hour is taken.
    """
    hour = func.strftime("%H", MessageRow.created_at, f"{offset_minutes:+d} minutes")
    statement = (
        select(hour, MessageRow.state, func.count())
        .where(
            MessageRow.account_id == account_id,
            _OUTGOING,
            col(MessageRow.created_at) >= since,
            col(MessageRow.created_at) < until,
        )
        .group_by(hour, MessageRow.state)
    )
    return [StateCount(int(h), DeliveryState(state), count) for h, state, count in session.exec(statement)]

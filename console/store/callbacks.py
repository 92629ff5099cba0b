"""What callbacks change in the store: statuses on messages (early ones kept until their
message's id is known), bot messages and notices, and the relay cursor."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, delete, select

from console.domain.lifecycle import DeliveryState, EventSource, StateEvent
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.store import messages as message_queries
from console.store.notices import restored, stored
from console.store.tables import ConversationRow, EarlyStatusRow, MessageRow, RelayCursorRow


def apply_status(session: Session, account_id: int, provider_message_id: str, event: StateEvent) -> MessageSummary | None:
    """Record the status on its message; None when the message is not known yet (kept for later)."""
    message_id = session.exec(
        select(MessageRow.id).where(
            MessageRow.account_id == account_id,
            MessageRow.provider_message_id == provider_message_id,
            MessageRow.direction == Direction.OUTGOING.value,
        )
    ).first()
    if message_id is None:
        session.add(
            EarlyStatusRow(
                account_id=account_id,
                provider_message_id=provider_message_id,
                state=event.state.value,
                raw_state=event.raw_state,
                at=event.at,
                detail=stored(event.detail),
                payload=event.payload,
            )
        )
        return None
    return message_queries.record_event(session, message_id, event)


def claim_early_statuses(session: Session, message_id: int, account_id: int, provider_message_id: str) -> MessageSummary | None:
    """Apply, in arrival order, the statuses that came before the send's answer; None when there were none."""
    rows = list(
        session.exec(
            select(EarlyStatusRow)
            .where(EarlyStatusRow.account_id == account_id, EarlyStatusRow.provider_message_id == provider_message_id)
            .order_by(col(EarlyStatusRow.id))
        )
    )
    updated = None
    for row in rows:
        detail = restored(row.detail)
        event = StateEvent(DeliveryState(row.state), row.raw_state, row.at, EventSource.CALLBACK, detail, row.payload)
        updated = message_queries.record_event(session, message_id, event)
    if rows:
        session.exec(delete(EarlyStatusRow).where(col(EarlyStatusRow.id).in_([r.id for r in rows])))  # type: ignore[call-overload]
    return updated


def add_bot_message(
    session: Session, account_id: int, contact_id: int, kind: MessageKind, body: str, at: datetime
) -> MessageSummary:
    """A message from the provider's bot (or a notice such as 'chat closed') in the contact's conversation."""
    row = message_queries.add_message(
        session, account_id, contact_id, Direction.BOT, kind, body, DeliveryState.DELIVERED, at
    )
    return message_queries.message_by_id(session, row.id)  # type: ignore[arg-type,return-value]


def cursor(session: Session, source: str) -> int:
    row = session.get(RelayCursorRow, source)
    return 0 if row is None else row.last_event_id


def advance_cursor(session: Session, source: str, last_event_id: int) -> None:
    row = session.get(RelayCursorRow, source) or RelayCursorRow(source=source)
    row.last_event_id = max(row.last_event_id, last_event_id)
    session.add(row)


def last_bot_contact(session: Session, account_id: int) -> int | None:
    """The contact whose conversation the account's bot wrote to last."""
    return session.exec(
        select(ConversationRow.contact_id)
        .join(MessageRow, col(MessageRow.conversation_id) == ConversationRow.id)
        .where(MessageRow.account_id == account_id, MessageRow.direction == Direction.BOT.value)
        .order_by(col(MessageRow.id).desc())
        .limit(1)
    ).first()

"""What callbacks change in the store: statuses on messages (early ones kept until their
message's id is known), bot messages and notices, and the relay cursor."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, select

from console.domain.inbox import NOTE
from console.domain.lifecycle import DeliveryState, EventSource, StateEvent
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.notice_codec import restored, stored
from console.domain.notices import Notice
from console.store import messages as message_queries
from console.store.tables import ConversationRow, EarlyStatusRow, MessageRow, RelayCursorRow, StateEventRow


def apply_status(session: Session, account_id: int, provider_message_id: str, event: StateEvent) -> MessageSummary | None:
    """Record the status on its message; None when the message is not known yet (kept for
    later), or when this very report (same state and payload) was applied before: a provider
    that delivers at least once may repeat a report inside another body."""
    message_id = session.exec(
        select(MessageRow.id).where(
            MessageRow.account_id == account_id,
            MessageRow.provider_message_id == provider_message_id,
            # ours, and a bot's answers we sent for it
            col(MessageRow.direction).in_((Direction.OUTGOING.value, Direction.BOT.value)),
        )
    ).first()
    if _seen(session, account_id, provider_message_id, message_id, event):
        return None
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


def _seen(session: Session, account_id: int, provider_message_id: str, message_id: int | None, event: StateEvent) -> bool:
    if event.payload is None:
        return False
    if message_id is not None:
        found = session.exec(
            select(StateEventRow.id).where(
                StateEventRow.message_id == message_id,
                StateEventRow.source == EventSource.CALLBACK.value,
                StateEventRow.state == event.state.value,
                StateEventRow.payload == event.payload,
            )
        ).first()
        if found is not None:
            return True
    early = session.exec(
        select(EarlyStatusRow.id).where(
            EarlyStatusRow.account_id == account_id,
            EarlyStatusRow.provider_message_id == provider_message_id,
            EarlyStatusRow.state == event.state.value,
            EarlyStatusRow.payload == event.payload,
        )
    ).first()
    return early is not None


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


def add_bot_notice(session: Session, account_id: int, contact_id: int, note: Notice, at: datetime) -> MessageSummary:
    """A notice in the contact's conversation ("the bot closed the chat"): its English text as the
    body (searched, printed by scripts), its code and values kept to be worded for each reader."""
    row = message_queries.add_message(
        session,
        account_id,
        contact_id,
        Direction.BOT,
        MessageKind.NOTICE,
        note.english(),
        DeliveryState.DELIVERED,
        at,
        content={NOTE: stored(note)},
    )
    return message_queries.message_by_id(session, row.id)  # type: ignore[arg-type,return-value]


def add_bot_message(
    session: Session,
    account_id: int,
    contact_id: int,
    kind: MessageKind,
    body: str,
    at: datetime,
    content: Mapping[str, Any] | None = None,
) -> MessageSummary:
    """A message from the provider's bot in the contact's conversation; `content` is what the
    chat shows it from (a file's link, a described answer's notice)."""
    row = message_queries.add_message(
        session, account_id, contact_id, Direction.BOT, kind, body, DeliveryState.DELIVERED, at, content=content
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

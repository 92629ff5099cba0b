"""Conversations as the inbox lists them: what each keeps of its newest message, open or
resolved, and one started with a number before anything is written in it."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from console.domain.inbox import BotHandling, ConversationStatus, preview_of
from console.domain.messages import Direction, MessageKind
from console.store.tables import ConversationRow, MessageRow


def record_message(session: Session, conversation: ConversationRow, message: MessageRow, content: Mapping[str, Any]) -> None:
    """Keep on the conversation what its inbox row shows of `message`, its newest one (as the
    chat shows it: last stored). A customer's message counts as unread and reopens it; one
    reopening a resolved conversation starts afresh, with no hand of a bot's decided yet.
    An agent's message takes the conversation from the bot."""
    conversation.last_message_at = max(filter(None, (conversation.last_message_at, message.created_at)))
    conversation.last_direction = message.direction
    conversation.last_kind = message.kind
    conversation.preview = preview_of(MessageKind(message.kind), message.body, content)
    if message.direction == Direction.INCOMING.value:
        conversation.unread_count += 1
        conversation.last_inbound_at = max(filter(None, (conversation.last_inbound_at, message.created_at)))
        if conversation.status == ConversationStatus.RESOLVED.value:
            conversation.bot_handling = None
        conversation.status = ConversationStatus.OPEN.value
    elif message.direction == Direction.OUTGOING.value and conversation.bot_handling is not None:
        conversation.bot_handling = BotHandling.AGENT.value
    session.add(conversation)


def set_status(session: Session, conversation_id: int, status: ConversationStatus) -> int | None:
    """The conversation's account when its status changed; None when it had it already (or is gone)."""
    return session.execute(
        update(ConversationRow)
        .where(col(ConversationRow.id) == conversation_id, col(ConversationRow.status) != status.value)
        .values(status=status.value)
        .returning(col(ConversationRow.account_id))
    ).scalar_one_or_none()


def status_of(session: Session, conversation_id: int) -> ConversationStatus | None:
    found = session.exec(select(ConversationRow.status).where(col(ConversationRow.id) == conversation_id)).first()
    return None if found is None else ConversationStatus(found)


def bot_handling(session: Session, conversation_id: int) -> BotHandling | None:
    found = session.exec(select(ConversationRow.bot_handling).where(col(ConversationRow.id) == conversation_id)).first()
    return None if found is None else BotHandling(found)


def set_bot_handling(
    session: Session, conversation_id: int, handling: BotHandling, *, only_from: Collection[BotHandling | None]
) -> int | None:
    """Hand the conversation to `handling` when it is in one of `only_from` (None: no bot
    decided yet); its account when it changed, None otherwise."""
    current = col(ConversationRow.bot_handling)
    allowed = [value.value for value in only_from if value is not None]
    condition = or_(current.in_(allowed), current.is_(None)) if None in only_from else current.in_(allowed)
    return session.execute(
        update(ConversationRow)
        .where(col(ConversationRow.id) == conversation_id, condition, current.is_distinct_from(handling.value))
        .values(bot_handling=handling.value)
        .returning(col(ConversationRow.account_id))
    ).scalar_one_or_none()


def contact_of(session: Session, conversation_id: int) -> int:
    row = session.get(ConversationRow, conversation_id)
    if row is None:
        raise LookupError(f"conversation {conversation_id} does not exist")
    return row.contact_id


def start(session: Session, account_id: int, contact_id: int, now: datetime, *, reopen: bool = True) -> tuple[int, bool]:
    """The contact's conversation, open (left as it was without `reopen`: a team conversation's
    status is its server's), and whether it is new (it starts at `now`)."""
    row = session.exec(
        select(ConversationRow).where(ConversationRow.account_id == account_id, ConversationRow.contact_id == contact_id)
    ).first()
    created = row is None
    if row is None:
        row = ConversationRow(account_id=account_id, contact_id=contact_id, last_message_at=now)
    if reopen or created:
        row.status = ConversationStatus.OPEN.value
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id, created


def of_contact(session: Session, contact_id: int) -> tuple[int, int] | None:
    """(conversation, account) of a contact, if it has one (at most one: a contact belongs to one account)."""
    found = session.exec(
        select(ConversationRow.id, ConversationRow.account_id).where(ConversationRow.contact_id == contact_id)
    ).first()
    return None if found is None or found[0] is None else (found[0], found[1])

"""Whether a conversation or a contact belongs to one of the team server's accounts (`AccountRow.team`):
what the read-only guard asks while the server cannot be reached (`services/team_guard.py`)."""

from __future__ import annotations

from sqlmodel import Session, select

from console.store.tables import AccountRow, ContactRow, ConversationRow


def conversation_is_team(session: Session, conversation_id: int) -> bool:
    found = session.exec(
        select(AccountRow.team).join(ConversationRow, ConversationRow.account_id == AccountRow.id)  # type: ignore[arg-type]
        .where(ConversationRow.id == conversation_id)
    ).first()
    return bool(found)


def contact_is_team(session: Session, contact_id: int) -> bool:
    found = session.exec(
        select(AccountRow.team).join(ContactRow, ContactRow.account_id == AccountRow.id)  # type: ignore[arg-type]
        .where(ContactRow.id == contact_id)
    ).first()
    return bool(found)

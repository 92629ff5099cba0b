"""Whether a team conversation is open or resolved, as the team server decided it (an agent
resolved or reopened it, or the customer's message reopened it): applied from the change log in
the page's transaction, with its cursor, after the page's messages, so a conversation ends with
the server's status whatever a customer's message did here meanwhile. Unread counts stay this
console's: what one agent has read is not what another has."""

from __future__ import annotations

from sqlmodel import Session, col, select

from console.domain.team import TeamChange
from console.store import conversations as conversation_queries
from console.store.tables import AccountRow
from console.store.team import conversations_of

__all__ = ["apply_status"]


def apply_status(session: Session, change: TeamChange) -> tuple[int, int] | None:
    """The conversation's status as the change says: (conversation id, account id) when it changed
    here; None for a conversation this console does not have (a later message brings it open, and
    its status comes with the change log or a snapshot) or an account it does not mirror."""
    if change.status is None:
        return None
    account_id = session.exec(select(AccountRow.id).where(AccountRow.name == change.account, col(AccountRow.team))).first()
    if account_id is None:
        return None
    for conversation_id, found_account in conversations_of(session, {(change.account, change.customer)}):
        if found_account == account_id and conversation_queries.set_status(session, conversation_id, change.status) is not None:
            return conversation_id, account_id
    return None

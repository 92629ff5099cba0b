"""A conversation with a number the agent types (Ctrl+N), before anything is written in it:
checked for the account's provider first, so a number it cannot reach leaves nothing behind."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.inbox import ConversationStatus
from console.domain.new_conversation import StartedConversation
from console.domain.recipients import Recipient
from console.domain.sessions import session_window
from console.providers.registry import capabilities
from console.services.preflight import resolve_recipient
from console.services.team_guard import TeamGuard
from console.services.team_shared import TeamSharedEdits
from console.services.topics import AgendaChanged, ConversationChanged, Topics
from console.store import contacts as contact_queries
from console.store import conversations as conversation_queries
from console.store import messages as message_queries
from console.store.database import Database
from console.store.types import utcnow


class ConversationStarter:
    def __init__(self, db: Database, topics: Topics, guard: TeamGuard) -> None:
        self._db = db
        self._topics = topics
        self._guard = guard
        self.team_edits: TeamSharedEdits | None = None  # team mode: a team conversation is reopened by its server

    async def start(self, account: Account, typed: str) -> StartedConversation:
        """The conversation with `typed` (a number as people write it; TimelinesAI also
        `chat:`/`jid:`/`name:`) on `account`, open; made when new. `InvalidInput`, with
        nothing stored, when the provider cannot be written to or the number is unusable (or,
        on a team account, `TeamReadOnly` while the team server cannot be reached). A resolved team
        conversation is reopened by the team server, for every console (`InvalidInput` when it
        cannot be asked)."""
        self._guard.check_account(account)
        offered = capabilities(account.provider)
        if not offered.supports(Operation.SEND_TEMPLATE):
            offered.require(Operation.SEND_TEXT)
        recipient = resolve_recipient(account, typed)
        now = utcnow()
        opened = await self._db.run(_open, account.id, recipient, now, not account.team)
        conversation_id, contact_id, created, last_inbound = opened
        if account.team and await self._db.run(conversation_queries.status_of, conversation_id) is ConversationStatus.RESOLVED:
            await self._reopen(conversation_id, contact_id)
        window = session_window(last_inbound, now) if offered.session_window else None
        template_first = not offered.supports(Operation.SEND_TEXT) or (window is not None and not window.is_open)
        if created:
            self._topics.agenda_changed.publish(AgendaChanged(account.id))  # the number may be a new contact
        self._topics.conversation_changed.publish(ConversationChanged(conversation_id, account.id))
        return StartedConversation(conversation_id, account.id, contact_id, created, window, template_first)

    async def _reopen(self, conversation_id: int, contact_id: int) -> None:
        """A resolved team conversation reopened by the team server, for every console (here too once
        the change log brings it); here only when the console no longer follows that server."""
        if self.team_edits is None or not await self.team_edits.set_status(contact_id, ConversationStatus.OPEN):
            await self._db.run(conversation_queries.set_status, conversation_id, ConversationStatus.OPEN)


def _open(
    session: Session, account_id: int, recipient: Recipient, now: datetime, reopen: bool
) -> tuple[int, int, bool, datetime | None]:
    contact_id = contact_queries.ensure_recipient(session, account_id, recipient)
    conversation_id, created = conversation_queries.start(session, account_id, contact_id, now, reopen=reopen)
    return conversation_id, contact_id, created, message_queries.contact_last_inbound(session, contact_id)

"""Read side of conversations and message timelines, for views and the command line."""

from __future__ import annotations

from console.domain.lifecycle import StateEvent
from console.domain.messages import MessageSummary
from console.store import messages as message_queries
from console.store.database import Database


class ConversationService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def conversation_id(self, account_id: int, contact_id: int) -> int | None:
        return await self._db.run(message_queries.conversation_for_contact, account_id, contact_id)

    async def messages(self, conversation_id: int, before_id: int | None = None, limit: int = 200) -> list[MessageSummary]:
        return await self._db.run(message_queries.conversation_messages, conversation_id, before_id, limit)

    async def message(self, message_id: int) -> MessageSummary | None:
        return await self._db.run(message_queries.message_by_id, message_id)

    async def timeline(self, message_id: int) -> list[StateEvent]:
        return await self._db.run(message_queries.events_for, message_id)

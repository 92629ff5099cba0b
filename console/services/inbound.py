"""Customers' messages arriving (callbacks, forwards): stored once, and they open the 24 h window."""

from __future__ import annotations

from datetime import datetime

from console.domain.accounts import Account
from console.domain.messages import MessageKind, MessageSummary
from console.domain.phones import Phone
from console.services.topics import ConversationChanged, Topics
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store.database import Database


class InboundService:
    def __init__(self, db: Database, topics: Topics) -> None:
        self._db = db
        self._topics = topics

    async def record(
        self,
        account: Account,
        sender: Phone,
        body: str,
        provider_message_id: str,
        at: datetime,
        *,
        name: str | None = None,
        kind: MessageKind = MessageKind.TEXT,
    ) -> MessageSummary | None:
        """Store the message in the sender's conversation; None for a repeat of one already stored."""

        def store(session):  # type: ignore[no-untyped-def]
            contact_id = contact_queries.ensure_contact(session, account.id, sender.digits, sender.digits, name)
            return message_queries.record_incoming(session, account.id, contact_id, body, provider_message_id, at, kind)

        message = await self._db.run(store)
        if message is not None:
            self._topics.message_changed.publish(message)
            self._topics.conversation_changed.publish(ConversationChanged(message.conversation_id, account.id))
        return message

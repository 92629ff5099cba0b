"""Chattigo: customers' messages forwarded to Chattigo's bot, and where its answers go."""

from __future__ import annotations

import uuid
from typing import cast

from console.domain.accounts import Account
from console.domain.capabilities import CAPABILITIES, Operation
from console.domain.messages import MessageSummary
from console.domain.phones import parse_phone
from console.providers.chattigo import ChattigoClient, InboundMessage
from console.services.accounts import AccountService
from console.services.preflight import validate_text
from console.services.topics import Topics
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store.database import Database
from console.store.types import utcnow


class BotBridge:
    def __init__(self, db: Database, accounts: AccountService, topics: Topics) -> None:
        self._db = db
        self._accounts = accounts
        self._topics = topics

    async def forward(self, account: Account, from_phone: str, text: str, name: str | None = None) -> MessageSummary:
        """Store the customer's message in their conversation, then hand it to the bot."""
        CAPABILITIES[account.provider].require(Operation.FORWARD_TO_BOT)
        phone = parse_phone(from_phone, account.settings.get("default_region"))
        validate_text(text)
        client = cast(ChattigoClient, await self._accounts.client(account))
        received = utcnow()
        message_id = f"wamid.{uuid.uuid4().hex}"

        def store(session):  # type: ignore[no-untyped-def]
            contact_id = contact_queries.ensure_contact(session, account.id, phone.digits, phone.digits, name)
            return message_queries.create_incoming(session, account.id, contact_id, text, message_id, received)

        message = await self._db.run(store)
        self._topics.message_changed.publish(message)
        await client.forward_inbound(InboundMessage(phone, text, name, message_id, received))
        self._accounts.note_success(account.id)
        return message

    async def set_webhook(self, account: Account, url: str) -> None:
        CAPABILITIES[account.provider].require(Operation.FORWARD_TO_BOT)
        client = cast(ChattigoClient, await self._accounts.client(account))
        await client.set_webhook(url)

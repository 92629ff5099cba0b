"""Chattigo: customers' messages forwarded to Chattigo's bot, and where its answers go."""

from __future__ import annotations

import uuid

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.messages import MessageSummary
from console.domain.phones import parse_phone
from console.providers.base import BotForwarding, InboundMessage
from console.providers.registry import capabilities
from console.services.client_pool import ClientPool
from console.services.inbound import InboundService
from console.services.preflight import validate_text
from console.store.types import utcnow


class BotBridge:
    def __init__(self, clients: ClientPool, inbound: InboundService) -> None:
        self._clients = clients
        self._inbound = inbound

    async def forward(self, account: Account, from_phone: str, text: str, name: str | None = None) -> MessageSummary:
        """Store the customer's message in their conversation, then hand it to the bot."""
        capabilities(account.provider).require(Operation.FORWARD_TO_BOT)
        phone = parse_phone(from_phone, account.settings.get("default_region"))
        validate_text(text)
        client = await self._clients.get(account, BotForwarding)
        received = utcnow()
        message_id = f"wamid.{uuid.uuid4().hex}"
        message = await self._inbound.record(account, phone, text, message_id, received, name=name)
        assert message is not None  # a fresh id is never a repeat
        await client.forward_inbound(InboundMessage(phone, text, name, message_id, received))
        return message

    async def set_webhook(self, account: Account, url: str) -> None:
        capabilities(account.provider).require(Operation.FORWARD_TO_BOT)
        client = await self._clients.get(account, BotForwarding)
        await client.set_webhook(url)

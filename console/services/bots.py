"""Chattigo: customers' messages forwarded to Chattigo's bot, and where its answers go."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.messages import MessageSummary
from console.domain.number_warnings import number_not_in_plan
from console.domain.phones import Phone, parse_phone
from console.domain.send_warnings import PreflightReport, SendWarning, require_go_ahead
from console.providers.base import BotForwarding, InboundMessage
from console.providers.registry import capabilities
from console.services.bot_relay import BotRelay
from console.services.client_pool import ClientPool
from console.services.inbound import InboundService
from console.services.preflight import validate_text
from console.store.types import utcnow


class BotBridge:
    def __init__(self, clients: ClientPool, inbound: InboundService, relay: BotRelay) -> None:
        self._clients = clients
        self._inbound = inbound
        self._relay = relay

    def forward_warnings(self, account: Account, from_phone: str) -> tuple[SendWarning, ...]:
        """What forwarding as `from_phone` needs a go-ahead for (a number the plan does not
        list); raises `InvalidInput` for a number that cannot be used at all."""
        warning = number_not_in_plan(self._phone(account, from_phone))
        return () if warning is None else (warning,)

    async def forward(
        self,
        account: Account,
        from_phone: str,
        text: str,
        name: str | None = None,
        send_anyway: Collection[SendWarning] = (),
    ) -> MessageSummary:
        """Store the customer's message in their conversation, then hand it to the bot.
        `NeedsSendAnyway` (nothing stored or sent) for a number the numbering plan does not
        list unless its warning is in `send_anyway`. A bot paired with a Cloud API account
        answers there: the message is stored as written to that account, whose
        conversation the bot then has."""
        capabilities(account.provider).require(Operation.FORWARD_TO_BOT)
        phone = self._phone(account, from_phone)
        validate_text(text)
        require_go_ahead(PreflightReport(self.forward_warnings(account, from_phone)), send_anyway)
        client = await self._clients.get(account, BotForwarding)
        received = utcnow()
        message_id = f"wamid.{uuid.uuid4().hex}"
        pairing = await self._relay.pairing(account)
        written_to = account if pairing is None else pairing.connection
        message = await self._inbound.record(written_to, phone, text, message_id, received, name=name)
        assert message is not None  # a fresh id is never a repeat
        if pairing is not None:
            await self._relay.hand_to_bot(message.conversation_id, pairing)
        await client.forward_inbound(InboundMessage(phone, text, name, message_id, received))
        return message

    @staticmethod
    def _phone(account: Account, typed: str) -> Phone:
        return parse_phone(typed, account.settings.get("default_region"), allow_unlisted=True)

    async def set_webhook(self, account: Account, url: str) -> None:
        capabilities(account.provider).require(Operation.FORWARD_TO_BOT)
        client = await self._clients.get(account, BotForwarding)
        await client.set_webhook(url)

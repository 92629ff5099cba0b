"""A provider's bot answering through an account of ours: Chattigo paired with the Cloud
API account whose connection it uses (the Chattigo account's `cloud_api` field).

Customers write to the connection; while the bot has their conversation each message is
forwarded to the bot in the webhook envelope Meta posted it in. The bot's answers arrive on
the bot account's callbacks, are stored in the connection's conversation as queued bot
messages (with the cursor, so never twice), and are then sent once through the connection,
whose statuses follow them like any send. A forward the bot did not take hands the
conversation to the agents.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.inbox import BotHandling
from console.domain.messages import MessageSummary
from console.domain.notices import Notice, Wording
from console.domain.phones import parse_wa_id
from console.domain.recipients import Recipient
from console.providers.base import BotForwarding, PayloadSending
from console.providers.chattigo import PAIRED_ACCOUNT
from console.providers.chattigo.envelopes import message_envelopes
from console.providers.errors import ProviderError
from console.providers.registry import capabilities
from console.services.accounts import AccountService
from console.services.client_pool import ClientPool
from console.services.outbox import Outbox
from console.services.topics import ConversationChanged, Topics
from console.store import bot_answers
from console.store import callbacks as callback_queries
from console.store import conversations as conversation_queries
from console.store.database import Database
from console.store.types import utcnow

log = logging.getLogger(__name__)

NO_SUCH_MESSAGE = Wording("bot_relay.no_such_message", "the webhook that brought it holds no such message")
# A chat marker: kept as the message's text in English, like the bot's closing notice.
NOT_FORWARDED = Wording("bot_relay.not_forwarded", "The bot did not receive the customer's message: {reason}")


@dataclass(frozen=True, slots=True)
class Pairing:
    bot: Account  # the bot's account (Chattigo): forwards go to it, its answers come from it
    connection: Account  # the account customers write to and the bot's answers leave from


class BotRelay:
    def __init__(self, db: Database, accounts: AccountService, clients: ClientPool, outbox: Outbox, topics: Topics) -> None:
        self._db = db
        self._accounts = accounts
        self._clients = clients
        self._outbox = outbox
        self._topics = topics

    async def pairing(self, account: Account) -> Pairing | None:
        """The pairing `account` is in, as the bot or as the connection; None when in none."""
        accounts = await self._accounts.list()
        if _is_bot(account):
            linked = account.settings.get(PAIRED_ACCOUNT)
            connection = next((other for other in accounts if linked and other.name == linked), None)
            return None if connection is None else Pairing(account, connection)
        bot = next((other for other in accounts if _is_bot(other) and other.settings.get(PAIRED_ACCOUNT) == account.name), None)
        return None if bot is None else Pairing(bot, account)

    async def pairings(self) -> list[Pairing]:
        found = [await self.pairing(account) for account in await self._accounts.list() if _is_bot(account)]
        return [pairing for pairing in found if pairing is not None]

    async def forward(self, pairing: Pairing, webhook_body: str, messages: Sequence[MessageSummary]) -> None:
        """Forward the customers' `messages`, each in its envelope cut from `webhook_body`.
        One the bot did not take leaves a notice and waits for an agent."""
        envelopes = message_envelopes(webhook_body)
        try:
            client = await self._clients.get(pairing.bot, BotForwarding)
        except (ProviderError, ValueError) as error:
            for message in messages:
                await self._not_forwarded(pairing, message, str(error))
            return
        for message in messages:
            envelope = envelopes.get(message.provider_message_id or "")
            if envelope is None:
                await self._not_forwarded(pairing, message, NO_SUCH_MESSAGE())
                continue
            try:
                await client.forward_envelope(envelope)
            except ProviderError as error:
                await self._not_forwarded(pairing, message, error.notice)

    async def _not_forwarded(self, pairing: Pairing, message: MessageSummary, reason: Notice) -> None:
        log.warning("message %s not forwarded to the bot of %s: %s", message.id, pairing.bot.name, reason)
        note = NOT_FORWARDED(reason=reason)

        def hand_over(session):  # type: ignore[no-untyped-def]
            conversation_queries.set_bot_handling(
                session, message.conversation_id, BotHandling.HANDED_OVER, only_from=(BotHandling.BOT,)
            )
            contact_id = conversation_queries.contact_of(session, message.conversation_id)
            account_id = pairing.connection.id
            return callback_queries.add_bot_notice(session, account_id, contact_id, note, utcnow())

        notice = await self._db.run(hand_over)
        self._topics.message_changed.publish(notice)
        self._topics.conversation_changed.publish(ConversationChanged(message.conversation_id, pairing.connection.id))

    async def hand_to_bot(self, conversation_id: int, pairing: Pairing) -> None:
        """A conversation no hand was decided for goes to the bot (its customer wrote first)."""
        only_from = (None,)
        changed = await self._db.run(conversation_queries.set_bot_handling, conversation_id, BotHandling.BOT, only_from=only_from)
        if changed is not None:
            self._topics.conversation_changed.publish(ConversationChanged(conversation_id, pairing.connection.id))

    async def send_answers(self, pairing: Pairing) -> None:
        """Send the bot's queued answers through the connection, oldest first. Left queued
        when the connection cannot send now (no client); each claimed one is sent once."""
        try:
            await self._clients.get(pairing.connection, PayloadSending)
        except (ProviderError, ValueError) as error:
            log.warning("the bot's answers wait: %s cannot send them: %s", pairing.connection.name, error)
            return
        claimed = await self._db.run(bot_answers.claim, pairing.connection.id, self._db.owner.id)
        for message, payload in claimed:
            to = Recipient.of_phone(parse_wa_id(str(payload.get("to"))))
            await self._outbox.send_stored_payload(pairing.connection, message, to, payload)

    async def send_queued(self) -> None:
        """Answers stored before the console stopped and never claimed: sent now."""
        for pairing in await self.pairings():
            await self.send_answers(pairing)


def _is_bot(account: Account) -> bool:
    return capabilities(account.provider).supports(Operation.FORWARD_TO_BOT)

"""Callbacks from the relay, read by their provider (`ProviderDefinition.parse_callback`)
into domain items and stored here the same way for every provider.

Broadcasterbot statuses become state events (source `callback`) on their message, or
wait for it when they overtook the send's answer; its inbound messages join the
customer's conversation and open the 24 h window. Chattigo's bot answers become bot
messages, and `chatBeenClosed` a notice. Each event is applied in one transaction
together with the cursor, so a restart neither repeats nor skips one. An item its
provider could not read is set aside (shown to the agent raw, with the reason) and the
rest of its body is applied: one bad report must not lose a customer's message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from console.domain.accounts import Account
from console.domain.callbacks import (
    BotClosedChat,
    BotMessage,
    CallbackItem,
    CustomerMessage,
    ReportedStatus,
    TemplateReviewed,
    UnreadableItem,
)
from console.domain.content import DescribedContent, InboundContent
from console.domain.content_codec import content_fields, message_kind, summarize
from console.domain.errors import InvalidInput
from console.domain.inbox import NOTE, BotHandling
from console.domain.lifecycle import EventSource, StateEvent
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.notice_codec import stored
from console.domain.notices import Notice, Wording, notice_of
from console.providers.errors import MalformedAnswer
from console.providers.registry import definition
from console.services.bot_relay import BotRelay, Pairing
from console.services.topics import CallbackProblem, ConversationChanged, Topics
from console.store import bot_answers
from console.store import callbacks as callback_queries
from console.store import contacts as contact_queries
from console.store import conversations as conversation_queries
from console.store import messages as message_queries
from console.store import templates as template_queries
from console.store.database import Database

log = logging.getLogger(__name__)

UNREADABLE_CALLBACK = Wording("callbacks.unreadable", "a callback could not be read: {error}")
UNREADABLE_ITEM = Wording("callbacks.unreadable_item", "{reason}")
UNREADABLE_ITEM_REST_APPLIED = Wording(
    "callbacks.unreadable_item_rest_applied", "{reason} The rest of this callback was applied."
)
QUARANTINED = Wording("callbacks.quarantined", "the relay quarantined a callback: {reason}")
UNREADABLE_BODY = Wording("callbacks.unreadable_body", "unreadable body")
UNKNOWN_ROUTE = Wording("callbacks.unknown_route", "a callback arrived for a route no account of this console owns")
WRONG_PROVIDER = Wording("callbacks.wrong_provider", "a {provider} callback arrived on the route of a {account_provider} account")


@dataclass(frozen=True, slots=True)
class CallbackEvent:
    """One callback as the relay stored it."""

    id: int
    provider: str
    route: str  # the account's route token
    received_at: datetime
    quarantined: bool
    reason: str | None
    body: str


Change = Callable[[Session], list[MessageSummary]]
Readable = ReportedStatus | CustomerMessage | BotMessage | BotClosedChat | TemplateReviewed


class CallbackApplier:
    def __init__(self, db: Database, topics: Topics, bots: BotRelay) -> None:
        self._db = db
        self._topics = topics
        self._bots = bots

    async def apply(self, account: Account | None, event: CallbackEvent, source: str) -> None:
        """Apply `event` and move `source`'s cursor past it, in one transaction."""
        items: list[CallbackItem] = []
        problem = self._problem(account, event)
        if problem is None and account is not None:
            try:
                items = self._items(account, event)
            except (MalformedAnswer, InvalidInput, ValueError) as error:
                problem = UNREADABLE_CALLBACK(error=notice_of(error))
        if problem is not None:
            self._set_aside(event, problem, event.body)
        unreadable = [item for item in items if isinstance(item, UnreadableItem)]
        for item in unreadable:
            wording = UNREADABLE_ITEM_REST_APPLIED if len(unreadable) < len(items) else UNREADABLE_ITEM
            self._set_aside(event, wording(reason=item.reason), item.raw)
        readable = [item for item in items if not isinstance(item, UnreadableItem)]
        pairing = None if account is None or not readable else await self._bots.pairing(account)
        # (how it is stored, whether it adds a message): statuses only move messages through states.
        changes = [] if account is None else [_change(account, item, event.received_at, pairing) for item in readable]
        adds = [not isinstance(item, ReportedStatus | TemplateReviewed) for item in readable]

        def transaction(session: Session) -> tuple[list[tuple[MessageSummary, bool]], list[MessageSummary]]:
            touched = [(message, added) for change, added in zip(changes, adds, strict=True) for message in change(session)]
            new = [message for message, added in touched if added]
            forwards = [] if pairing is None or account != pairing.connection else _for_the_bot(session, new)
            callback_queries.advance_cursor(session, source, event.id)
            return touched, forwards

        touched, forwards = await self._db.run(transaction)
        shown_on = None if account is None else _conversations_of(account, pairing)
        for message, added in touched:
            self._topics.message_changed.publish(message)
            if shown_on is not None and added:
                self._topics.conversation_changed.publish(ConversationChanged(message.conversation_id, shown_on.id))
        if account is not None and any(isinstance(item, TemplateReviewed) for item in readable):
            self._topics.templates_changed.publish(account.id)
        if pairing is not None and forwards:
            await self._bots.forward(pairing, event.body, forwards)
        if pairing is not None and account == pairing.bot and any(isinstance(item, BotMessage) for item in readable):
            await self._bots.send_answers(pairing)

    def _set_aside(self, event: CallbackEvent, reason: Notice, raw: str) -> None:
        """Tell the agent what could not be applied and why; `raw` is what arrived."""
        log.warning("callback %s from %s set aside: %s", event.id, event.provider, reason)
        self._topics.callback_problem.publish(CallbackProblem(event.id, event.provider, reason, raw, event.received_at))

    @staticmethod
    def _problem(account: Account | None, event: CallbackEvent) -> Notice | None:
        if event.quarantined:
            return QUARANTINED(reason=event.reason or UNREADABLE_BODY())  # the relay's own words
        if account is None:
            return UNKNOWN_ROUTE()
        if account.provider.value != event.provider:
            return WRONG_PROVIDER(provider=event.provider, account_provider=account.provider.value)
        return None

    @staticmethod
    def _items(account: Account, event: CallbackEvent) -> list[CallbackItem]:
        parse = definition(account.provider).parse_callback
        if parse is None:
            raise ValueError(f"{account.provider.value} accounts receive no callbacks")
        return parse(event.body)


def _conversations_of(account: Account, pairing: Pairing | None) -> Account:
    """The account whose conversations `account`'s callbacks write to: a paired bot's answers
    and notices go to the account it answers through."""
    return pairing.connection if pairing is not None and account == pairing.bot else account


def _for_the_bot(session: Session, touched: list[MessageSummary]) -> list[MessageSummary]:
    """The customers' new messages whose conversation the bot has (a conversation no hand
    was decided for yet goes to the bot): those are forwarded to it."""
    forwards = []
    for message in touched:
        if message.direction is not Direction.INCOMING:
            continue
        conversation_queries.set_bot_handling(session, message.conversation_id, BotHandling.BOT, only_from=(None,))
        if conversation_queries.bot_handling(session, message.conversation_id) is BotHandling.BOT:
            forwards.append(message)
    return forwards


def _change(account: Account, item: Readable, received_at: datetime, pairing: Pairing | None = None) -> Change:
    """How one item of a callback is stored, whichever provider sent it."""
    if pairing is not None and account == pairing.bot and isinstance(item, BotMessage | BotClosedChat):
        return _paired_bot_change(pairing.connection, item, received_at)
    if isinstance(item, ReportedStatus):
        event = StateEvent(item.state, item.raw_state, received_at, EventSource.CALLBACK, item.reason, item.payload)

        def status(session: Session) -> list[MessageSummary]:
            changed = callback_queries.apply_status(session, account.id, item.provider_message_id, event)
            return [] if changed is None else [changed]

        return status
    if isinstance(item, TemplateReviewed):

        def review(session: Session) -> list[MessageSummary]:
            template_queries.set_template_status(session, account.id, item.name, item.language, item.status)
            return []

        return review
    if isinstance(item, CustomerMessage):
        digits = item.sender.digits if item.sender is not None else None

        def message(session: Session) -> list[MessageSummary]:
            contact_id = contact_queries.ensure_customer(session, account.id, digits, item.user_id, item.name)
            body, kind, fields = incoming_fields(item.content)
            added = message_queries.record_incoming(
                session, account.id, contact_id, body, item.provider_message_id, received_at, kind, fields
            )
            return [] if added is None else [added]

        return message
    if isinstance(item, BotMessage):
        customer = item.customer.digits

        def bot_message(session: Session) -> list[MessageSummary]:
            contact_id = contact_queries.ensure_contact(session, account.id, customer, customer)
            body, kind, fields = item.kept()
            return [callback_queries.add_bot_message(session, account.id, contact_id, kind, body, received_at, fields)]

        return bot_message

    def closed(session: Session) -> list[MessageSummary]:
        # The notice names no customer: it closes the chat the bot was answering.
        contact_id = callback_queries.last_bot_contact(session, account.id)
        if contact_id is None:
            return []
        return [callback_queries.add_bot_notice(session, account.id, contact_id, item.note, received_at)]

    return closed


def incoming_fields(content: InboundContent) -> tuple[str, MessageKind, dict[str, Any]]:
    """How a customer's message is kept: its text (searched, printed by scripts), how it is
    listed, and what the chat shows it from (a described one: its notice, worded per reader)."""
    if isinstance(content, DescribedContent):
        return content.notice.english(), MessageKind.NOTICE, {NOTE: stored(content.notice)}
    return summarize(content), message_kind(content), content_fields(content)


def _paired_bot_change(connection: Account, item: BotMessage | BotClosedChat, received_at: datetime) -> Change:
    """A paired bot's answer, queued to be sent through `connection`; its closing notice,
    which hands the chat to the agents."""
    if isinstance(item, BotMessage):
        customer = item.customer.digits
        body, kind, fields = item.kept()

        def answer(session: Session) -> list[MessageSummary]:
            contact_id = contact_queries.ensure_contact(session, connection.id, customer, customer)
            payload = dict(item.payload or {})
            return [bot_answers.queue(session, connection.id, contact_id, kind, body, fields, payload, received_at)]

        return answer

    def closed(session: Session) -> list[MessageSummary]:
        if item.customer is not None:
            digits = item.customer.digits
            contact_id: int | None = contact_queries.ensure_contact(session, connection.id, digits, digits)
        else:
            contact_id = callback_queries.last_bot_contact(session, connection.id)
        if contact_id is None:
            return []
        notice = callback_queries.add_bot_notice(session, connection.id, contact_id, item.note, received_at)
        conversation_queries.set_bot_handling(
            session, notice.conversation_id, BotHandling.HANDED_OVER, only_from=(BotHandling.BOT, None)
        )
        return [notice]

    return closed

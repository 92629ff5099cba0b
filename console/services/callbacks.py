"""Callbacks from the relay, mapped to the domain.

Broadcasterbot statuses become state events (source `callback`) on their message, or
wait for it when they overtook the send's answer; its inbound messages join the
customer's conversation and open the 24 h window. Chattigo's bot answers become bot
messages, and `chatBeenClosed` a notice. Each event is applied in one transaction
together with the cursor, so a restart neither repeats nor skips one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from console.domain.accounts import Account, ProviderKind
from console.domain.content_codec import content_fields, message_kind, summarize
from console.domain.errors import InvalidInput
from console.domain.lifecycle import EventSource, StateEvent
from console.domain.messages import MessageKind, MessageSummary
from console.domain.payloads import kept_payload
from console.domain.phones import parse_wa_id
from console.providers import broadcasterbot, cloud_api
from console.providers.errors import MalformedAnswer
from console.services.topics import CallbackProblem, Topics
from console.store import callbacks as callback_queries
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store.database import Database

log = logging.getLogger(__name__)


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


class CallbackApplier:
    def __init__(self, db: Database, topics: Topics) -> None:
        self._db = db
        self._topics = topics

    async def apply(self, account: Account | None, event: CallbackEvent, source: str) -> None:
        """Apply `event` and move `source`'s cursor past it, in one transaction."""
        changes: list[Change] = []
        problem = self._problem(account, event)
        if problem is None and account is not None:
            try:
                changes = self._changes(account, event)
            except (MalformedAnswer, InvalidInput, ValueError) as error:
                problem = f"a callback could not be read: {error}"
        if problem is not None:
            log.warning("callback %s from %s set aside: %s", event.id, event.provider, problem)
            set_aside = CallbackProblem(event.id, event.provider, problem, event.body, event.received_at)
            self._topics.callback_problem.publish(set_aside)

        def transaction(session: Session) -> list[MessageSummary]:
            touched = [message for change in changes for message in change(session)]
            callback_queries.advance_cursor(session, source, event.id)
            return touched

        for message in await self._db.run(transaction):
            self._topics.message_changed.publish(message)

    @staticmethod
    def _problem(account: Account | None, event: CallbackEvent) -> str | None:
        if event.quarantined:
            return f"the relay quarantined a callback: {event.reason or 'unreadable body'}"
        if account is None:
            return "a callback arrived for a route no account of this console owns"
        if account.provider.value != event.provider:
            return f"a {event.provider} callback arrived on the route of a {account.provider.value} account"
        return None

    def _changes(self, account: Account, event: CallbackEvent) -> list[Change]:
        body: Any = json.loads(event.body)
        if account.provider is ProviderKind.BROADCASTERBOT:
            return _broadcasterbot_changes(account, body, event.body, event.received_at)
        if account.provider is ProviderKind.CHATTIGO:
            return _chattigo_changes(account, body, event.received_at)
        raise ValueError(f"{account.provider.value} accounts receive no callbacks")


def _broadcasterbot_changes(account: Account, body: Any, text: str, received_at: datetime) -> list[Change]:
    changes: list[Change] = []
    updates = broadcasterbot.parse_status_callback(body)
    for update in updates:
        # The body as received when it reports this status alone; else this status's own item.
        payload = kept_payload(text if len(updates) == 1 else update.item)
        event = StateEvent(update.state, update.raw_state, received_at, EventSource.CALLBACK, update.reason, payload)

        def status(session: Session, message_id: str = update.message_id, event: StateEvent = event) -> list[MessageSummary]:
            changed = callback_queries.apply_status(session, account.id, message_id, event)
            return [] if changed is None else [changed]

        changes.append(status)
    for inbound in broadcasterbot.parse_message_callback(body):
        phone = inbound.sender.to_phone()

        def message(
            session: Session, inbound: broadcasterbot.InboundMessage = inbound, digits: str = phone.digits
        ) -> list[MessageSummary]:
            contact_id = contact_queries.ensure_contact(session, account.id, digits, digits)
            stored = message_queries.record_incoming(
                session,
                account.id,
                contact_id,
                summarize(inbound.content),
                inbound.message_id,
                received_at,
                message_kind(inbound.content),
                content_fields(inbound.content),
            )
            return [] if stored is None else [stored]

        changes.append(message)
    return changes


def _chattigo_changes(account: Account, body: Any, received_at: datetime) -> list[Change]:
    changes: list[Change] = []
    if isinstance(body, dict) and body.get("messaging_product") is not None:
        reply = cloud_api.parse_send_payload(body, "Chattigo's bot")
        phone = parse_wa_id(reply.to)

        def bot_message(session: Session) -> list[MessageSummary]:
            contact_id = contact_queries.ensure_contact(session, account.id, phone.digits, phone.digits)
            return [
                callback_queries.add_bot_message(session, account.id, contact_id, MessageKind.TEXT, reply.summary, received_at)
            ]

        changes.append(bot_message)
    if cloud_api.is_chat_closed(body):
        closing = body["chatBeenClosed"].get("message") if isinstance(body.get("chatBeenClosed"), dict) else None
        note = f"The bot closed the chat: {closing}" if closing else "The bot closed the chat."

        def closed(session: Session) -> list[MessageSummary]:
            # The notice names no customer: it closes the chat the bot was answering.
            contact_id = callback_queries.last_bot_contact(session, account.id)
            if contact_id is None:
                return []
            return [callback_queries.add_bot_message(session, account.id, contact_id, MessageKind.NOTICE, note, received_at)]

        changes.append(closed)
    if not changes:
        raise MalformedAnswer("Chattigo's bot posted something that is neither a message nor a closing notice.")
    return changes

"""The outbox: persist first, send once, never re-send what may have arrived.

A send is stored as `pending` before any request. The provider's answer moves it on.
Only a request that provably never left (`NotSent`) is tried again; one that may have
reached the provider becomes `unknown` for the agent to verify.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlmodel import Session

from console.domain.accounts import Account
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState, EventSource, StateEvent
from console.domain.messages import MAX_TEXT_LENGTH, MessageKind, MessageSummary
from console.domain.phones import parse_phone
from console.providers.base import SendReceipt
from console.providers.errors import NotSent, OutcomeUnknown, ProviderError
from console.services.accounts import AccountService
from console.services.topics import Topics
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store.database import Database
from console.store.types import utcnow

log = logging.getLogger(__name__)

NOT_SENT_RETRIES = (0.5, 2.0)  # pauses before the 2nd and 3rd try of a request that never left


def validate_text(text: str) -> str:
    if not text.strip():
        raise InvalidInput("text", "the message is empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidInput("text", f"the message has {len(text)} characters; WhatsApp allows {MAX_TEXT_LENGTH}")
    return text


class Outbox:
    def __init__(
        self,
        db: Database,
        accounts: AccountService,
        topics: Topics,
        on_accepted: Callable[[], None] = lambda: None,
        retry_pauses: tuple[float, ...] = NOT_SENT_RETRIES,
        first_poll_delay: float = 2.0,
    ) -> None:
        self._db = db
        self._accounts = accounts
        self._topics = topics
        self._on_accepted = on_accepted
        self._retry_pauses = retry_pauses
        self._first_poll = timedelta(seconds=first_poll_delay)

    async def send_text(
        self,
        account: Account,
        to: str,
        text: str,
        *,
        mass: bool = False,
        contact_validation: bool = True,
    ) -> MessageSummary:
        """Validate, store as pending, send. Raises `InvalidInput` (nothing stored) on bad input."""
        phone = parse_phone(to, account.settings.get("default_region"))
        body = validate_text(text)
        client = await self._accounts.client(account)
        message = await self._db.run(_store_pending, account.id, phone.digits, body, mass, contact_validation)
        self._topics.message_changed.publish(message)
        return await self._deliver(
            account,
            message,
            lambda: client.send_text(phone.digits, body, contact_validation=contact_validation, mass=mass),
        )

    async def _deliver(
        self, account: Account, message: MessageSummary, request: Callable[[], Awaitable[SendReceipt]]
    ) -> MessageSummary:
        pauses = list(self._retry_pauses)
        while True:
            try:
                receipt = await request()
            except NotSent as error:
                if pauses:
                    await asyncio.sleep(pauses.pop(0))
                    continue
                self._accounts.note_error(account.id, error)
                return await self._record(message.id, DeliveryState.FAILED, None, error.message)
            except OutcomeUnknown as error:
                self._accounts.note_error(account.id, error)
                return await self._record(message.id, DeliveryState.UNKNOWN, None, error.message)
            except ProviderError as error:
                self._accounts.note_error(account.id, error)
                return await self._record(message.id, DeliveryState.FAILED, None, error.message)
            except asyncio.CancelledError:
                # Stopped mid-request: it may have left. Record that before giving up.
                await asyncio.shield(
                    self._record(
                        message.id,
                        DeliveryState.UNKNOWN,
                        None,
                        "The console stopped while sending; verify with the provider.",
                    )
                )
                raise
            self._accounts.note_success(account.id)
            updated = await self._db.run(
                _record_accepted, message.id, receipt.provider_message_id, receipt.raw_state, self._first_poll
            )
            self._topics.message_changed.publish(updated)
            self._on_accepted()
            return updated

    async def _record(self, message_id: int, state: DeliveryState, raw: str | None, detail: str) -> MessageSummary:
        source = EventSource.LOCAL if state is DeliveryState.UNKNOWN else EventSource.RESPONSE
        event = StateEvent(state, raw, utcnow(), source, detail)
        updated = await self._db.run(message_queries.record_event, message_id, event)
        self._topics.message_changed.publish(updated)
        return updated

    async def recover_interrupted(self) -> int:
        """Messages left `pending` by a crash become `unknown`: they are never re-sent by us."""
        recovered = await self._db.run(_mark_interrupted)
        for message in recovered:
            self._topics.message_changed.publish(message)
        return len(recovered)


def _store_pending(session: Session, account_id: int, digits: str, body: str, mass: bool, validation: bool) -> MessageSummary:
    contact_id = contact_queries.ensure_contact(session, account_id, digits, digits)
    options = {"mass": mass, "contact_validation": validation}
    return message_queries.create_outgoing(session, account_id, contact_id, MessageKind.TEXT, body, options)


def _record_accepted(
    session: Session, message_id: int, provider_id: str, raw_state: str | None, first_poll: timedelta
) -> MessageSummary:
    now = utcnow()
    event = StateEvent(DeliveryState.ACCEPTED, raw_state, now, EventSource.RESPONSE, None)
    updated = message_queries.record_event(session, message_id, event, provider_message_id=provider_id)
    message_queries.schedule_poll(session, message_id, now + first_poll, 0)
    return updated


def _mark_interrupted(session: Session) -> list[MessageSummary]:
    ids = message_queries.ids_in_state(session, DeliveryState.PENDING)
    event_detail = "The console stopped before the provider's answer arrived; it may or may not have been sent."
    return [
        message_queries.record_event(
            session,
            message_id,
            StateEvent(DeliveryState.UNKNOWN, None, utcnow(), EventSource.LOCAL, event_detail),
        )
        for message_id in ids
    ]

"""The outbox: check everything the provider would reject, persist, send once.

A send is stored as `pending` before any request. The provider's answer moves it on.
Only a request that provably never left (`NotSent`) is tried again; one that may have
reached the provider becomes `unknown` for the agent to verify. Bad input raises
`InvalidInput` before anything is stored or sent; so does a warning the agent has not
overridden (`NeedsSendAnyway`, carrying the warnings to show with a "send anyway").

A send on a team account (`Account.team`) is checked the same way, then handed to the
`TeamSender`: queued here and posted to the team server, never sent to the provider from here.

A media link is sent whole but kept without its secrets (a signed link's query, a
`user:pass@`): in the message's content, and in the answers and errors recorded for it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlmodel import Session

from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.capabilities import Operation
from console.domain.content import OPERATION_OF, Content, Recipient, TextContent
from console.domain.content_codec import links_of, summarize
from console.domain.lifecycle import DeliveryState, EventSource, StateEvent
from console.domain.links import hide_link_secrets
from console.domain.messages import MessageKind, MessageSummary
from console.domain.notice_texts import with_texts
from console.domain.notices import Notice, Wording, as_notice
from console.domain.send_warnings import PreflightReport, SendWarning, require_go_ahead
from console.providers import registry
from console.providers.base import PayloadSending, Sending, SendOptions, SendReceipt
from console.providers.errors import NotSent, OutcomeUnknown, ProviderError
from console.services.backoff import send_retry_pause
from console.services.client_pool import ClientPool
from console.services.pacing import Pacer
from console.services.preflight import Preflight, resolve_recipient, serialize
from console.services.team_posts import team_customer
from console.services.team_sender import TeamSender
from console.services.topics import ConversationChanged, Topics
from console.store import callbacks as callback_queries
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store import poll_schedule
from console.store.database import Database
from console.store.types import utcnow

log = logging.getLogger(__name__)

NOT_SENT_RETRIES = (0.5, 2.0)  # pauses before the 2nd and 3rd try of a request that never left

SENT_ANYWAY = Wording("outbox.sent_anyway", "Sent anyway despite a warning: {warning}")
STOPPED_WHILE_SENDING = Wording("outbox.stopped_while_sending", "The console stopped while sending; verify with the provider.")
NO_DELIVERY_STATES = Wording(
    "outbox.no_delivery_states", "{provider} reports no delivery states: '{state}' is the last state this console will know."
)
STOPPED_BEFORE_ANSWER = Wording(
    "outbox.stopped_before_answer", "The console stopped before the provider's answer arrived; it may or may not have been sent."
)

KIND_OF = {
    Operation.SEND_TEXT: MessageKind.TEXT,
    Operation.SEND_TEMPLATE: MessageKind.TEMPLATE,
    Operation.SEND_MEDIA: MessageKind.MEDIA,
    Operation.SEND_LOCATION: MessageKind.LOCATION,
}


class Outbox:
    def __init__(
        self,
        db: Database,
        clients: ClientPool,
        topics: Topics,
        preflight: Preflight,
        pacer: Pacer,
        on_accepted: Callable[[], None] = lambda: None,
        retry_pauses: tuple[float, ...] = NOT_SENT_RETRIES,
        first_poll_delay: float = 2.0,
        team: TeamSender | None = None,
    ) -> None:
        self._db = db
        self._clients = clients
        self._topics = topics
        self._preflight = preflight
        self._pacer = pacer
        self._on_accepted = on_accepted
        self._retry_pauses = retry_pauses
        self._first_poll = timedelta(seconds=first_poll_delay)
        self._team = team

    async def send(
        self,
        account: Account,
        to: str,
        content: Content,
        options: SendOptions | None = None,
        send_anyway: Collection[SendWarning] = (),
    ) -> MessageSummary:
        """Check, store as pending, send. `InvalidInput` (nothing stored, nothing sent) on bad
        input, and `NeedsSendAnyway` unless `send_anyway` holds every warning the checks find."""
        options = options or SendOptions()
        operation, recipient, report = await self._checked(account, to, content, options)
        require_go_ahead(report, send_anyway)
        if account.team and self._team is not None:
            fields = {**serialize(content, options), "send_anyway": [warning.kind.value for warning in report.warnings]}
            return await self._team.queue(account, recipient, KIND_OF[operation], content, fields)
        client = await self._clients.get(account, Sending)
        message = await self._db.run(
            _store_pending,
            account.id,
            recipient,
            KIND_OF[operation],
            summarize(content),
            serialize(content, options),
            self._db.owner.id,
        )
        details = [*report.notes, *(SENT_ANYWAY(warning=warning.notice) for warning in report.warnings)]
        for detail in details:
            message = await self._record(message.id, DeliveryState.PENDING, None, detail, publish=False)
        self._topics.message_changed.publish(message)
        self._topics.conversation_changed.publish(ConversationChanged(message.conversation_id, account.id))
        async with self._pacer.turn(account):
            return await self._deliver(account, message, links_of(content), lambda: client.send(recipient, content, options))

    async def send_stored_payload(
        self, account: Account, message: MessageSummary, to: Recipient, payload: Mapping[str, Any]
    ) -> MessageSummary:
        """Send a message already stored as `pending` (a bot's answer) as the Cloud API body
        `payload` to `to`, through the account: answered, failed or unknown as `send`."""
        client = await self._clients.get(account, PayloadSending)
        async with self._pacer.turn(account):
            return await self._deliver(account, message, [], lambda: client.send_payload(to, payload))

    async def check(
        self, account: Account, to: str, content: Content, options: SendOptions | None = None
    ) -> PreflightReport:
        """Run exactly the checks `send` runs and send nothing: `InvalidInput`, or the report."""
        _, _, report = await self._checked(account, to, content, options or SendOptions())
        return report

    async def _checked(
        self, account: Account, to: str, content: Content, options: SendOptions
    ) -> tuple[Operation, Recipient, PreflightReport]:
        capabilities = registry.capabilities(account.provider)
        operation = OPERATION_OF[type(content)]
        capabilities.require(operation)
        if options.mass:
            capabilities.require(Operation.MASS_SEND)
        recipient = resolve_recipient(account, to, allow_unlisted=True)
        if account.team:
            team_customer(recipient)  # one the server cannot keep is refused before anything is stored
        report = await self._preflight.check(account, recipient, content)
        return operation, recipient, report

    async def send_text(
        self,
        account: Account,
        to: str,
        text: str,
        *,
        mass: bool = False,
        contact_validation: bool = True,
        send_anyway: Collection[SendWarning] = (),
    ) -> MessageSummary:
        return await self.send(account, to, TextContent(text), SendOptions(mass, contact_validation), send_anyway)

    async def _deliver(
        self,
        account: Account,
        message: MessageSummary,
        links: Sequence[str],
        request: Callable[[], Awaitable[SendReceipt]],
    ) -> MessageSummary:
        pauses = list(self._retry_pauses)
        while True:
            try:
                receipt = await request()
            except NotSent as error:
                pause = send_retry_pause(pauses.pop(0), error) if pauses else None
                if pause is not None:
                    await asyncio.sleep(pause)
                    continue
                return await self._record(message.id, DeliveryState.FAILED, None, _hidden(error.notice, links))
            except OutcomeUnknown as error:
                return await self._record(message.id, DeliveryState.UNKNOWN, None, _hidden(error.notice, links))
            except ProviderError as error:
                return await self._record(message.id, DeliveryState.FAILED, None, _hidden(error.notice, links))
            except asyncio.CancelledError:
                # Stopped mid-request: it may have left. Record that before giving up.
                await asyncio.shield(
                    self._record(
                        message.id,
                        DeliveryState.UNKNOWN,
                        None,
                        STOPPED_WHILE_SENDING(),
                    )
                )
                raise
            return await self._accepted(account, message, _without_link_secrets(receipt, links))

    async def _accepted(self, account: Account, message: MessageSummary, receipt: SendReceipt) -> MessageSummary:
        if receipt.state is DeliveryState.FAILED:
            # The provider answered, but refused this recipient (e.g. not registered).
            return await self._record(
                message.id, DeliveryState.FAILED, receipt.raw_state, receipt.failure_reason, payload=receipt.payload
            )
        capabilities = registry.capabilities(account.provider)
        polls = capabilities.supports(Operation.POLL_STATUS) and receipt.provider_message_id
        first_poll = self._first_poll if polls else None
        updated = await self._db.run(_record_accepted, account.id, message.id, receipt, first_poll)
        if not capabilities.delivery_reports:
            note = NO_DELIVERY_STATES(provider=PROVIDER_TITLES[account.provider], state=updated.state.value)
            updated = await self._record(message.id, updated.state, None, note, source=EventSource.LOCAL, publish=False)
        self._topics.message_changed.publish(updated)
        if polls:
            self._on_accepted()
        return updated

    async def _record(
        self,
        message_id: int,
        state: DeliveryState,
        raw: str | None,
        detail: Notice | None,
        *,
        source: EventSource | None = None,
        publish: bool = True,
        payload: str | None = None,
    ) -> MessageSummary:
        """Append an event; by default the console's own for pending/unknown, the answer's otherwise."""
        if source is None:
            local = state in (DeliveryState.UNKNOWN, DeliveryState.PENDING)
            source = EventSource.LOCAL if local else EventSource.RESPONSE
        event = StateEvent(state, raw, utcnow(), source, detail, payload)
        updated = await self._db.run(message_queries.record_event, message_id, event)
        if publish:
            self._topics.message_changed.publish(updated)
        return updated

    async def recover_interrupted(self) -> int:
        """Messages left `pending` by a process that died become `unknown`: they are never
        re-sent by us. A live process's sends (this one's, another window's or command's)
        are in flight and stay as they are."""
        recovered = await self._db.run(_mark_interrupted, self._db.owner.is_alive)
        for message in recovered:
            self._topics.message_changed.publish(message)
        return len(recovered)


def _without_link_secrets(receipt: SendReceipt, links: Sequence[str]) -> SendReceipt:
    """The answer as it is kept: a provider may echo the media link it was given."""
    if not links:
        return receipt
    reason, payload = receipt.failure_reason, receipt.payload
    return replace(
        receipt,
        failure_reason=None if reason is None else _hidden(as_notice(reason), links),
        payload=None if payload is None else hide_link_secrets(payload, links),
    )


def _hidden(notice: Notice, links: Sequence[str]) -> Notice:
    return with_texts(notice, lambda text: hide_link_secrets(text, links)) if links else notice


def _store_pending(
    session: Session, account_id: int, recipient: Recipient, kind: MessageKind, body: str, options: dict, owner: str
) -> MessageSummary:
    contact_id = contact_queries.ensure_recipient(session, account_id, recipient)
    return message_queries.create_outgoing(session, account_id, contact_id, kind, body, options, owner)


def _record_accepted(
    session: Session, account_id: int, message_id: int, receipt: SendReceipt, first_poll: timedelta | None
) -> MessageSummary:
    now = utcnow()
    event = StateEvent(receipt.state, receipt.raw_state, now, EventSource.RESPONSE, receipt.note, receipt.payload)
    updated = message_queries.record_event(session, message_id, event, provider_message_id=receipt.provider_message_id)
    if receipt.provider_message_id is not None:
        # Callbacks can overtake the answer: statuses that came first apply now, in order.
        early = callback_queries.claim_early_statuses(session, message_id, account_id, receipt.provider_message_id)
        updated = early or updated
    if first_poll is not None:
        poll_schedule.schedule_poll(session, message_id, now + first_poll, 0)
    return updated


def _mark_interrupted(session: Session, is_alive: Callable[[str | None], bool]) -> list[MessageSummary]:
    pending = message_queries.pending_sends(session)
    alive = {owner: is_alive(owner) for owner in {owner for _, owner in pending}}
    ids = [message_id for message_id, owner in pending if not alive[owner]]
    event_detail = STOPPED_BEFORE_ANSWER()
    return [
        message_queries.record_event(
            session, message_id, StateEvent(DeliveryState.UNKNOWN, None, utcnow(), EventSource.LOCAL, event_detail)
        )
        for message_id in ids
    ]

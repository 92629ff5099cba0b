"""Messages in team mode, as this console keeps them: its own sends queued for the team
server under their client key, and the server's messages and outcomes learnt from it.

A send the agent makes on a team account is stored `pending` with a new client key and no
server id: queued. Posting it (again, under the same key: the server stores a key once)
links it to the server's message; the change log's `message` changes link it too, or bring
the messages other agents sent; `message_state` changes move its state. What the server brings
is dated by the server's times (when it stored a message, changed its state, received a
customer's), not by when this console learnt it.

A conversation's older messages, paged from the server when the agent scrolls back past what
this console has (`keep_older`), are stored below the conversation's messages (`add_message`'s
`older_id`), each once: an agent's by the server's id, a customer's by the provider's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from console.domain.content import LocationContent, MediaContent, TextContent
from console.domain.content_codec import attachment_of, summarize, template_of
from console.domain.lifecycle import DeliveryState, EventSource, StateEvent
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.notice_codec import stored
from console.domain.notices import Wording
from console.domain.team import TeamChange, TeamInbound, TeamMessage, server_time
from console.domain.team_customers import recipient_of_key
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store.bot_answers import QUEUED as BOT_ANSWER_QUEUED
from console.store.tables import AccountRow, ContactRow, ConversationRow, MessageRow, StateEventRow
from console.store.types import utcnow

QUEUED = Wording("team.queued", "Queued for the team server; it sends it.")
SENT_BY = Wording("team.sent_by", "Sent by {agent} through the team server.")
SERVER_SENDING = "sending"  # the server's state while one of its processes has the request under way


@dataclass(frozen=True, slots=True)
class QueuedSend:
    """A send stored here that the team server may not have yet: what posting it needs."""

    message_id: int
    client_key: str
    account: str
    customer: str  # the conversation's key as the server names it: the contact's phone (`domain.team_customers`)
    fields: dict[str, Any]  # `services.preflight.serialize` of the send, with its `send_anyway`


def queue(
    session: Session, account_id: int, contact_id: int, kind: MessageKind, body: str, fields: dict[str, Any], client_key: str
) -> MessageSummary:
    """The send stored `pending` under `client_key`, before anything is posted."""
    now = utcnow()
    row = message_queries.add_message(
        session, account_id, contact_id, Direction.OUTGOING, kind, body, DeliveryState.PENDING, now, content=fields
    )
    row.client_key = client_key
    session.add(row)
    session.flush()
    assert row.id is not None
    session.add(
        StateEventRow(
            message_id=row.id, state=DeliveryState.PENDING.value, source=EventSource.LOCAL.value, at=now, detail=stored(QUEUED())
        )
    )
    return message_queries.message_summary(row)


def queued(session: Session) -> list[QueuedSend]:
    """The sends not linked to a server message yet, oldest first."""
    statement = (
        select(MessageRow, AccountRow.name, ContactRow.phone)
        .join(AccountRow, col(AccountRow.id) == MessageRow.account_id)
        .join(ConversationRow, col(ConversationRow.id) == MessageRow.conversation_id)
        .join(ContactRow, col(ContactRow.id) == ConversationRow.contact_id)
        .where(
            col(MessageRow.client_key).is_not(None),
            col(MessageRow.team_message_id).is_(None),
            MessageRow.state == DeliveryState.PENDING.value,
        )
        .order_by(col(MessageRow.id))
    )
    found = []
    for row, account, phone in session.exec(statement):
        assert row.id is not None and row.client_key is not None
        found.append(QueuedSend(row.id, row.client_key, account, phone, json.loads(row.options_json)))
    return found


Shown = tuple[MessageSummary, int]  # a message as it now is, and its account's id


def refused(session: Session, message_id: int, event: StateEvent) -> Shown | None:
    """The server refused the send: it failed here, with the server's reason."""
    row = session.get(MessageRow, message_id)
    if row is None:
        return None
    return message_queries.record_event(session, message_id, event), row.account_id


def link(session: Session, message: TeamMessage) -> Shown | None:
    """The server's answer to a post of this console's send: linked, with the server's state."""
    row = session.exec(select(MessageRow).where(MessageRow.client_key == message.client_key)).first()
    return None if row is None else _take(session, row, message, server_time(message.updated_at) or utcnow())


def apply(session: Session, change: TeamChange) -> Shown | None:
    """A `message` or `message_state` change applied: the message it names, as it now is; None
    when it names nothing this console shows (an account it does not mirror)."""
    if change.inbound is not None:
        return _received(session, change, change.inbound)
    message = change.message
    if message is None:
        return None
    row = session.exec(select(MessageRow).where(MessageRow.client_key == message.client_key)).first()
    if row is None and change.kind == "message":
        row = _learnt(session, change, message)
    if row is None:
        return None
    return _take(session, row, message, server_time(change.at) or server_time(message.updated_at) or utcnow())


def keep_older(session: Session, changes: list[TeamChange]) -> int:
    """A page of one conversation's older messages (`message` changes, oldest first) stored below
    its messages, those this console has skipped: how many it stored."""
    new = [change for change in changes if not _known(session, change)]
    lowest = session.exec(select(func.min(MessageRow.id))).one()
    first_id = min(lowest or 1, 1) - len(new)
    stored_count = 0
    for older_id, change in enumerate(new, start=first_id):
        if change.inbound is not None:
            stored_count += _received(session, change, change.inbound, older_id) is not None
        elif change.message is not None and (row := _learnt(session, change, change.message, older_id)) is not None:
            _take(session, row, change.message, server_time(change.message.updated_at) or row.created_at)
            stored_count += 1
    return stored_count


def _known(session: Session, change: TeamChange) -> bool:
    if change.inbound is not None:
        return (
            session.exec(
                select(MessageRow.id).where(
                    MessageRow.provider_message_id == change.inbound.provider_message_id,
                    MessageRow.direction == Direction.INCOMING.value,
                    MessageRow.account_id == _team_account(session, change.account),
                )
            ).first()
            is not None
        )
    message = change.message
    if message is None:
        return True
    by_server = col(MessageRow.team_message_id) == message.id
    return (
        session.exec(select(MessageRow.id).where(by_server | (MessageRow.client_key == message.client_key))).first() is not None
    )


def _learnt(session: Session, change: TeamChange, message: TeamMessage, older_id: int | None = None) -> MessageRow | None:
    """A message another agent (or this one, from another console) sent: stored in its
    conversation, dated when the server stored it (`older_id`: see `add_message`)."""
    account = session.exec(select(AccountRow).where(AccountRow.name == change.account, col(AccountRow.team))).first()
    if account is None or account.id is None:
        return None
    try:
        kind = MessageKind(message.kind or MessageKind.TEXT.value)
    except ValueError:
        return None
    contact_id = _contact(session, account.id, change.customer)
    if contact_id is None:
        return None
    at = server_time(message.created_at) or utcnow()
    bot = message.bot_body is not None  # a paired bot's answer the server sends through the account
    row = message_queries.add_message(
        session,
        account.id,
        contact_id,
        Direction.BOT if bot else Direction.OUTGOING,
        kind,
        message.bot_body if message.bot_body is not None else _body(message.content),
        DeliveryState.PENDING,
        at,
        content=message.content,
        older_id=older_id,
    )
    row.client_key = message.client_key
    session.add(row)
    session.flush()
    assert row.id is not None
    note = stored(BOT_ANSWER_QUEUED() if bot else SENT_BY(agent=change.agent))
    pending, local = DeliveryState.PENDING.value, EventSource.LOCAL.value
    session.add(StateEventRow(message_id=row.id, state=pending, source=local, at=at, detail=note))
    return row


def _contact(session: Session, account_id: int, customer: str) -> int | None:
    """The contact of the conversation the server names `customer` (`domain.team_customers`): a
    number, a Cloud API user id, a TimelinesAI chat; None for a key that names none of them."""
    if customer.isdigit():
        return contact_queries.ensure_contact(session, account_id, customer, customer)
    recipient = recipient_of_key(customer)
    return None if recipient is None else contact_queries.ensure_recipient(session, account_id, recipient)


def _received(session: Session, change: TeamChange, inbound: TeamInbound, older_id: int | None = None) -> Shown | None:
    """A customer's message the server received on a mirrored account: stored once (by the
    provider's id), in the customer's conversation; None when it was stored before."""
    account = _team_account(session, change.account)
    if account is None:
        return None
    try:
        kind = MessageKind(inbound.kind)
    except ValueError:
        kind = MessageKind.TEXT
    digits = change.customer if change.customer.isdigit() else None
    contact_id = contact_queries.ensure_customer(
        session, account, digits, inbound.user_id or (None if digits else change.customer), inbound.name
    )
    at = server_time(inbound.received_at) or utcnow()
    stored_message = message_queries.record_incoming(
        session, account, contact_id, inbound.body, inbound.provider_message_id, at, kind, inbound.content, older_id
    )
    return None if stored_message is None else (stored_message, account)


def _team_account(session: Session, name: str) -> int | None:
    return session.exec(select(AccountRow.id).where(AccountRow.name == name, col(AccountRow.team))).first()


def _body(fields: dict[str, Any]) -> str:
    """What the chat shows for the server's content (`content_fields`)."""
    if fields.get("type") == TextContent.__name__:
        return str(fields.get("body", ""))
    kind = {MediaContent.__name__: MessageKind.MEDIA, LocationContent.__name__: MessageKind.LOCATION}.get(fields.get("type", ""))
    found = template_of(fields) if kind is None else attachment_of(kind, fields)
    return "" if found is None else summarize(found)


def _take(session: Session, row: MessageRow, message: TeamMessage, at: datetime) -> Shown:
    """The server's message linked to `row`, and its state taken (as of `at`) when it says something new."""
    assert row.id is not None
    linked_before = row.team_message_id is not None
    if not linked_before:
        row.team_message_id = message.id
        session.add(row)
        session.flush()
    state = DeliveryState.PENDING if message.state == SERVER_SENDING else _state(message.state)
    same = (row.state, row.raw_state, row.provider_message_id) == (
        None if state is None else state.value,
        message.raw_state,
        message.provider_message_id,
    )
    if state is None or same or (state is DeliveryState.PENDING and linked_before):
        return message_queries.message_summary(row), row.account_id
    source = EventSource.LOCAL if state in (DeliveryState.PENDING, DeliveryState.UNKNOWN) else EventSource.RESPONSE
    event = StateEvent(state, message.raw_state, at, source, message.detail)
    updated = message_queries.record_event(session, row.id, event, provider_message_id=message.provider_message_id)
    return updated, row.account_id


def _state(value: str) -> DeliveryState | None:
    try:
        return DeliveryState(value)
    except ValueError:
        return None


def older_cursor(session: Session, conversation_id: int) -> tuple[str, str, datetime | None] | None:
    """The conversation as the team server names it (account name, customer) and when its oldest
    message here was written; None when it is not on a mirrored team account."""
    found = session.exec(
        select(AccountRow.name, ContactRow.phone)
        .join(ConversationRow, col(ConversationRow.account_id) == AccountRow.id)
        .join(ContactRow, col(ContactRow.id) == ConversationRow.contact_id)
        .where(ConversationRow.id == conversation_id, col(AccountRow.team))
    ).first()
    if found is None:
        return None
    oldest = session.exec(
        select(MessageRow.created_at).where(MessageRow.conversation_id == conversation_id).order_by(col(MessageRow.id)).limit(1)
    ).first()
    return found[0], found[1], oldest

"""Message, conversation and state-event queries.

`record_event` is the single place where a message's shown state changes: it appends
the observation to the timeline and folds it into the message row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from console.domain.lifecycle import DeliveryState, EventSource, StateEvent, fold_state
from console.domain.links import hide_queries_of
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.notice_codec import restored, stored
from console.domain.notice_texts import with_texts
from console.domain.notices import Wording, as_notice
from console.domain.text_search import searchable
from console.store import conversations as conversation_queries
from console.store.missing import NO_MESSAGE, Missing
from console.store.tables import ContactRow, ConversationRow, MessageRow, StateEventRow
from console.store.types import utcnow

_SHOWN_QUERY = json.dumps("?…")[1:-1]  # a stored link whose query was cut, as the options JSON holds it

STORED_NOT_SENT = Wording("timeline.stored_not_sent", "Stored; not yet sent.")


@dataclass(frozen=True, slots=True)
class PollTarget:
    message_id: int
    account_id: int
    provider_message_id: str
    accepted_at: datetime
    poll_attempts: int


@dataclass(frozen=True, slots=True)
class VerifyTarget:
    """What checking a message's outcome with its provider needs."""

    message: MessageSummary
    account_id: int
    poll: PollTarget | None  # None: the provider gave no id to ask about


def message_summary(row: MessageRow) -> MessageSummary:
    assert row.id is not None
    return MessageSummary(
        id=row.id,
        conversation_id=row.conversation_id,
        direction=Direction(row.direction),
        kind=MessageKind(row.kind),
        body=row.body,
        state=DeliveryState(row.state),
        raw_state=row.raw_state,
        provider_message_id=row.provider_message_id,
        failure_reason=restored(row.failure_reason),
        created_at=row.created_at,
        queued_for_team=row.client_key is not None and row.team_message_id is None and row.state == DeliveryState.PENDING.value,
    )


def _event(row: StateEventRow) -> StateEvent:
    return StateEvent(
        state=DeliveryState(row.state),
        raw_state=row.raw_state,
        at=row.at,
        source=EventSource(row.source),
        detail=restored(row.detail),
        payload=row.payload,
    )


def ensure_conversation(session: Session, account_id: int, contact_id: int) -> int:
    existing = session.exec(
        select(ConversationRow.id).where(ConversationRow.account_id == account_id, ConversationRow.contact_id == contact_id)
    ).first()
    if existing is not None:
        return existing
    row = ConversationRow(account_id=account_id, contact_id=contact_id)
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def conversation_for_contact(session: Session, account_id: int, contact_id: int) -> int | None:
    return session.exec(
        select(ConversationRow.id).where(ConversationRow.account_id == account_id, ConversationRow.contact_id == contact_id)
    ).first()


def add_message(
    session: Session,
    account_id: int,
    contact_id: int,
    direction: Direction,
    kind: MessageKind,
    body: str,
    state: DeliveryState,
    at: datetime,
    *,
    content: Mapping[str, Any] | None = None,
    provider_message_id: str | None = None,
    send_owner: str | None = None,
    older_id: int | None = None,
) -> MessageRow:
    """Store a message in the contact's conversation (made when needed): every message is
    stored through here, so each is searchable and its conversation's inbox row is right.
    `content` is what it carries, kept as its options (a file's link, a template's name);
    `send_owner` the process sending an outgoing one (see `store.owners`). `older_id` stores a
    message older than all of its conversation's, fetched afterwards (a team conversation's
    history, `store.team_history`): under that id, below theirs, as the chat orders by id, and
    leaving the inbox row (the newest message's) as it is."""
    conversation_id = ensure_conversation(session, account_id, contact_id)
    fields = dict(content or {})
    row = MessageRow(
        id=older_id,
        conversation_id=conversation_id,
        account_id=account_id,
        direction=direction.value,
        kind=kind.value,
        body=body,
        search_text=searchable(body),
        options_json=json.dumps(fields),
        state=state.value,
        provider_message_id=provider_message_id,
        created_at=at,
        updated_at=at,
        send_owner=send_owner,
    )
    session.add(row)
    if older_id is None:
        conversation = session.get(ConversationRow, conversation_id)
        assert conversation is not None
        conversation_queries.record_message(session, conversation, row, fields)
    session.flush()
    return row


def create_outgoing(
    session: Session,
    account_id: int,
    contact_id: int,
    kind: MessageKind,
    body: str,
    options: dict[str, Any] | None = None,
    owner: str | None = None,
) -> MessageSummary:
    """Store a message as `pending`, before any request is made, by the process `owner`."""
    now = utcnow()
    row = add_message(
        session,
        account_id,
        contact_id,
        Direction.OUTGOING,
        kind,
        body,
        DeliveryState.PENDING,
        now,
        content=options,
        send_owner=owner,
    )
    assert row.id is not None
    session.add(
        StateEventRow(
            message_id=row.id,
            state=DeliveryState.PENDING.value,
            source=EventSource.LOCAL.value,
            at=now,
            detail=stored(STORED_NOT_SENT()),
        )
    )
    return message_summary(row)


def record_event(
    session: Session,
    message_id: int,
    event: StateEvent,
    *,
    provider_message_id: str | None = None,
) -> MessageSummary:
    """Append `event` to the timeline and fold it into the message's shown state."""
    row = session.get(MessageRow, message_id)
    if row is None:
        raise Missing(NO_MESSAGE(id=str(message_id)))
    _fold(session, row, event, provider_message_id)
    session.flush()
    return message_summary(row)


def record_events(session: Session, events: Sequence[tuple[int, StateEvent]]) -> list[MessageSummary]:
    """`record_event` for many messages at once, unknown messages skipped: one read and two
    statements for the whole batch, without ORM objects (the status poller writes thousands
    a second, and each ORM row costs more than its poll)."""
    if not events:  # the poller's usual batch: every answer repeated the last one
        return []
    table = MessageRow.__table__
    connection = session.connection()
    ids = {message_id for message_id, _event in events}
    columns = [column for column in table.c if column.name != "search_text"]  # all the summary and the fold need
    rows = {row.id: row for row in connection.execute(sa_select(*columns).where(table.c.id.in_(ids)))}
    shown: dict[int, _Shown] = {}
    inserted: list[dict[str, Any]] = []
    for message_id, event in events:
        row = rows.get(message_id)
        if row is None:
            continue
        event = _without_link_queries(row.options_json, event)
        inserted.append(
            {
                "message_id": message_id,
                "state": event.state.value,
                "raw_state": event.raw_state,
                "source": event.source.value,
                "at": event.at,
                "detail": stored(event.detail),
                "payload": event.payload,
            }
        )
        before = shown.get(message_id) or _Shown(row.state, row.raw_state, row.failure_reason, row.updated_at)
        shown[message_id] = _folded(before, event)
    if not inserted:
        return []
    connection.execute(sa_insert(StateEventRow.__table__), inserted)
    statement = (
        update(table)
        .where(table.c.id == bindparam("message_id"))
        .values(
            state=bindparam("new_state"),
            raw_state=bindparam("new_raw_state"),
            failure_reason=bindparam("new_failure_reason"),
            updated_at=bindparam("new_updated_at"),
        )
    )
    connection.execute(
        statement,
        [
            {
                "message_id": message_id,
                "new_state": now.state,
                "new_raw_state": now.raw_state,
                "new_failure_reason": now.failure_reason,
                "new_updated_at": now.updated_at,
            }
            for message_id, now in shown.items()
        ],
    )
    summaries = []
    for message_id, now in shown.items():
        row = rows[message_id]
        summaries.append(
            MessageSummary(
                id=message_id,
                conversation_id=row.conversation_id,
                direction=Direction(row.direction),
                kind=MessageKind(row.kind),
                body=row.body,
                state=DeliveryState(now.state),
                raw_state=now.raw_state,
                provider_message_id=row.provider_message_id,
                failure_reason=restored(now.failure_reason),
                created_at=row.created_at,
            )
        )
    return summaries


@dataclass(frozen=True, slots=True)
class _Shown:
    """What a message row shows of its state, as stored."""

    state: str
    raw_state: str | None
    failure_reason: str | None
    updated_at: datetime


def _folded(shown: _Shown, event: StateEvent) -> _Shown:
    """The row's shown state once `event` is on its timeline."""
    current = DeliveryState(shown.state)
    state = fold_state(current, event.state)
    if state is event.state and (state is not current or event.raw_state is not None):
        # Why it failed, or why its outcome is unknown: what the agent needs to act.
        reason = stored(event.detail) if state in (DeliveryState.FAILED, DeliveryState.UNKNOWN) else None
        return _Shown(state.value, event.raw_state, reason, event.at)
    return replace(shown, updated_at=event.at)


def _fold(session: Session, row: MessageRow, event: StateEvent, provider_message_id: str | None) -> None:
    assert row.id is not None
    event = _without_link_queries(row.options_json, event)
    session.add(
        StateEventRow(
            message_id=row.id,
            state=event.state.value,
            raw_state=event.raw_state,
            source=event.source.value,
            at=event.at,
            detail=stored(event.detail),
            payload=event.payload,
        )
    )
    shown = _folded(_Shown(row.state, row.raw_state, row.failure_reason, row.updated_at), event)
    row.state, row.raw_state, row.failure_reason = shown.state, shown.raw_state, shown.failure_reason
    row.updated_at = shown.updated_at
    if provider_message_id is not None:
        row.provider_message_id = provider_message_id
    session.add(row)


def _without_link_queries(options_json: str, event: StateEvent) -> StateEvent:
    """An answer may echo the media link the message sent; its query (a signed link's
    signature) is not kept, as the message's own content does not keep it."""
    if _SHOWN_QUERY not in options_json or not (event.payload or event.detail):
        return event
    options = json.loads(options_json)
    links = [str(options[name]) for name in ("url", "media_url") if options.get(name)]
    return replace(
        event,
        detail=None if event.detail is None else with_texts(as_notice(event.detail), lambda text: hide_queries_of(text, links)),
        payload=None if event.payload is None else hide_queries_of(event.payload, links),
    )


def ids_in_state(session: Session, state: DeliveryState) -> list[int]:
    return list(session.exec(select(MessageRow.id).where(MessageRow.state == state.value)))


def pending_sends(session: Session) -> list[tuple[int, str | None]]:
    """Each outgoing message still `pending`, with the process that sends it, and each bot
    answer a process claimed to send (unclaimed ones are queued: never sent yet)."""
    claimed_answer = (col(MessageRow.direction) == Direction.BOT.value) & col(MessageRow.send_owner).is_not(None)
    statement = select(MessageRow.id, MessageRow.send_owner).where(
        MessageRow.state == DeliveryState.PENDING.value,
        (col(MessageRow.direction) == Direction.OUTGOING.value) | claimed_answer,
        col(MessageRow.client_key).is_(None),  # the team server sends those: queued here until it has them
    )
    return [(message_id, owner) for message_id, owner in session.exec(statement)]


def message_by_id(session: Session, message_id: int) -> MessageSummary | None:
    row = session.get(MessageRow, message_id)
    return None if row is None else message_summary(row)


def events_for(session: Session, message_id: int) -> list[StateEvent]:
    rows = session.exec(select(StateEventRow).where(StateEventRow.message_id == message_id).order_by(col(StateEventRow.id)))
    return [_event(row) for row in rows]


def conversation_messages(
    session: Session, conversation_id: int, before_id: int | None = None, limit: int = 200
) -> list[MessageSummary]:
    """The newest `limit` messages older than `before_id`, oldest first."""
    statement = select(MessageRow).where(MessageRow.conversation_id == conversation_id)
    if before_id is not None:
        statement = statement.where(col(MessageRow.id) < before_id)
    rows = list(session.exec(statement.order_by(col(MessageRow.id).desc()).limit(limit)))
    return [message_summary(row) for row in reversed(rows)]


def _poll_target(session: Session, row: MessageRow, provider_message_id: str) -> PollTarget:
    """Polling is paced by the message's age since the provider accepted it."""
    accepted = session.exec(
        select(func.min(StateEventRow.at)).where(
            StateEventRow.message_id == row.id, StateEventRow.source == EventSource.RESPONSE.value
        )
    ).one()
    assert row.id is not None
    return PollTarget(row.id, row.account_id, provider_message_id, accepted or row.created_at, row.poll_attempts)


def poll_target(session: Session, message_id: int) -> tuple[PollTarget | None, datetime | None]:
    """The message as a poll target and when its next poll is due (None: not followed)."""
    row = session.get(MessageRow, message_id)
    if row is None or row.provider_message_id is None or row.next_poll_at is None:
        return None, None
    return _poll_target(session, row, row.provider_message_id), row.next_poll_at


def record_incoming(
    session: Session,
    account_id: int,
    contact_id: int,
    body: str,
    provider_message_id: str,
    at: datetime,
    kind: MessageKind = MessageKind.TEXT,
    content: Mapping[str, Any] | None = None,
    older_id: int | None = None,
) -> MessageSummary | None:
    """Store a customer's message once (providers retry); None when it was already stored.
    `content` keeps a file's link or a place's coordinates for the chat to show; `older_id`: see `add_message`.

    It opens or renews the contact's 24 h window, counts as unread and reopens a resolved
    conversation.
    """
    duplicate = session.exec(
        select(MessageRow.id).where(
            MessageRow.account_id == account_id,
            MessageRow.provider_message_id == provider_message_id,
            MessageRow.direction == Direction.INCOMING.value,
        )
    ).first()
    if duplicate is not None:
        return None
    row = add_message(
        session,
        account_id,
        contact_id,
        Direction.INCOMING,
        kind,
        body,
        DeliveryState.DELIVERED,  # it reached us; incoming messages have no lifecycle of ours
        at,
        content=content,
        provider_message_id=provider_message_id,
        older_id=older_id,
    )
    contact = session.get(ContactRow, contact_id)
    assert contact is not None
    contact.last_inbound_at = max(filter(None, (contact.last_inbound_at, at)))
    session.flush()
    return message_summary(row)


def mark_read(session: Session, conversation_id: int) -> bool:
    """The agent has seen the conversation: nothing in it is unread. False when nothing was."""
    result = session.execute(
        update(ConversationRow)
        .where(col(ConversationRow.id) == conversation_id)
        .where(col(ConversationRow.unread_count) > 0)
        .values(unread_count=0)
    )
    return bool(result.rowcount)


def contact_last_inbound(session: Session, contact_id: int) -> datetime | None:
    """When the contact last wrote (it opens the 24 h window)."""
    return session.exec(select(ContactRow.last_inbound_at).where(ContactRow.id == contact_id)).first()


def verify_target(session: Session, message_id: int) -> VerifyTarget | None:
    """The message and, when the provider gave it an id, how to poll it now (schedule or not)."""
    row = session.get(MessageRow, message_id)
    if row is None:
        return None
    poll = None if row.provider_message_id is None else _poll_target(session, row, row.provider_message_id)
    return VerifyTarget(message_summary(row), row.account_id, poll)

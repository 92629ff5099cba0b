"""Message, conversation and state-event queries.

`record_event` is the single place where a message's shown state changes: it appends
the observation to the timeline and folds it into the message row.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from console.domain.content import MediaContent
from console.domain.content_codec import attachment_of, template_of
from console.domain.inbox import NOTE
from console.domain.lifecycle import DeliveryState, EventSource, StateEvent, fold_state
from console.domain.links import hide_queries_of
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.notice_codec import restored, stored
from console.domain.notice_texts import with_texts
from console.domain.notices import Wording, as_notice
from console.domain.templates import as_read
from console.domain.text_search import searchable
from console.domain.views import ChatMessage
from console.store import conversations as conversation_queries
from console.store.missing import NO_MESSAGE, Missing
from console.store.tables import ContactRow, ConversationRow, MessageRow, StateEventRow
from console.store.templates import CatalogueLookup
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


def _summary(row: MessageRow) -> MessageSummary:
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
) -> MessageRow:
    """Store a message in the contact's conversation (made when needed): every message is
    stored through here, so each is searchable and its conversation's inbox row is right.
    `content` is what it carries, kept as its options (a file's link, a template's name);
    `send_owner` the process sending an outgoing one (see `store.owners`)."""
    conversation_id = ensure_conversation(session, account_id, contact_id)
    fields = dict(content or {})
    row = MessageRow(
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
    return _summary(row)


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
    return _summary(row)


def record_events(session: Session, events: Sequence[tuple[int, StateEvent]]) -> list[MessageSummary]:
    """`record_event` for many messages at once, unknown messages skipped: one read and two
    statements for the whole batch, without ORM objects (the status poller writes thousands
    a second, and each ORM row costs more than its poll)."""
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


def schedule_poll(session: Session, message_id: int, next_poll_at: datetime | None, attempts: int) -> None:
    row = session.get(MessageRow, message_id)
    if row is None:
        return
    row.next_poll_at = next_poll_at
    row.poll_attempts = attempts
    session.add(row)


def schedule_polls(session: Session, schedules: Sequence[tuple[int, datetime | None, int]]) -> None:
    """`schedule_poll` for many messages: (message id, next poll or None, attempts), one statement."""
    if not schedules:
        return
    table = MessageRow.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("message_id"))
        .values(next_poll_at=bindparam("next_at"), poll_attempts=bindparam("attempts"))
    )
    rows = [{"message_id": message_id, "next_at": next_at, "attempts": attempts} for message_id, next_at, attempts in schedules]
    session.connection().execute(statement, rows)


def last_raw_states(session: Session, message_ids: Sequence[int], source: EventSource) -> dict[int, str | None]:
    """Each message's raw state of its newest event from `source`, to tell news from repetition;
    messages with no such event are absent."""
    if not message_ids:
        return {}
    newest = (
        select(func.max(StateEventRow.id))
        .where(col(StateEventRow.message_id).in_(message_ids), StateEventRow.source == source.value)
        .group_by(col(StateEventRow.message_id))
    )
    found = session.exec(select(StateEventRow.message_id, StateEventRow.raw_state).where(col(StateEventRow.id).in_(newest)))
    return dict(found.all())


def due_for_poll(
    session: Session, account_ids: list[int], now: datetime, limit: int, skip: Collection[int] = ()
) -> list[PollTarget]:
    """Messages whose next status poll is due, oldest schedule first; those in `skip` (being
    polled already, their answers not yet written) are left out."""
    accepted_at = (
        select(func.min(StateEventRow.at))
        .where(StateEventRow.message_id == MessageRow.id, StateEventRow.source == EventSource.RESPONSE.value)
        .correlate(MessageRow)
        .scalar_subquery()
    )
    statement = (
        select(
            MessageRow.id,
            MessageRow.account_id,
            MessageRow.provider_message_id,
            accepted_at,
            MessageRow.poll_attempts,
        )
        .where(col(MessageRow.next_poll_at).is_not(None))
        .where(col(MessageRow.next_poll_at) <= now)
        # `+ 0`: no index on the account, so SQLite walks ix_message_next_poll in order and stops
        # at the limit, instead of sorting every followed message of the accounts for each page.
        .where((col(MessageRow.account_id) + 0).in_(account_ids))
        .where(col(MessageRow.provider_message_id).is_not(None))
        .order_by(col(MessageRow.next_poll_at))
        .limit(limit)
    )
    if skip:
        statement = statement.where(col(MessageRow.id).not_in(list(skip)))
    targets = []
    for message_id, account_id, provider_id, accepted, attempts in session.exec(statement):
        accepted_aware = accepted.replace(tzinfo=now.tzinfo) if accepted is not None else now
        targets.append(PollTarget(message_id, account_id, provider_id, accepted_aware, attempts))
    return targets


def next_poll_time(session: Session, account_ids: list[int], skip: Collection[int] = ()) -> datetime | None:
    """When the next status poll is due, not counting the messages in `skip`."""
    statement = select(func.min(MessageRow.next_poll_at)).where(
        col(MessageRow.next_poll_at).is_not(None), col(MessageRow.account_id).in_(account_ids)
    )
    if skip:
        statement = statement.where(col(MessageRow.id).not_in(list(skip)))
    return session.exec(statement).one()


def ids_in_state(session: Session, state: DeliveryState) -> list[int]:
    return list(session.exec(select(MessageRow.id).where(MessageRow.state == state.value)))


def pending_sends(session: Session) -> list[tuple[int, str | None]]:
    """Each outgoing message still `pending`, with the process that sends it, and each bot
    answer a process claimed to send (unclaimed ones are queued: never sent yet)."""
    claimed_answer = (col(MessageRow.direction) == Direction.BOT.value) & col(MessageRow.send_owner).is_not(None)
    statement = select(MessageRow.id, MessageRow.send_owner).where(
        MessageRow.state == DeliveryState.PENDING.value,
        (col(MessageRow.direction) == Direction.OUTGOING.value) | claimed_answer,
    )
    return [(message_id, owner) for message_id, owner in session.exec(statement)]


def message_by_id(session: Session, message_id: int) -> MessageSummary | None:
    row = session.get(MessageRow, message_id)
    return None if row is None else _summary(row)


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
    return [_summary(row) for row in reversed(rows)]


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
) -> MessageSummary | None:
    """Store a customer's message once (providers retry); None when it was already stored.
    `content` keeps a file's link or a place's coordinates for the chat to show.

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
    )
    contact = session.get(ContactRow, contact_id)
    assert contact is not None
    contact.last_inbound_at = max(filter(None, (contact.last_inbound_at, at)))
    session.flush()
    return _summary(row)


def mark_read(session: Session, conversation_id: int) -> bool:
    """The agent has seen the conversation: nothing in it is unread. False when nothing was."""
    result = session.execute(
        update(ConversationRow)
        .where(col(ConversationRow.id) == conversation_id)
        .where(col(ConversationRow.unread_count) > 0)
        .values(unread_count=0)
    )
    return bool(result.rowcount)


# The kinds whose stored content the chat shows (a file, a place, a template, a notice's code).
_KEEPS_CONTENT = frozenset(k.value for k in (MessageKind.MEDIA, MessageKind.LOCATION, MessageKind.TEMPLATE, MessageKind.NOTICE))


def _chat_messages(session: Session, rows: Sequence[MessageRow]) -> list[ChatMessage]:
    """The rows as the chat shows them: attachments, and templates with the text the customer read."""
    catalogue = CatalogueLookup(session)
    items = []
    for row in rows:
        content: Any = {}
        if row.kind in _KEEPS_CONTENT:
            try:
                content = json.loads(row.options_json)
            except ValueError:
                content = {}
        if not isinstance(content, dict):
            content = {}
        attachment = attachment_of(MessageKind(row.kind), content)
        sent = template_of(content) if row.kind == MessageKind.TEMPLATE.value else None
        template = None if sent is None else as_read(sent, catalogue.find(row.account_id, sent.name, sent.language))
        note = restored(content[NOTE]) if row.kind == MessageKind.NOTICE.value and isinstance(content.get(NOTE), str) else None
        items.append(ChatMessage(_summary(row), attachment, template, note))
    return items


def chat_page(session: Session, conversation_id: int, before_id: int | None = None, limit: int = 200) -> list[ChatMessage]:
    """Like `conversation_messages`, as the chat shows them (`_chat_messages`): one page of the chat."""
    statement = select(MessageRow).where(MessageRow.conversation_id == conversation_id)
    if before_id is not None:
        statement = statement.where(col(MessageRow.id) < before_id)
    rows = list(session.exec(statement.order_by(col(MessageRow.id).desc()).limit(limit)))
    return _chat_messages(session, rows[::-1])


def chat_page_after(session: Session, conversation_id: int, after_id: int, limit: int = 200) -> list[ChatMessage]:
    """The oldest `limit` messages newer than `after_id`, oldest first: the next page down of
    a chat opened at an older message."""
    statement = select(MessageRow).where(MessageRow.conversation_id == conversation_id, col(MessageRow.id) > after_id)
    return _chat_messages(session, list(session.exec(statement.order_by(col(MessageRow.id)).limit(limit))))


def chat_message(session: Session, message_id: int) -> ChatMessage | None:
    row = session.get(MessageRow, message_id)
    return None if row is None else _chat_messages(session, [row])[0]


def received_media(session: Session, message_id: int) -> tuple[int, str] | None:
    """(account id, media id) of a file the customer sent as a media id; None for any other message."""
    item = chat_message(session, message_id)
    attachment = None if item is None else item.attachment
    if not isinstance(attachment, MediaContent) or attachment.media_id is None:
        return None
    row = session.get(MessageRow, message_id)
    assert row is not None
    return row.account_id, attachment.media_id


def contact_last_inbound(session: Session, contact_id: int) -> datetime | None:
    """When the contact last wrote (it opens the 24 h window)."""
    return session.exec(select(ContactRow.last_inbound_at).where(ContactRow.id == contact_id)).first()


def verify_target(session: Session, message_id: int) -> VerifyTarget | None:
    """The message and, when the provider gave it an id, how to poll it now (schedule or not)."""
    row = session.get(MessageRow, message_id)
    if row is None:
        return None
    poll = None if row.provider_message_id is None else _poll_target(session, row, row.provider_message_id)
    return VerifyTarget(_summary(row), row.account_id, poll)

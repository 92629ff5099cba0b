"""The inbox's queries: every account's conversations in the list's order, filtered.

A page's ids come from the inbox indexes alone (`ix_conversation_inbox*`), then only those
rows are read with their contact, account and labels: the list never reads messages. The
filters that have an index of their own (unread, waiting) are written as literals, as the
partial indexes' conditions are: SQLite only uses those when the query says the same.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, literal, text, tuple_
from sqlmodel import Session, col, select

from console.domain.accounts import ProviderKind
from console.domain.inbox import CLOSING_SOON, BotHandling, ConversationStatus, InboxFilter
from console.domain.messages import Direction, MessageKind
from console.domain.notice_codec import restored
from console.domain.sessions import SESSION_WINDOW
from console.domain.unread import AccountUnread, UnreadTotals
from console.domain.views import InboxRow
from console.store import contacts as contact_queries
from console.store import team as team_queries
from console.store.tables import AccountRow, ContactLabelRow, ContactRow, ConversationRow

_UNREAD = text("conversation.unread_count > 0")
_WAITING = text(f"conversation.last_direction = '{Direction.INCOMING.value}'")
_HANDED_OVER = text(f"conversation.bot_handling = '{BotHandling.HANDED_OVER.value}'")


@dataclass(frozen=True, slots=True)
class InboxQuery:
    """A filter at a moment: the window filter depends on the time, and on which providers
    keep a 24 h window (the services know; the store does not)."""

    filter: InboxFilter
    now: datetime
    window_providers: frozenset[str]


def _conditions(query: InboxQuery) -> list[ColumnElement[bool]]:
    chosen = query.filter
    conversation = ConversationRow
    conditions: list[ColumnElement[bool]] = [col(conversation.status) == chosen.status.value]
    if chosen.account_id is not None:
        conditions.append(col(conversation.account_id) == chosen.account_id)
    if chosen.unread:
        conditions.append(_UNREAD)
    if chosen.waiting:
        conditions.append(_WAITING)
    if chosen.bot is BotHandling.HANDED_OVER:
        conditions.append(_HANDED_OVER)
    elif chosen.bot is not None:
        conditions.append(col(conversation.bot_handling) == chosen.bot.value)
    if chosen.closing_soon:
        opened_after = query.now - SESSION_WINDOW
        keeps_window = select(AccountRow.id).where(col(AccountRow.provider).in_(query.window_providers))
        conditions += [
            col(conversation.last_inbound_at) > opened_after,
            col(conversation.last_inbound_at) <= opened_after + CLOSING_SOON,
            col(conversation.account_id).in_(keeps_window),
        ]
    if chosen.label:
        labelled = select(ContactLabelRow.contact_id).where(ContactLabelRow.label == chosen.label)
        conditions.append(col(conversation.id).in_(_conversations_of(labelled)))
    if chosen.text.strip():
        conditions.append(col(conversation.id).in_(_conversations_of(contact_queries.matching_ids(chosen.text))))
    if chosen.held_by is not None:
        conditions.append(col(conversation.id).in_(team_queries.held_conversations(chosen.held_by)))
    if chosen.unheld:
        conditions.append(col(conversation.id).not_in(team_queries.held_conversations(None)))
    return conditions


def _conversations_of(contact_ids):  # noqa: ANN001, ANN202 - SQLAlchemy selects
    """The conversations of these contacts, as ids: through `ix_conversation_contact`, so the
    list's index is then read alone (no row of the table) to count or page them."""
    return select(ConversationRow.id).where(col(ConversationRow.contact_id).in_(contact_ids))


def _key(chosen: InboxFilter) -> tuple[ColumnElement, ColumnElement]:
    """The list's order, as (column, id): newest activity first, or the window closing first."""
    if chosen.closing_soon:
        return col(ConversationRow.last_inbound_at), col(ConversationRow.id)
    return col(ConversationRow.last_message_at), col(ConversationRow.id)


def _ordered(chosen: InboxFilter) -> list[ColumnElement]:
    first, second = _key(chosen)
    return [first, second] if chosen.closing_soon else [first.desc(), second.desc()]


def _neighbours(
    chosen: InboxFilter, session: Session, conversation_id: int
) -> tuple[ColumnElement[bool], ColumnElement[bool]] | None:
    """(the rows before, the rows after) `conversation_id` in the list's order, as conditions
    an index answers; None when it does not exist."""
    first, second = _key(chosen)
    found = session.execute(select(first, second).where(col(ConversationRow.id) == conversation_id)).first()
    if found is None:
        return None
    pair, position = tuple_(first, second), tuple_(literal(found[0], first.type), literal(found[1], second.type))
    return (pair < position, pair > position) if chosen.closing_soon else (pair > position, pair < position)


def _listed(query: InboxQuery):  # noqa: ANN202 - a SQLAlchemy select
    return select(ConversationRow.id).where(*_conditions(query)).order_by(*_ordered(query.filter))


def page_ids(session: Session, query: InboxQuery, offset: int, limit: int) -> list[int]:
    return list(session.exec(_listed(query).offset(offset).limit(limit)))


def page(session: Session, query: InboxQuery, offset: int, limit: int) -> list[InboxRow]:
    """One page of the list."""
    return rows(session, page_ids(session, query, offset, limit), query.window_providers)


def count(session: Session, query: InboxQuery) -> int:
    """How many rows the list has. Counted in the list's order: that makes SQLite take the
    list's own index (a partial one is far smaller) instead of any index starting with the status."""
    return session.exec(select(func.count()).select_from(_listed(query).subquery())).one()


def locate(session: Session, query: InboxQuery, conversation_id: int) -> tuple[int, InboxRow] | None:
    """Where the conversation is in the list (its index) and its row; None when the filter leaves it out."""
    matches = session.exec(select(ConversationRow.id).where(col(ConversationRow.id) == conversation_id, *_conditions(query)))
    if matches.first() is None:
        return None
    neighbours = _neighbours(query.filter, session, conversation_id)
    assert neighbours is not None
    before = session.exec(select(func.count()).select_from(ConversationRow).where(*_conditions(query), neighbours[0])).one()
    [row] = rows(session, [conversation_id], query.window_providers)
    return before, row


def next_waiting(session: Session, query: InboxQuery, after_conversation_id: int | None) -> InboxRow | None:
    """The first conversation after `after_conversation_id` in the list's order where the
    customer wrote last, going round to the top of the list when none comes after it."""
    conditions = [*_conditions(query), _WAITING]
    ordered = select(ConversationRow.id).where(*conditions).order_by(*_ordered(query.filter)).limit(1)
    found = None
    if after_conversation_id is not None:
        neighbours = _neighbours(query.filter, session, after_conversation_id)
        if neighbours is not None:
            found = session.exec(ordered.where(neighbours[1])).first()
            ordered = ordered.where(col(ConversationRow.id) != after_conversation_id)
    if found is None:
        found = session.exec(ordered).first()
    return None if found is None else rows(session, [found], query.window_providers)[0]


def unread_totals(session: Session) -> UnreadTotals:
    statement = (
        select(ConversationRow.account_id, func.count(), func.sum(ConversationRow.unread_count))
        .where(_UNREAD)
        .group_by(col(ConversationRow.account_id))
        .order_by(col(ConversationRow.account_id))
    )
    found = session.execute(statement)
    return UnreadTotals(tuple(AccountUnread(account_id, chats, messages) for account_id, chats, messages in found))


def rows(session: Session, conversation_ids: Sequence[int], window_providers: Collection[str]) -> list[InboxRow]:
    """The inbox rows of these conversations, in the order given (those gone are left out)."""
    if not conversation_ids:
        return []
    statement = (
        select(ConversationRow, ContactRow.display_name, ContactRow.phone, AccountRow.name, AccountRow.provider)
        .join(ContactRow, col(ContactRow.id) == ConversationRow.contact_id)
        .join(AccountRow, col(AccountRow.id) == ConversationRow.account_id)
        .where(col(ConversationRow.id).in_(conversation_ids))
    )
    found = {conversation.id: (conversation, *rest) for conversation, *rest in session.execute(statement)}
    labels = _labels(session, [found[i][0].contact_id for i in conversation_ids if i in found])
    holders = team_queries.holders(session, {(account_name, phone) for _, _, phone, account_name, _ in found.values()})
    result = []
    for conversation_id in conversation_ids:
        if conversation_id not in found:
            continue
        conversation, title, phone, account_name, provider = found[conversation_id]
        note = restored(conversation.preview) if conversation.last_kind == MessageKind.NOTICE.value else None
        result.append(
            InboxRow(
                conversation_id=conversation_id,
                account_id=conversation.account_id,
                account_name=account_name,
                provider=ProviderKind(provider),
                contact_id=conversation.contact_id,
                contact_title=title,
                contact_phone=phone,
                preview=note.english() if note is not None else conversation.preview,
                last_kind=None if conversation.last_kind is None else MessageKind(conversation.last_kind),
                last_direction=None if conversation.last_direction is None else Direction(conversation.last_direction),
                last_at=conversation.last_message_at,
                unread=conversation.unread_count,
                status=ConversationStatus(conversation.status),
                keeps_window=provider in window_providers,
                last_inbound_at=conversation.last_inbound_at,
                labels=labels.get(conversation.contact_id, ()),
                bot=None if conversation.bot_handling is None else BotHandling(conversation.bot_handling),
                note=note,
                holder=holders.get((account_name, phone)),
            )
        )
    return result


def _labels(session: Session, contact_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    statement = select(ContactLabelRow.contact_id, ContactLabelRow.label).where(col(ContactLabelRow.contact_id).in_(contact_ids))
    labels: dict[int, list[str]] = {}
    for contact_id, label in session.exec(statement):
        labels.setdefault(contact_id, []).append(label)
    return {contact_id: tuple(sorted(found, key=str.casefold)) for contact_id, found in labels.items()}

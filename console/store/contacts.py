"""Contact queries: the agenda upsert and the paged, indexed filter."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, text, update
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session, col, select

from console.domain.contacts import AgendaEntry
from console.domain.content import Recipient, RecipientKind
from console.domain.text_search import fold
from console.domain.views import ContactView
from console.store.fts import every_trigram
from console.store.tables import ContactRow, ConversationRow

UPSERT_BATCH = 5000


def search_text(entry: AgendaEntry) -> str:
    return fold(f"{entry.display_name} {entry.phone}")


def upsert_agenda_batch(session: Session, account_id: int, entries: Sequence[AgendaEntry], synced_at: datetime) -> None:
    """Insert or update one batch of agenda entries, and bring the search index up to date.

    The per-row search triggers cost ten times the upsert itself when they fire, and slow
    it by half merely being there, so they are set aside for the batch and the index takes
    its changes in bulk: new rows in one statement, and the known contacts whose name or
    number changed taken out before and put back after. The batch is first stored as new
    contacts (all of a first sync's are); only the ones already known are then looked up
    and updated. All of it happens in the caller's transaction: a cancelled or failed sync
    rolls back rows, index and triggers together.
    """
    if not entries:
        return
    connection = session.connection()
    synced = ContactRow.__table__.c.synced_at.type.bind_processor(connection.dialect)
    synced_value = synced(synced_at) if synced is not None else synced_at
    if isinstance(synced_value, datetime):  # as sqlite3's own adapter writes it: once, not once per row
        synced_value = synced_value.isoformat(" ")
    # A contact listed twice takes its last listing, in its first place: stored once, so the
    # index takes it in (or out and back) once.
    rows = {
        entry.external_id: (
            account_id,
            entry.external_id,
            entry.phone,
            entry.display_name,
            entry.first_name,
            entry.last_name,
            fold(f"{entry.display_name} {entry.phone}"),  # search_text(entry), without a call per row
            synced_value,
        )
        for entry in entries
    }
    newest = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM contact").scalar_one()
    with _search_triggers_set_aside(connection):
        added = connection.exec_driver_sql(_INSERT + " DO NOTHING", list(rows.values())).rowcount
        if added < len(rows):
            _update_known(connection, account_id, rows, newest)
        # New rows take ids above the largest one (INTEGER PRIMARY KEY); known rows keep theirs.
        connection.exec_driver_sql(
            "INSERT INTO contact_search(rowid, search_text) SELECT id, search_text FROM contact WHERE id > ?", (newest,)
        )


def _update_known(connection: Connection, account_id: int, rows: dict[str, tuple[object, ...]], newest: int) -> None:
    """Update the batch's contacts that were stored before it, re-indexing those whose text changes."""
    added = set(connection.exec_driver_sql("SELECT external_id FROM contact WHERE id > ?", (newest,)).scalars())
    known = [row for external_id, row in rows.items() if external_id not in added]
    listed = json.dumps({row[1]: row[6] for row in known}, ensure_ascii=False)
    changed = [(contact_id, indexed) for contact_id, indexed in connection.exec_driver_sql(_CHANGED, (listed, account_id))]
    if changed:
        connection.exec_driver_sql(
            "INSERT INTO contact_search(contact_search, rowid, search_text) VALUES ('delete', ?, ?)", changed
        )
    connection.exec_driver_sql(_INSERT + _UPDATE, known)
    if changed:
        connection.exec_driver_sql(
            "INSERT INTO contact_search(rowid, search_text) SELECT id, search_text FROM contact WHERE id = ?",
            [(contact_id,) for contact_id, _ in changed],
        )


# The known contacts of a batch whose search text changes, with the text the index holds.
_CHANGED = (
    "SELECT contact.id, contact.search_text FROM json_each(?) AS listed CROSS JOIN contact "
    "ON contact.account_id = ? AND contact.external_id = listed.key WHERE contact.search_text IS NOT listed.value"
)
_INSERT = (
    "INSERT INTO contact (account_id, external_id, phone, display_name, first_name, last_name, search_text, "
    "in_agenda, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (account_id, external_id)"
)
_UPDATE = (
    " DO UPDATE SET phone = excluded.phone, display_name = excluded.display_name, first_name = excluded.first_name, "
    "last_name = excluded.last_name, search_text = excluded.search_text, in_agenda = 1, synced_at = excluded.synced_at"
)
_ROW_TRIGGERS = ("contact_search_insert", "contact_search_update")


@contextmanager
def _search_triggers_set_aside(connection: Connection) -> Iterator[None]:
    """Drop the per-row search triggers for the block and recreate them from their own SQL.

    SQLite's DDL is transactional, so nobody else ever sees the table without them. The
    sqlite3 module only opens a transaction before data changes, so one is opened here:
    otherwise the DROP would commit on its own.
    """
    if not connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN")
    definitions = (
        connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contact' AND name IN (?, ?)",
            _ROW_TRIGGERS,
        )
        .scalars()
        .all()
    )
    if len(definitions) != len(_ROW_TRIGGERS):
        raise RuntimeError("the contact search triggers are missing; the database was not migrated")
    for name in _ROW_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        for definition in definitions:
            connection.exec_driver_sql(definition)


def mark_missing_from_agenda(session: Session, account_id: int, synced_at: datetime) -> int:
    """Contacts the last sync did not list leave the agenda (kept for their history)."""
    result = session.execute(
        update(ContactRow)
        .where(col(ContactRow.account_id) == account_id)
        .where(col(ContactRow.in_agenda).is_(True))
        .where((col(ContactRow.synced_at).is_(None)) | (col(ContactRow.synced_at) < synced_at))
        .values(in_agenda=False)
    )
    return result.rowcount or 0


def import_contacts(session: Session, account_id: int, entries: Sequence[AgendaEntry], *, in_agenda: bool) -> None:
    """Store contacts read from a file: new ones are added, known ones take the file's name.

    An entry named after its number leaves a known contact's name alone. `in_agenda`
    only applies to new contacts (False where the provider keeps an agenda of its own).
    """
    named = [entry for entry in entries if entry.display_name != entry.phone]
    unnamed = [entry for entry in entries if entry.display_name == entry.phone]
    statement = insert(ContactRow.__table__)
    for batch, on_conflict in (
        (
            named,
            statement.on_conflict_do_update(
                index_elements=["account_id", "external_id"],
                set_={"display_name": statement.excluded.display_name, "search_text": statement.excluded.search_text},
            ),
        ),
        (unnamed, statement.on_conflict_do_nothing(index_elements=["account_id", "external_id"])),
    ):
        if batch:
            rows = [
                {
                    "account_id": account_id,
                    "external_id": entry.external_id,
                    "phone": entry.phone,
                    "display_name": entry.display_name,
                    "search_text": search_text(entry),
                    "in_agenda": in_agenda,
                }
                for entry in batch
            ]
            session.connection().execute(on_conflict, rows)


def mark_registered(session: Session, account_id: int, external_ids: Sequence[str], at: datetime) -> None:
    """The provider confirmed these contacts' registration (Broadcasterbot's opt-in)."""
    session.execute(
        update(ContactRow)
        .where(col(ContactRow.account_id) == account_id)
        .where(col(ContactRow.external_id).in_(external_ids))
        .values(registered_at=at)
    )


def ensure_contact(session: Session, account_id: int, external_id: str, phone: str, name: str | None = None) -> int:
    """The id of the contact, creating it (outside the agenda) when unknown."""
    existing = session.exec(
        select(ContactRow.id).where(ContactRow.account_id == account_id, ContactRow.external_id == external_id)
    ).first()
    if existing is not None:
        return existing
    display = name or phone
    row = ContactRow(
        account_id=account_id,
        external_id=external_id,
        phone=phone,
        display_name=display,
        search_text=fold(f"{display} {phone}"),
        in_agenda=False,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def ensure_recipient(session: Session, account_id: int, recipient: Recipient) -> int:
    """The contact a message to `recipient` goes to: a number by its digits, a customer known
    by a business-scoped user id by that id, a TimelinesAI chat by its label (`chat_id:77234`,
    kept as its phone too, so what is written from its conversation goes to the chat, and so the
    team server names the conversation alike: `domain.team_customers`), named by its reference;
    created (outside the agenda) when unknown."""
    if recipient.phone is not None:
        return ensure_contact(session, account_id, recipient.phone.digits, recipient.phone.digits)
    if recipient.kind is RecipientKind.USER_ID and recipient.reference:
        return ensure_customer(session, account_id, None, recipient.reference)
    return ensure_contact(session, account_id, recipient.label, recipient.label, recipient.reference)


def ensure_customer(session: Session, account_id: int, digits: str | None, user_id: str | None, name: str | None = None) -> int:
    """The contact of a customer who wrote with a number, a business-scoped user id or both.

    Known by either, it is that contact: a number arriving for a contact known only by its
    user id joins it (the contact takes the number), and a user id arriving for a contact
    known by its number is kept on it. A contact is created when neither is known.
    """
    by_user = None
    if user_id:
        by_user = session.exec(
            select(ContactRow).where(ContactRow.account_id == account_id, ContactRow.user_id == user_id)
        ).first()
    if not digits:
        if by_user is not None:
            assert by_user.id is not None
            return by_user.id
        assert user_id
        contact_id = ensure_contact(session, account_id, user_id, user_id, name)
        _keep_user_id(session, contact_id, user_id)
        return contact_id
    by_phone = session.exec(
        select(ContactRow).where(ContactRow.account_id == account_id, ContactRow.external_id == digits)
    ).first()
    if by_phone is not None:
        assert by_phone.id is not None
        if user_id and by_user is None:
            _keep_user_id(session, by_phone.id, user_id)
        return by_phone.id
    if by_user is not None:  # their number, at last: the same contact takes it
        assert by_user.id is not None
        if by_user.display_name == by_user.phone:
            by_user.display_name = name or digits
        by_user.external_id, by_user.phone = digits, digits
        by_user.search_text = fold(f"{by_user.display_name} {digits} {user_id}")
        session.add(by_user)
        session.flush()
        return by_user.id
    contact_id = ensure_contact(session, account_id, digits, digits, name)
    if user_id:
        _keep_user_id(session, contact_id, user_id)
    return contact_id


def _keep_user_id(session: Session, contact_id: int, user_id: str) -> None:
    row = session.get(ContactRow, contact_id)
    assert row is not None
    row.user_id = user_id
    if user_id not in row.search_text:
        row.search_text = fold(f"{row.search_text} {user_id}")
    session.add(row)
    session.flush()


def needle(query: str) -> str:
    """What the agenda's filter looks for in `search_text`: a number's digits, or the folded text."""
    return _phone_digits(query) or fold(query.strip())


def _filter_ids(account_id: int | None, query: str):  # noqa: ANN202 - a SQLAlchemy select
    """The ids of the contacts matching `query` (of one account, or of all when None)."""
    ids = select(ContactRow.id)
    if account_id is not None:
        ids = ids.where(ContactRow.account_id == account_id)
    wanted = needle(query)
    if not wanted:
        return ids
    trigrams = every_trigram(wanted)
    if trigrams is not None:
        # Trigram FTS5: the contacts holding each trigram, then those holding the needle itself.
        matching = text("SELECT rowid FROM contact_search WHERE contact_search MATCH :trigrams").bindparams(trigrams=trigrams)
        return ids.where(col(ContactRow.id).in_(matching), func.instr(ContactRow.search_text, wanted) > 0)
    escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return ids.where(col(ContactRow.search_text).like(f"%{escaped}%", escape="\\"))


def matching_ids(query: str):  # noqa: ANN201 - a SQLAlchemy select
    """The ids of every account's contacts whose name or number matches `query`, as the agenda's filter."""
    return _filter_ids(None, query)


def _phone_digits(query: str) -> str:
    """A query typed like a number ('099 123-4', '+598 99') as the digits stored for it.

    A national trunk prefix (the leading 0) is dropped, so '099 123' finds 59899123…
    """
    stripped = query.strip()
    if not stripped or not all(ch.isdigit() or ch in " +-().\u00a0" for ch in stripped):
        return ""
    return "".join(ch for ch in stripped if ch.isdigit()).lstrip("0")


def count_contacts(session: Session, account_id: int, query: str = "") -> int:
    wanted = needle(query)
    trigrams = every_trigram(wanted)
    if trigrams is not None:
        # Walk the index's matches and look each row up: the `IN` form of `_filter_ids` would
        # scan the whole agenda instead (60 ms against 5 ms over 100k contacts).
        values = {"trigrams": trigrams, "needle": wanted, "account_id": account_id}
        return session.execute(_COUNT_MATCHES, values).scalar_one()
    subquery = _filter_ids(account_id, query).subquery()
    return session.exec(select(func.count()).select_from(subquery)).one()


_COUNT_MATCHES = text(
    "SELECT count(*) FROM contact_search CROSS JOIN contact ON contact.id = contact_search.rowid "
    "WHERE contact_search MATCH :trigrams AND contact.account_id = :account_id AND instr(contact.search_text, :needle) > 0"
)


def page_contacts(session: Session, account_id: int, query: str, offset: int, limit: int) -> list[ContactView]:
    """One page of the (filtered) agenda: named contacts by name, then unnamed ones by number.

    The page's ids come first from the agenda-order index alone, then only those rows
    are read: skipping 100k rows in the index takes milliseconds, skipping them in the
    table takes half a second. The order is the index's own (`ix_contact_agenda_order`).
    """
    unnamed = col(ContactRow.display_name) == col(ContactRow.phone)
    ordered = _filter_ids(account_id, query).order_by(
        unnamed, ContactRow.display_name, ContactRow.phone, ContactRow.search_text, ContactRow.id
    )
    return views_in_order(session, list(session.exec(ordered.offset(offset).limit(limit))))


def views_in_order(session: Session, ids: Sequence[int]) -> list[ContactView]:
    """The contacts of `ids`, in that order, with their unread counts. Plain rows from the
    driver, not ORM objects nor SQLAlchemy's rows: building 200 of those held the
    interpreter lock long enough to stall the window."""
    if not ids:
        return []
    cursor = session.connection().connection.cursor()
    try:
        rows = {row[0]: row for row in cursor.execute(_VIEWS, (json.dumps(list(ids)),))}
    finally:
        cursor.close()
    return [_plain_view(rows[contact_id]) for contact_id in ids if contact_id in rows]


def _plain_view(row: tuple[Any, ...]) -> ContactView:
    contact_id, account_id, external_id, phone, display_name, in_agenda, last_inbound, registered, unread = row
    return ContactView(
        contact_id, account_id, external_id, phone, display_name, bool(in_agenda), _utc(last_inbound), _utc(registered), unread
    )


def _utc(stored: str | None) -> datetime | None:
    """A time as the tables keep it (naive UTC text, `UTCDateTime`), aware."""
    return None if stored is None else datetime.fromisoformat(stored).replace(tzinfo=UTC)


# The ids as one JSON value, not one parameter each: an `IN` list is rendered anew for every
# page, which took three times as long as reading the rows.
_VIEWS = (
    "SELECT contact.id, contact.account_id, contact.external_id, contact.phone, contact.display_name, contact.in_agenda, "
    "contact.last_inbound_at, contact.registered_at, coalesce(conversation.unread_count, 0) AS unread "
    "FROM json_each(?) AS wanted CROSS JOIN contact ON contact.id = wanted.value "
    "LEFT JOIN conversation ON conversation.account_id = contact.account_id AND conversation.contact_id = contact.id"
)


def _with_unread():  # noqa: ANN202 - a SQLAlchemy select
    """Contacts with their conversation's unread count (a contact has at most one per account)."""
    conversation = and_(
        col(ConversationRow.account_id) == col(ContactRow.account_id),
        col(ConversationRow.contact_id) == col(ContactRow.id),
    )
    return select(ContactRow, func.coalesce(ConversationRow.unread_count, 0)).outerjoin(ConversationRow, conversation)


def last_inbound(session: Session, account_id: int, external_id: str) -> datetime | None:
    """When the customer last wrote to this account, if we know; `external_id` may also be
    the customer's business-scoped user id."""
    return session.exec(
        select(ContactRow.last_inbound_at).where(
            ContactRow.account_id == account_id, (ContactRow.external_id == external_id) | (ContactRow.user_id == external_id)
        )
    ).first()


def contact_by_id(session: Session, contact_id: int) -> ContactView | None:
    found = session.exec(_with_unread().where(col(ContactRow.id) == contact_id)).first()
    return None if found is None else _view(*found)


def contact_in_conversation(session: Session, conversation_id: int) -> ContactView | None:
    """Who a conversation is with, and how many of their messages are unread."""
    found = session.exec(_with_unread().where(col(ConversationRow.id) == conversation_id)).first()
    return None if found is None else _view(*found)


def _view(row: ContactRow, unread: int) -> ContactView:
    assert row.id is not None
    return ContactView(
        id=row.id,
        account_id=row.account_id,
        external_id=row.external_id,
        phone=row.phone,
        display_name=row.display_name,
        in_agenda=row.in_agenda,
        last_inbound_at=row.last_inbound_at,
        registered_at=row.registered_at,
        unread=unread,
    )

"""Contact queries: the agenda upsert and the paged, indexed filter."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, text, update
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session, col, select

from console.domain.contacts import AgendaEntry
from console.store.tables import ContactRow, ConversationRow

UPSERT_BATCH = 5000


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    account_id: int
    external_id: str
    phone: str
    display_name: str
    in_agenda: bool
    last_inbound_at: datetime | None
    registered_at: datetime | None = None  # when the provider confirmed the registration (opt-in)
    unread: int = 0  # customer's messages the agent has not opened yet


def normalise(value: str) -> str:
    """Lower-case without accents: 'Martín' and 'martin' find each other."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_text(entry: AgendaEntry) -> str:
    return normalise(f"{entry.display_name} {entry.phone}")


def upsert_agenda_batch(session: Session, account_id: int, entries: Sequence[AgendaEntry], synced_at: datetime) -> None:
    """Insert or update one batch of agenda entries (executemany, one statement)."""
    if not entries:
        return
    statement = insert(ContactRow.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=["account_id", "external_id"],
        set_={
            "phone": statement.excluded.phone,
            "display_name": statement.excluded.display_name,
            "first_name": statement.excluded.first_name,
            "last_name": statement.excluded.last_name,
            "search_text": statement.excluded.search_text,
            "in_agenda": True,
            "synced_at": statement.excluded.synced_at,
        },
    )
    rows = [
        {
            "account_id": account_id,
            "external_id": entry.external_id,
            "phone": entry.phone,
            "display_name": entry.display_name,
            "first_name": entry.first_name,
            "last_name": entry.last_name,
            "search_text": search_text(entry),
            "in_agenda": True,
            "synced_at": synced_at,
        }
        for entry in entries
    ]
    session.connection().execute(statement, rows)


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
        search_text=normalise(f"{display} {phone}"),
        in_agenda=False,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def _filter_ids(account_id: int, query: str):  # noqa: ANN202 - a SQLAlchemy select
    ids = select(ContactRow.id).where(ContactRow.account_id == account_id)
    needle = _phone_digits(query) or normalise(query.strip())
    if not needle:
        return ids
    if len(needle) >= 3:
        # Trigram FTS5: substring match answered by the index.
        phrase = '"' + needle.replace('"', '""') + '"'
        matching = text("SELECT rowid FROM contact_search WHERE contact_search MATCH :phrase").bindparams(phrase=phrase)
        return ids.where(col(ContactRow.id).in_(matching))
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return ids.where(col(ContactRow.search_text).like(f"%{escaped}%", escape="\\"))


def _phone_digits(query: str) -> str:
    """A query typed like a number ('099 123-4', '+598 99') as the digits stored for it.

    A national trunk prefix (the leading 0) is dropped, so '099 123' finds 59899123…
    """
    stripped = query.strip()
    if not stripped or not all(ch.isdigit() or ch in " +-().\u00a0" for ch in stripped):
        return ""
    return "".join(ch for ch in stripped if ch.isdigit()).lstrip("0")


def count_contacts(session: Session, account_id: int, query: str = "") -> int:
    subquery = _filter_ids(account_id, query).subquery()
    return session.exec(select(func.count()).select_from(subquery)).one()


def page_contacts(session: Session, account_id: int, query: str, offset: int, limit: int) -> list[ContactView]:
    """One page of the (filtered) agenda: named contacts by name, then unnamed ones by number.

    The page's ids come first from the agenda-order index alone, then only those rows
    are read: skipping 100k rows in the index takes milliseconds, skipping them in the
    table takes half a second. The order is the index's own (`ix_contact_agenda_order`).
    """
    unnamed = col(ContactRow.display_name) == col(ContactRow.phone)
    ordered = _filter_ids(account_id, query).order_by(unnamed, ContactRow.display_name, ContactRow.phone, ContactRow.id)
    ids = list(session.exec(ordered.offset(offset).limit(limit)))
    if not ids:
        return []
    rows = {row.id: (row, unread) for row, unread in session.exec(_with_unread().where(col(ContactRow.id).in_(ids)))}
    return [_view(*rows[contact_id]) for contact_id in ids if contact_id in rows]


def _with_unread():  # noqa: ANN202 - a SQLAlchemy select
    """Contacts with their conversation's unread count (a contact has at most one per account)."""
    conversation = and_(
        col(ConversationRow.account_id) == col(ContactRow.account_id),
        col(ConversationRow.contact_id) == col(ContactRow.id),
    )
    return select(ContactRow, func.coalesce(ConversationRow.unread_count, 0)).outerjoin(ConversationRow, conversation)


def last_inbound(session: Session, account_id: int, external_id: str) -> datetime | None:
    """When the customer last wrote to this account, if we know."""
    return session.exec(
        select(ContactRow.last_inbound_at).where(ContactRow.account_id == account_id, ContactRow.external_id == external_id)
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

"""What agents write about a contact: a short note and labels."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session, col, select

from console.store.missing import NO_CONTACT, Missing
from console.store.tables import ContactLabelRow, ContactRow


def note(session: Session, contact_id: int) -> str | None:
    """The contact's note ("" when none); None when there is no such contact."""
    return session.exec(select(ContactRow.note).where(ContactRow.id == contact_id)).first()


def set_note(session: Session, contact_id: int, text: str) -> None:
    row = session.get(ContactRow, contact_id)
    if row is None:
        raise Missing(NO_CONTACT(id=str(contact_id)))
    row.note = text
    session.add(row)


def labels(session: Session, contact_id: int) -> tuple[str, ...]:
    """The contact's labels, alphabetically."""
    found = session.exec(select(ContactLabelRow.label).where(ContactLabelRow.contact_id == contact_id))
    return tuple(sorted(found, key=str.casefold))


def add_label(session: Session, contact_id: int, label: str) -> bool:
    """Label the contact; a label already in use with other capitals is used as it is
    written there, so "vip" and "VIP" stay one label. False when it had it already."""
    if session.get(ContactRow, contact_id) is None:
        raise Missing(NO_CONTACT(id=str(contact_id)))
    spelling = next((known for known in labels_in_use(session) if known.casefold() == label.casefold()), label)
    statement = insert(ContactLabelRow.__table__).values(contact_id=contact_id, label=spelling)
    result = session.execute(statement.on_conflict_do_nothing())
    return bool(result.rowcount)


def remove_label(session: Session, contact_id: int, label: str) -> bool:
    """False when the contact did not have it."""
    result = session.execute(
        delete(ContactLabelRow).where(col(ContactLabelRow.contact_id) == contact_id, col(ContactLabelRow.label) == label)
    )
    return bool(result.rowcount)


def labels_in_use(session: Session) -> list[str]:
    """Every label some contact has, alphabetically."""
    return sorted(session.exec(select(ContactLabelRow.label).distinct()), key=str.casefold)

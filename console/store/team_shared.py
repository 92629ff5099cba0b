"""Notes, labels and quick replies the team shares, applied here from the change log (in the
page's transaction, with its cursor): the server's state is the truth, so an edit sets
exactly what the change says, whatever this console had.

A conversation's note and labels are its contact's, on the mirrored team account the change
names (the contact made when this console has none yet); a change on an account this console
does not mirror is skipped. A team quick reply is a local reply linked to the server's id
(`TeamQuickReplyRow`); a reply of this console of the same scope and name becomes it.
"""

from __future__ import annotations

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from console.domain.content import MediaKind
from console.domain.quick_replies import QuickReply
from console.domain.team import TeamChange
from console.domain.team_shared import NOTE_KINDS, REPLY_KINDS, TeamReply
from console.store import contacts as contact_queries
from console.store.tables import AccountRow, ContactLabelRow, ContactRow, ConversationRow, QuickReplyRow, TeamQuickReplyRow

__all__ = ["apply", "contact_key", "reply_of", "team_account_name", "team_id"]


def apply(session: Session, changes: list[TeamChange]) -> tuple[list[tuple[int, int]], set[tuple[str, str]]]:
    """The shared edits among `changes` applied, in order: (conversation id, account id) of the
    conversations whose note or labels changed (their inbox rows show labels), and their keys
    (account name, customer) for the window's notes panel."""
    touched: dict[int, int | None] = {}
    keys: set[tuple[str, str]] = set()
    for change in changes:
        edit = change.shared
        if edit is None:
            continue
        if change.kind in NOTE_KINDS:
            contact = _contact(session, change.account, change.customer)
            if contact is None:
                continue
            assert contact.id is not None
            if change.kind == "note":
                contact.note = edit.text
                session.add(contact)
            else:
                _label(session, contact.id, edit.label, change.kind == "label_added")
            touched[contact.id] = contact.account_id
            keys.add((change.account, change.customer))
        elif change.kind in REPLY_KINDS:
            if edit.reply is not None:
                _keep_reply(session, edit.reply)
            else:
                _remove_reply(session, edit.reply_id)
        session.flush()
    return _conversations(session, touched), keys


def _label(session: Session, contact_id: int, label: str, added: bool) -> None:
    """The contact's label as the team spells it (added), or none of that label (removed),
    whatever capitals this console had it with."""
    had = session.exec(select(ContactLabelRow).where(ContactLabelRow.contact_id == contact_id)).all()
    for row in had:
        if row.label.casefold() == label.casefold() and not (added and row.label == label):
            session.delete(row)
    if added and label not in {row.label for row in had}:
        session.add(ContactLabelRow(contact_id=contact_id, label=label))


def contact_key(session: Session, contact_id: int) -> tuple[str, str] | None:
    """The conversation as the team server names it (account name, customer) when the contact
    is on a mirrored team account; None otherwise (its notes and labels stay here)."""
    found = session.exec(
        select(AccountRow.name, ContactRow.phone)
        .join(ContactRow, col(ContactRow.account_id) == AccountRow.id)
        .where(ContactRow.id == contact_id, col(AccountRow.team))
    ).first()
    return None if found is None else (found[0], found[1])


def team_id(session: Session, reply_id: int) -> int | None:
    """The server's id of a local quick reply; None when it is this console's only."""
    return session.exec(select(TeamQuickReplyRow.team_id).where(TeamQuickReplyRow.reply_id == reply_id)).first()


def reply_of(session: Session, team_reply_id: int) -> QuickReply | None:
    """The local reply the server's one is, once applied."""
    row = session.exec(
        select(QuickReplyRow)
        .join(TeamQuickReplyRow, col(TeamQuickReplyRow.reply_id) == QuickReplyRow.id)
        .where(TeamQuickReplyRow.team_id == team_reply_id)
    ).first()
    if row is None:
        return None
    kind = MediaKind(row.media_kind) if row.media_kind else None
    return QuickReply(row.name, row.body, row.account_id, row.media_url, kind, row.id)


def team_account_name(session: Session, account_id: int | None) -> str | None:
    """The name of a mirrored team account; None for an account of this console (or none)."""
    if account_id is None:
        return None
    return session.exec(select(AccountRow.name).where(AccountRow.id == account_id, col(AccountRow.team))).first()


def _team_account(session: Session, name: str) -> int | None:
    return session.exec(select(AccountRow.id).where(AccountRow.name == name, col(AccountRow.team))).first()


def _contact(session: Session, account: str, customer: str) -> ContactRow | None:
    account_id = _team_account(session, account)
    if account_id is None:
        return None
    by_id = session.exec(
        select(ContactRow).where(
            ContactRow.account_id == account_id, ContactRow.external_id == customer, ContactRow.phone == customer
        )
    ).first()
    found = (
        by_id
        or session.exec(
            select(ContactRow).where(
                ContactRow.account_id == account_id, ContactRow.phone == customer, ContactRow.phone != ContactRow.external_id
            )
        ).first()
    )
    if found is None and customer.isdigit():
        return session.get(ContactRow, contact_queries.ensure_contact(session, account_id, customer, customer))
    return found


def _keep_reply(session: Session, reply: TeamReply) -> None:
    scope: int | None = None
    if reply.account is not None:
        scope = _team_account(session, reply.account)
        if scope is None:  # an account this console does not mirror: not offered here
            _remove_reply(session, reply.id)
            return
    linked = session.exec(
        select(QuickReplyRow)
        .join(TeamQuickReplyRow, col(TeamQuickReplyRow.reply_id) == QuickReplyRow.id)
        .where(TeamQuickReplyRow.team_id == reply.id)
    ).first()
    same_scope = col(QuickReplyRow.account_id).is_(None) if scope is None else QuickReplyRow.account_id == scope
    named = session.exec(select(QuickReplyRow).where(same_scope, func.lower(QuickReplyRow.name) == reply.name.lower())).first()
    row = linked
    if named is not None and named is not linked:
        if linked is None and team_id(session, named.id or 0) is None:
            row = named  # this console's reply of that name becomes the team's
        else:  # the team's reply takes the name
            session.exec(delete(TeamQuickReplyRow).where(col(TeamQuickReplyRow.reply_id) == named.id))  # type: ignore[call-overload]
            session.delete(named)
            session.flush()
    if row is None:
        row = QuickReplyRow()
    row.account_id, row.name, row.body = scope, reply.name, reply.text
    row.media_url, row.media_kind = reply.media_url, reply.media_kind if reply.media_url else None
    session.add(row)
    session.flush()
    if linked is None:
        assert row.id is not None
        session.add(TeamQuickReplyRow(reply_id=row.id, team_id=reply.id))


def _remove_reply(session: Session, team_reply_id: int) -> None:
    reply_id = session.exec(select(TeamQuickReplyRow.reply_id).where(TeamQuickReplyRow.team_id == team_reply_id)).first()
    if reply_id is not None:
        session.exec(delete(TeamQuickReplyRow).where(col(TeamQuickReplyRow.reply_id) == reply_id))  # type: ignore[call-overload]
        session.exec(delete(QuickReplyRow).where(col(QuickReplyRow.id) == reply_id))  # type: ignore[call-overload]


def _conversations(session: Session, contacts: dict[int, int | None]) -> list[tuple[int, int]]:
    if not contacts:
        return []
    rows = session.exec(
        select(ConversationRow.id, ConversationRow.account_id).where(col(ConversationRow.contact_id).in_(list(contacts)))
    ).all()
    return [(conversation_id, account_id) for conversation_id, account_id in rows if conversation_id is not None]

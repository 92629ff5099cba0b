"""The team server's state as this console keeps it: the link (address, agent, cursor) and
the holders and presence learnt from the change log. Each page of changes is applied in
the same transaction as the cursor that follows it."""

from __future__ import annotations

from sqlalchemy import Integer, TextualSelect, text
from sqlmodel import Session, col, delete, select

from console.domain.team import HOLDER_KINDS, ConversationTeam, Handover, TeamChange, TeamLink
from console.store.tables import TeamHolderRow, TeamLinkRow, TeamPresenceRow, TeamQuickReplyRow

Key = tuple[str, str]  # (account name, customer address)


def link(session: Session) -> TeamLink | None:
    row = session.get(TeamLinkRow, 1)
    return None if row is None else TeamLink(row.server_url, row.agent, row.last_change_id)


def _forget_learnt(session: Session) -> None:
    session.exec(delete(TeamHolderRow))  # type: ignore[call-overload]
    session.exec(delete(TeamPresenceRow))  # type: ignore[call-overload]
    # The quick replies stay, this console's own now: another server's ids are not these.
    session.exec(delete(TeamQuickReplyRow))  # type: ignore[call-overload]


def join(session: Session, server_url: str, agent: str) -> None:
    """Follow `server_url` as `agent`; another server (or agent) starts again from the beginning."""
    row = session.get(TeamLinkRow, 1)
    if row is not None and (row.server_url, row.agent) == (server_url, agent):
        return
    _forget_learnt(session)
    if row is not None:
        session.delete(row)
        session.flush()
    session.add(TeamLinkRow(id=1, server_url=server_url, agent=agent, last_change_id=0))


def leave(session: Session) -> bool:
    """Forget the server and what it told; whether a team was joined."""
    row = session.get(TeamLinkRow, 1)
    _forget_learnt(session)
    if row is None:
        return False
    session.delete(row)
    return True


def unapplied(session: Session, server_url: str, changes: list[TeamChange], last_id: int) -> list[TeamChange]:
    """The changes of a page `apply` will apply (none when the console left, or joined another server)."""
    row = session.get(TeamLinkRow, 1)
    if row is None or row.server_url != server_url or last_id <= row.last_change_id:
        return []
    return [change for change in changes if change.id > row.last_change_id]


def apply(session: Session, server_url: str, changes: list[TeamChange], last_id: int) -> tuple[set[Key], set[Key]]:
    """Apply a page read from `server_url` and move the cursor to `last_id`: the conversations
    it changed, and those of them whose holder changed. Nothing when the console left (or
    joined another server) while it was read."""
    row = session.get(TeamLinkRow, 1)
    if row is None or row.server_url != server_url or last_id <= row.last_change_id:
        return set(), set()
    changed: set[Key] = set()
    held: set[Key] = set()
    for change in changes:
        if change.id <= row.last_change_id:
            continue
        key = (change.account, change.customer)
        if change.kind == "presence":
            found = session.get(TeamPresenceRow, (change.account, change.customer, change.agent))
            if change.expires_ms == 0:  # the agent left the conversation (`conversations/close`)
                if found is not None:
                    session.delete(found)
            elif found is None:
                session.add(TeamPresenceRow(account=key[0], customer=key[1], agent=change.agent, expires_ms=change.expires_ms))
            else:
                found.expires_ms = max(found.expires_ms, change.expires_ms)
                session.add(found)
        elif change.kind in HOLDER_KINDS:
            _hold(session, key, change)
            held.add(key)
        else:
            continue
        changed.add(key)
        session.flush()
    row.last_change_id = last_id
    session.add(row)
    return changed, held


def starts_here(session: Session, server_url: str) -> bool:
    """This console follows `server_url` and has applied nothing of its log yet: a snapshot may start it."""
    row = session.get(TeamLinkRow, 1)
    return row is not None and row.server_url == server_url and row.last_change_id == 0


def start_from(session: Session, holders: list[tuple[str, str, str]], present: list[TeamChange], last_id: int) -> set[Key]:
    """A snapshot's holders and presence kept and the cursor put at its change (`starts_here`
    checked in the same transaction); the conversations held."""
    row = session.get(TeamLinkRow, 1)
    assert row is not None
    _forget_learnt(session)
    for account, customer, holder in holders:
        session.add(TeamHolderRow(account=account, customer=customer, holder=holder))
    for seen in present:
        session.add(TeamPresenceRow(account=seen.account, customer=seen.customer, agent=seen.agent, expires_ms=seen.expires_ms))
    row.last_change_id = last_id
    session.add(row)
    session.flush()
    return {(account, customer) for account, customer, _ in holders}


def _hold(session: Session, key: Key, change: TeamChange) -> None:
    holder = session.get(TeamHolderRow, key)
    if change.holder is None:
        if holder is not None:
            session.delete(holder)
        return
    passed_by = change.agent if change.kind == "transferred" else None
    note = change.note if passed_by is not None else ""
    if holder is None:
        holder = TeamHolderRow(account=key[0], customer=key[1], holder=change.holder)
    holder.holder, holder.passed_by, holder.note = change.holder, passed_by, note
    session.add(holder)


def conversations_of(session: Session, keys: set[Key]) -> list[tuple[int, int]]:
    """(conversation id, account id) of the conversations these keys name in this console."""
    found = []
    for account, customer in sorted(keys):
        row = session.execute(_CONVERSATION_OF, {"account": account, "customer": customer}).first()
        if row is not None:
            found.append((row[0], row[1]))
    return found


_ANY_HELD = text("SELECT 1 FROM team_holder LIMIT 1")


def holders(session: Session, keys: set[Key]) -> dict[Key, str]:
    """Who has each of these conversations (those nobody has are left out): an inbox page's."""
    if not keys or session.execute(_ANY_HELD).first() is None:  # solo mode, or nobody holds anything: nothing to match
        return {}
    accounts, customers = {account for account, _ in keys}, {customer for _, customer in keys}
    statement = select(TeamHolderRow.account, TeamHolderRow.customer, TeamHolderRow.holder).where(
        col(TeamHolderRow.account).in_(accounts), col(TeamHolderRow.customer).in_(customers)
    )
    found = session.execute(statement)
    return {(account, customer): holder for account, customer, holder in found if (account, customer) in keys}


def held_conversations(holder: str | None) -> TextualSelect:
    """The ids of the conversations `holder` has (anyone's, when None), for the inbox's filters:
    read from the few held ones, each one's contact found by an index, never by going
    through every conversation."""
    if holder is None:
        return _HELD
    held_by = " WHERE team_holder.holder = :holder"
    return text(_HELD_SQL.format(where=held_by)).bindparams(holder=holder).columns(id=Integer)


# A conversation's key is its account's name and its contact's number. A contact is found by
# its number through the provider's id when they are the same (a number typed or written
# from, Hey Now's agenda: the unique (account, external id) index), else through the partial
# index of the others (`ix_contact_phone`, nearly empty: an agenda sync does not pay for it).
# CROSS JOIN keeps SQLite to this order: the held rows, the account by name, the contact, its conversation.
_BY_ID = "contact.external_id = {customer} AND contact.phone = contact.external_id"
_BY_PHONE = "contact.phone = {customer} AND contact.phone != contact.external_id"
_JOINED = (
    "SELECT conversation.id, conversation.account_id FROM {start} "
    "CROSS JOIN contact ON contact.account_id = account.id AND {contact} "
    "CROSS JOIN conversation ON conversation.contact_id = contact.id AND conversation.account_id = account.id{{where}}"
)
_FROM_HOLDERS = "team_holder CROSS JOIN account ON account.name = team_holder.account"
_HELD_SQL = " UNION ALL ".join(
    "SELECT id FROM (" + _JOINED.format(start=_FROM_HOLDERS, contact=way.format(customer="team_holder.customer")) + ")"
    for way in (_BY_ID, _BY_PHONE)
)
_HELD = text(_HELD_SQL.format(where="")).columns(id=Integer)
_CONVERSATION_OF = text(
    " UNION ALL ".join(
        _JOINED.format(start="account", contact=way.format(customer=":customer")).format(where=" WHERE account.name = :account")
        for way in (_BY_ID, _BY_PHONE)
    )
)


def conversation(session: Session, account: str, customer: str, now_ms: int) -> ConversationTeam:
    """Who has the conversation, and who has it open now (expired presence dropped)."""
    session.exec(delete(TeamPresenceRow).where(col(TeamPresenceRow.expires_ms) <= now_ms))  # type: ignore[call-overload]
    holder = session.get(TeamHolderRow, (account, customer))
    present = session.exec(
        select(TeamPresenceRow.agent)
        .where(TeamPresenceRow.account == account, TeamPresenceRow.customer == customer)
        .order_by(col(TeamPresenceRow.agent))
    ).all()
    if holder is None:
        return ConversationTeam(None, tuple(present))
    handover = None if holder.passed_by is None else Handover(holder.passed_by, holder.holder, holder.note)
    return ConversationTeam(holder.holder, tuple(present), handover)

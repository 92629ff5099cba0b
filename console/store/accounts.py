"""Account queries."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from console.domain.accounts import Account, ProviderKind
from console.domain.errors import DuplicateAccount
from console.store.missing import NO_ACCOUNT_WITH_ID, Missing
from console.store.tables import AccountRow


def _to_domain(row: AccountRow) -> Account:
    assert row.id is not None
    return Account(
        id=row.id,
        name=row.name,
        provider=ProviderKind(row.provider),
        settings=json.loads(row.settings_json),
        sandbox=row.sandbox,
        team=row.team,
    )


def add_account(session: Session, name: str, provider: ProviderKind, settings: dict, sandbox: bool = False) -> Account:
    if session.exec(select(AccountRow).where(AccountRow.name == name)).first() is not None:
        raise DuplicateAccount(name)
    row = AccountRow(name=name, provider=provider.value, settings_json=json.dumps(settings), sandbox=sandbox)
    session.add(row)
    session.flush()
    return _to_domain(row)


def list_accounts(session: Session) -> list[Account]:
    return [_to_domain(row) for row in session.exec(select(AccountRow).order_by(AccountRow.name))]


def account_by_name(session: Session, name: str) -> Account | None:
    row = session.exec(select(AccountRow).where(AccountRow.name == name)).first()
    return None if row is None else _to_domain(row)


def account_by_id(session: Session, account_id: int) -> Account | None:
    row = session.get(AccountRow, account_id)
    return None if row is None else _to_domain(row)


def update_settings(session: Session, account_id: int, settings: dict) -> None:
    row = session.get(AccountRow, account_id)
    if row is None:
        raise Missing(NO_ACCOUNT_WITH_ID(id=str(account_id)))
    row.settings_json = json.dumps(settings)
    session.add(row)


def delete_account(session: Session, account_id: int) -> None:
    """The account row; its contacts, conversations, messages and events go with it (cascade)."""
    row = session.get(AccountRow, account_id)
    if row is not None:
        session.delete(row)

"""The team server's accounts mirrored as local account rows marked `team`.

Kept as account rows, not in a table of their own, so that the inbox, the chat, the composer
and the search, which all work from an account id, work with them unchanged. Such a row
holds no secret and no provider address (the server lists none); the client pool refuses to
build a provider client for it, so nothing on this computer talks to its provider. An
account of this console with the same name stays as it is: the server's is not mirrored.
"""

from __future__ import annotations

import json

from sqlmodel import Session, select

from console.domain.accounts import ProviderKind
from console.domain.team import TeamAccount
from console.store.tables import AccountRow


def mirror(session: Session, accounts: list[TeamAccount]) -> bool:
    """Add or update the server's accounts; whether any row changed. An account the server no
    longer lists stays, with its messages (read-only history)."""
    changed = False
    for account in accounts:
        try:
            provider = ProviderKind(account.provider)
        except ValueError:  # a provider this console does not know yet
            continue
        settings = json.dumps(account.settings, sort_keys=True)
        row = session.exec(select(AccountRow).where(AccountRow.name == account.name)).first()
        if row is None:
            session.add(AccountRow(name=account.name, provider=provider.value, settings_json=settings, team=True))
            changed = True
        elif row.team and (row.provider, row.settings_json) != (provider.value, settings):
            row.provider, row.settings_json = provider.value, settings
            session.add(row)
            changed = True
    session.flush()
    return changed

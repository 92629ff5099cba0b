"""The server's provider clients, built from an account's settings and this host's secrets.

One per account and protocol, kept until `forget` (each heartbeat, so a changed or removed
account is read again); a signed-in client's login token is kept in the host's store.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

import httpx

from console.domain.accounts import Account
from console.domain.errors import InvalidInput
from console.domain.notices import Wording
from console.providers.definition import ClientContext
from console.providers.registry import definition
from console.store.secrets import SecretStore
from console.team_server.accounts import TOKEN, ServerAccounts

__all__ = ["SECRET_MISSING", "ServerClients"]

P = TypeVar("P")
SECRET_MISSING = Wording("team.secret_missing", "missing on this server host for account '{account}'")


class ServerClients:
    def __init__(self, accounts: ServerAccounts, secrets: SecretStore, http: httpx.AsyncClient) -> None:
        self._accounts = accounts
        self._secrets = secrets
        self._http = http
        self._built: dict[str, tuple[Account, Any]] = {}

    def forget(self) -> None:
        self._built.clear()

    async def get(self, name: str, protocol: type[P]) -> tuple[Account, P] | None:
        """The account and its client as `protocol`; None when the account is gone. `InvalidInput`
        when a secret is missing on this host, `ProviderCannot` when the provider has no such client."""
        known = self._built.get(name)
        if known is None:
            known = await self._build(name)
            if known is None:
                return None
        account, built = known
        return account, definition(account.provider).narrow(built, protocol)

    async def _build(self, name: str) -> tuple[Account, Any] | None:
        account = await asyncio.to_thread(self._accounts.by_name, name)
        if account is None:
            return None
        provider = definition(account.provider)
        values: dict[str, str] = {}
        for key in provider.secret_keys:
            value = await asyncio.to_thread(self._secrets.get, name, key)
            if value is None:
                raise InvalidInput(provider.field(key).label, SECRET_MISSING(account=name))
            values[key] = value
        saved = await asyncio.to_thread(self._secrets.get, name, TOKEN)

        async def save_token(value: str) -> None:
            await asyncio.to_thread(self._secrets.set, name, TOKEN, value)

        built = provider.build(ClientContext(self._http, account.settings, values, saved, save_token))
        return self._built.setdefault(name, (account, built))

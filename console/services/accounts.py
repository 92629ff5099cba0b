"""Accounts: adding them (secrets to the secret store), their clients and health."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime

import httpx

from console.domain.accounts import Account, AccountHealth, ConnectionState, ProviderKind
from console.domain.errors import InvalidInput
from console.domain.redaction import Secret
from console.domain.validation import check_account_address, clean_name
from console.providers.base import MessagingClient, SignedIn
from console.providers.errors import AuthenticationFailed, NotSent, OutcomeUnknown, ProviderError
from console.services.provider_specs import SPECS, ClientContext
from console.services.topics import HealthChanged, Topics
from console.store import accounts as account_queries
from console.store.database import Database
from console.store.secrets import SecretStore

TOKEN = "token"
ROUTE_TOKEN = "callback_token"  # the account's route at a callback relay (see callback_routes)


class AccountService:
    """The accounts of a workspace and one live client per account."""

    def __init__(self, db: Database, secrets: SecretStore, http: httpx.AsyncClient, topics: Topics) -> None:
        self._db = db
        self._secrets = secrets
        self._http = http
        self._topics = topics
        self._clients: dict[int, MessagingClient] = {}
        self._health: dict[int, AccountHealth] = {}

    @property
    def secrets_description(self) -> str:
        return self._secrets.description

    async def add_account(
        self, name: str, provider: ProviderKind, values: Mapping[str, object], *, sandbox: bool = False
    ) -> Account:
        """Validate `values` against the provider's spec; secrets to the secret store, the rest to settings."""
        name = clean_name(name)
        settings, secrets = SPECS[provider].split(values)
        if await self._db.run(account_queries.account_by_name, name) is not None:
            raise account_queries.DuplicateAccount(f"An account named '{name}' already exists.")
        for key, secret in secrets.items():
            await asyncio.to_thread(self._secrets.set, name, key, secret)
        account = await self._db.run(account_queries.add_account, name, provider, settings, sandbox)
        self._topics.accounts_changed.publish(None)
        return account

    async def add_heynow(
        self,
        name: str,
        *,
        base_url: str,
        username: str,
        password: str,
        platform_id: str,
        channel_id: int = 1,
        default_region: str = "UY",
        sandbox: bool = False,
    ) -> Account:
        values = {
            "base_url": base_url,
            "username": username,
            "password": password,
            "platform_id": platform_id,
            "channel_id": channel_id,
            "default_region": default_region,
        }
        return await self.add_account(name, ProviderKind.HEYNOW, values, sandbox=sandbox)

    async def update_account(self, account: Account, values: Mapping[str, object]) -> Account:
        """New field values from the account form; a secret left blank keeps the stored one.
        Validated as a whole first: bad input raises `InvalidInput` and changes nothing."""
        spec = SPECS[account.provider]
        merged = dict(values)
        for key in spec.secret_keys:
            if not str(merged.get(key) or "").strip():
                merged[key] = await asyncio.to_thread(self._secrets.get, account.name, key)
        settings, secrets = spec.split(merged)
        for key, secret in secrets.items():
            if secret != await asyncio.to_thread(self._secrets.get, account.name, key):
                await asyncio.to_thread(self._secrets.set, account.name, key, secret)
        await asyncio.to_thread(self._secrets.delete, account.name, TOKEN)  # credentials may have changed
        self._clients.pop(account.id, None)
        kept = {key: value for key, value in account.settings.items() if key not in {f.key for f in spec.fields}}
        updated = await self.replace_settings(account, {**kept, **settings})
        self._set_health(account.id, AccountHealth(ConnectionState.UNKNOWN))
        return updated

    async def remove_account(self, account: Account) -> None:
        """The account, its secrets and everything stored for it on this computer."""
        self._clients.pop(account.id, None)
        await self._db.run(account_queries.delete_account, account.id)
        for key in (*SPECS[account.provider].secret_keys, TOKEN, ROUTE_TOKEN):
            await asyncio.to_thread(self._secrets.delete, account.name, key)
        self._health.pop(account.id, None)
        self._topics.accounts_changed.publish(None)

    def session_expires_at(self, account_id: int) -> datetime | None:
        """When the login token of a signed-in client expires (Hey Now, Chattigo)."""
        client = self._clients.get(account_id)
        token = client.token if isinstance(client, SignedIn) else None
        return None if token is None else token.expires_at

    async def update_base_url(self, account: Account, base_url: str) -> Account:
        """Point an account at another address (the sandbox gets a new port each run)."""
        url_field = next(f for f in SPECS[account.provider].fields if f.key == "base_url")
        settings = dict(account.settings, base_url=url_field.clean(base_url))
        await self._db.run(account_queries.update_settings, account.id, settings)
        self._clients.pop(account.id, None)
        refreshed = await self._db.run(account_queries.account_by_id, account.id)
        assert refreshed is not None
        self._topics.accounts_changed.publish(None)
        return refreshed

    async def update_settings(self, account: Account, **changes: object) -> Account:
        """Merge non-secret settings (e.g. where the account's callbacks are received)."""
        return await self.replace_settings(account, dict(account.settings, **changes))

    async def replace_settings(self, account: Account, settings: dict[str, object]) -> Account:
        await self._db.run(account_queries.update_settings, account.id, settings)
        refreshed = await self.by_id(account.id)
        self._topics.accounts_changed.publish(None)
        return refreshed

    async def set_secret(self, account: Account, key: str, value: str) -> None:
        """Store a secret again (a new password, a regenerated webhook URL)."""
        if key not in SPECS[account.provider].secret_keys:
            raise InvalidInput(key, f"is not a secret of {account.provider.value} accounts")
        await asyncio.to_thread(self._secrets.set, account.name, key, value)
        await asyncio.to_thread(self._secrets.delete, account.name, TOKEN)
        self._clients.pop(account.id, None)

    async def list(self) -> list[Account]:
        return await self._db.run(account_queries.list_accounts)

    async def by_name(self, name: str) -> Account:
        account = await self._db.run(account_queries.account_by_name, name)
        if account is None:
            raise LookupError(f"There is no account named '{name}'.")
        return account

    async def by_id(self, account_id: int) -> Account:
        account = await self._db.run(account_queries.account_by_id, account_id)
        if account is None:
            raise LookupError(f"There is no account with id {account_id}.")
        return account

    def health(self, account_id: int) -> AccountHealth:
        return self._health.get(account_id, AccountHealth(ConnectionState.UNKNOWN))

    def _set_health(self, account_id: int, health: AccountHealth) -> None:
        self._health[account_id] = health
        self._topics.account_health.publish(HealthChanged(account_id, health))

    def note_error(self, account_id: int, error: ProviderError) -> None:
        """Let a failure seen by any service show in the account's health."""
        if isinstance(error, AuthenticationFailed):
            self._set_health(account_id, AccountHealth(ConnectionState.WRONG_CREDENTIALS, error.message))
        elif isinstance(error, NotSent | OutcomeUnknown):
            self._set_health(account_id, AccountHealth(ConnectionState.UNREACHABLE, error.message))

    def note_success(self, account_id: int) -> None:
        if self.health(account_id).state is not ConnectionState.CONNECTED:
            self._set_health(account_id, AccountHealth(ConnectionState.CONNECTED))

    async def client(self, account: Account) -> MessagingClient:
        """The account's client, created once with its secrets and saved token."""
        existing = self._clients.get(account.id)
        if existing is not None:
            return existing
        spec = SPECS[account.provider]
        secrets: dict[str, Secret] = {}
        for key in spec.secret_keys:
            value = await asyncio.to_thread(self._secrets.get, account.name, key)
            if value is None:
                missing = key.replace("_", " ")
                raise InvalidInput(
                    "account", f"the {missing} of '{account.name}' is missing from the {self._secrets.description}"
                )
            secrets[key] = Secret(value)
        saved = await asyncio.to_thread(self._secrets.get, account.name, TOKEN)

        async def save_token(value: str) -> None:
            await asyncio.to_thread(self._secrets.set, account.name, TOKEN, value)

        client = spec.build(ClientContext(self._http, account.settings, secrets, saved, save_token))
        # Callers that raced through the awaits above share the first client built (one login).
        return self._clients.setdefault(account.id, client)

    async def test_connection(self, account: Account) -> AccountHealth:
        """Prove the credentials now; the resulting health is also published."""
        self._set_health(account.id, AccountHealth(ConnectionState.SIGNING_IN))
        try:
            check_account_address(account.name, account.settings)
            client = await self.client(account)
            await client.check()
        except AuthenticationFailed as error:
            health = AccountHealth(ConnectionState.WRONG_CREDENTIALS, error.message)
        except (NotSent, OutcomeUnknown) as error:
            health = AccountHealth(ConnectionState.UNREACHABLE, error.message)
        except (ProviderError, InvalidInput) as error:
            health = AccountHealth(ConnectionState.ERROR, str(error))
        else:
            health = AccountHealth(ConnectionState.CONNECTED, SPECS[account.provider].check_note)
        self._set_health(account.id, health)
        return health

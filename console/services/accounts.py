"""Accounts: their records (settings to the database, secrets to the secret store).

Their clients and health live in the client pool (`client_pool`), which this service
tells when an account's credentials or address change.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

from console.domain.accounts import PROVIDER_TITLES, Account, ProviderKind
from console.domain.capabilities import Operation
from console.domain.errors import InvalidInput
from console.domain.notices import Notice, Wording
from console.domain.validation import clean_name
from console.providers.fields import FieldKind
from console.providers.registry import definition
from console.services.topics import Topics
from console.store import accounts as account_queries
from console.store.database import Database
from console.store.missing import NO_ACCOUNT_NAMED, NO_ACCOUNT_WITH_ID, Missing
from console.store.secrets import SecretStore

TOKEN = "token"
ROUTE_TOKEN = "callback_token"  # the account's route at a callback relay (see callback_routes)
NO_LINKED_ACCOUNT = Wording("accounts.no_account_named", "there is no account named '{name}'")
OWN_CONNECTION = Wording("accounts.own_connection", "an account cannot use its own connection")
TEAM_MANAGED = Wording(
    "accounts.team_managed",
    "'{name}' is the team server's account: its administrator changes it with `centralita server accounts`",
)
CANNOT_SEND_BOT_MESSAGES = Wording(
    "accounts.cannot_send_bot_messages", "'{name}' is a {provider} account, which cannot send a bot's messages"
)


class AccountService:
    """The accounts of a workspace: records and secrets."""

    def __init__(self, db: Database, secrets: SecretStore, topics: Topics, forget_client: Callable[[int], None]) -> None:
        """`forget_client(account_id)` runs when an account's client no longer fits it."""
        self._db = db
        self._secrets = secrets
        self._topics = topics
        self._forget_client = forget_client

    @property
    def secrets_description(self) -> Notice:
        return self._secrets.description

    async def add_account(
        self, name: str, provider: ProviderKind, values: Mapping[str, object], *, sandbox: bool = False
    ) -> Account:
        """Validate `values` against the provider's spec; secrets to the secret store, the rest to settings."""
        name = clean_name(name)
        settings, secrets = definition(provider).split(values)
        await self._check_linked_accounts(provider, settings, name)
        if await self._db.run(account_queries.account_by_name, name) is not None:
            raise account_queries.DuplicateAccount(name)
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
        Validated as a whole first: bad input raises `InvalidInput` and changes nothing. A team
        account's secrets are the server's: none is taken here."""
        if account.team:
            raise InvalidInput("", TEAM_MANAGED(name=account.name))
        spec = definition(account.provider)
        merged = dict(values)
        for key in spec.secret_keys:
            if not str(merged.get(key) or "").strip():
                merged[key] = await asyncio.to_thread(self._secrets.get, account.name, key)
        settings, secrets = spec.split(merged)
        await self._check_linked_accounts(account.provider, settings, account.name)
        for key, secret in secrets.items():
            if secret != await asyncio.to_thread(self._secrets.get, account.name, key):
                await asyncio.to_thread(self._secrets.set, account.name, key, secret)
        await asyncio.to_thread(self._secrets.delete, account.name, TOKEN)  # credentials may have changed
        self._forget_client(account.id)
        kept = {key: value for key, value in account.settings.items() if key not in {f.key for f in spec.fields}}
        return await self.replace_settings(account, {**kept, **settings})

    async def _check_linked_accounts(self, provider: ProviderKind, settings: Mapping[str, object], name: str) -> None:
        """An account a field names (the Cloud API account a Chattigo bot answers through)
        must exist, be another one, and send the WhatsApp messages a bot writes."""
        for spec_field in definition(provider).fields:
            linked = settings.get(spec_field.key)
            if spec_field.kind is not FieldKind.ACCOUNT or linked is None:
                continue
            check_link(spec_field.label, str(linked), await self._db.run(account_queries.account_by_name, str(linked)), name)

    async def remove_account(self, account: Account) -> None:
        """The account, its secrets and everything stored for it on this computer."""
        self._forget_client(account.id)
        await self._db.run(account_queries.delete_account, account.id)
        for key in (*definition(account.provider).secret_keys, TOKEN, ROUTE_TOKEN):
            await asyncio.to_thread(self._secrets.delete, account.name, key)
        self._topics.accounts_changed.publish(None)

    async def update_base_url(self, account: Account, base_url: str) -> Account:
        """Point an account at another address (the sandbox gets a new port each run)."""
        url_field = definition(account.provider).field("base_url")
        settings = dict(account.settings, base_url=url_field.clean(base_url))
        await self._db.run(account_queries.update_settings, account.id, settings)
        self._forget_client(account.id)
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

    async def has_secret(self, account: Account, key: str) -> bool:
        return await asyncio.to_thread(self._secrets.get, account.name, key) is not None

    async def list(self) -> list[Account]:
        return await self._db.run(account_queries.list_accounts)

    async def by_name(self, name: str) -> Account:
        account = await self._db.run(account_queries.account_by_name, name)
        if account is None:
            raise Missing(NO_ACCOUNT_NAMED(name=name))
        return account

    async def by_id(self, account_id: int) -> Account:
        account = await self._db.run(account_queries.account_by_id, account_id)
        if account is None:
            raise Missing(NO_ACCOUNT_WITH_ID(id=str(account_id)))
        return account


def check_link(label: Notice, linked: str, found: Account | None, name: str) -> None:
    """`found`, the account named `linked` in a field of account `name`, exists, is another
    account, and sends the WhatsApp messages a bot writes; else `InvalidInput` on `label`."""
    if found is None:
        raise InvalidInput(label, NO_LINKED_ACCOUNT(name=linked))
    if found.name == name:
        raise InvalidInput(label, OWN_CONNECTION())
    if not definition(found.provider).capabilities.supports(Operation.SEND_BOT_ANSWERS):
        raise InvalidInput(label, CANNOT_SEND_BOT_MESSAGES(name=linked, provider=PROVIDER_TITLES[found.provider]))

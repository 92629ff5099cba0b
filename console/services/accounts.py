"""Accounts: adding them (secrets to the secret store), their clients and health."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from urllib.parse import urlparse

import httpx

from console.domain.accounts import Account, AccountHealth, ConnectionState, ProviderKind
from console.domain.errors import InvalidInput
from console.providers.errors import AuthenticationFailed, NotSent, OutcomeUnknown, ProviderError
from console.providers.heynow import HeyNowClient, HeyNowSettings, Token
from console.services.topics import HealthChanged, Topics
from console.store import accounts as account_queries
from console.store.database import Database
from console.store.secrets import SecretStore

PASSWORD = "password"
TOKEN = "token"


def _require_http_url(url: str) -> str:
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InvalidInput("base URL", f"'{url}' is not an http(s) address")
    return url.strip().rstrip("/")


class AccountService:
    """The accounts of a workspace and one live client per account."""

    def __init__(self, db: Database, secrets: SecretStore, http: httpx.AsyncClient, topics: Topics) -> None:
        self._db = db
        self._secrets = secrets
        self._http = http
        self._topics = topics
        self._clients: dict[int, HeyNowClient] = {}
        self._health: dict[int, AccountHealth] = {}

    @property
    def secrets_description(self) -> str:
        return self._secrets.description

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
        name = name.strip()
        if not name:
            raise InvalidInput("name", "the account needs a name")
        if not username.strip():
            raise InvalidInput("username", "the user name is empty")
        if not password:
            raise InvalidInput("password", "the password is empty")
        if not platform_id.strip().isdigit():
            raise InvalidInput("platform id", f"'{platform_id}' must be the channel's number, digits only")
        if channel_id not in (1, 2, 3, 4):
            raise InvalidInput("channel id", "must be 1 (WhatsApp), 2 (Messenger), 3 (Twitter) or 4 (WebChat)")
        settings = {
            "base_url": _require_http_url(base_url),
            "username": username.strip(),
            "platform_id": platform_id.strip(),
            "channel_id": channel_id,
            "default_region": default_region.upper(),
        }
        if await self._db.run(account_queries.account_by_name, name) is not None:
            raise account_queries.DuplicateAccount(f"An account named '{name}' already exists.")
        await asyncio.to_thread(self._secrets.set, name, PASSWORD, password)
        account = await self._db.run(account_queries.add_account, name, ProviderKind.HEYNOW, settings, sandbox)
        self._topics.accounts_changed.publish(None)
        return account

    async def update_base_url(self, account: Account, base_url: str) -> Account:
        """Point an account at another address (the sandbox gets a new port each run)."""
        settings = dict(account.settings, base_url=_require_http_url(base_url))
        await self._db.run(account_queries.update_settings, account.id, settings)
        self._clients.pop(account.id, None)
        refreshed = await self._db.run(account_queries.account_by_id, account.id)
        assert refreshed is not None
        self._topics.accounts_changed.publish(None)
        return refreshed

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

    async def client(self, account: Account) -> HeyNowClient:
        """The account's client, created once with its secrets and saved token."""
        existing = self._clients.get(account.id)
        if existing is not None:
            return existing
        if account.provider is not ProviderKind.HEYNOW:
            raise InvalidInput("account", f"{account.provider} accounts are not supported yet")
        password = await asyncio.to_thread(self._secrets.get, account.name, PASSWORD)
        if password is None:
            raise InvalidInput("account", f"the password of '{account.name}' is missing from the {self._secrets.description}")
        saved = await asyncio.to_thread(self._secrets.get, account.name, TOKEN)

        async def keep_token(token: Token) -> None:
            value = json.dumps({"value": token.value, "obtained_at": token.obtained_at.isoformat()})
            await asyncio.to_thread(self._secrets.set, account.name, TOKEN, value)

        settings = HeyNowSettings(
            base_url=account.settings["base_url"],
            username=account.settings["username"],
            platform_id=account.settings["platform_id"],
            channel_id=int(account.settings.get("channel_id", 1)),
        )
        client = HeyNowClient(self._http, settings, password, token=_load_token(saved), on_new_token=keep_token)
        self._clients[account.id] = client
        return client

    async def test_connection(self, account: Account) -> AccountHealth:
        """Log in now; the resulting health is also published."""
        self._set_health(account.id, AccountHealth(ConnectionState.SIGNING_IN))
        try:
            client = await self.client(account)
            await client.login()
        except AuthenticationFailed as error:
            health = AccountHealth(ConnectionState.WRONG_CREDENTIALS, error.message)
        except (NotSent, OutcomeUnknown) as error:
            health = AccountHealth(ConnectionState.UNREACHABLE, error.message)
        except (ProviderError, InvalidInput) as error:
            health = AccountHealth(ConnectionState.ERROR, str(error))
        else:
            health = AccountHealth(ConnectionState.CONNECTED)
        self._set_health(account.id, health)
        return health


def _load_token(saved: str | None) -> Token | None:
    if not saved:
        return None
    try:
        data = json.loads(saved)
        return Token(data["value"], datetime.fromisoformat(data["obtained_at"]))
    except (ValueError, KeyError, TypeError):
        return None

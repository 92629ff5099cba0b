"""One live provider client per account, built from its provider's registry entry.

The pool is the only way services reach a provider: they ask for a client by protocol
(`await clients.get(account, StatusPolling)`) and get a checked one, or `ProviderCannot`.
The clients it hands out record the account's health themselves (`health.HealthRecording`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from console.domain.accounts import Account, AccountHealth, ConnectionState
from console.domain.errors import InvalidInput
from console.domain.notices import Wording, as_notice
from console.domain.redaction import Secret
from console.domain.validation import check_account_address
from console.providers.base import ProviderClient, SignedIn
from console.providers.definition import ClientContext
from console.providers.errors import AuthenticationFailed, NotSent, OutcomeUnknown, ProviderError
from console.providers.registry import definition
from console.services import field_labels as labels
from console.services.accounts import TOKEN
from console.services.health import HealthBook, HealthRecording, HealthSink, RelayedHealth
from console.services.topics import Topics
from console.store.secrets import SecretStore

P = TypeVar("P")


SECRET_MISSING = Wording("accounts.secret_missing", "the {secret} of '{account}' is missing from the {where}")
TEAM_ACCOUNT = Wording(
    "accounts.team_account", "'{account}' is the team server's account: the server talks to the provider, not this console"
)

if TYPE_CHECKING:
    import httpx


class ClientPool:
    """Clients for one event loop (their HTTP client is bound to the loop that made it): the
    status poller's thread has a pool of its own, recording into the same health book."""

    def __init__(
        self, secrets: SecretStore, http: httpx.AsyncClient, topics: Topics, *, health: HealthSink | None = None
    ) -> None:
        self._secrets = secrets
        self._http = http
        self._topics = topics
        self._clients: dict[int, ProviderClient] = {}
        self._handed: dict[tuple[int, type], object] = {}  # (account, protocol) → its checked, recording client
        self._health = health if health is not None else HealthBook(topics)

    def for_other_loop(self, http: httpx.AsyncClient, call_home: Callable[..., None]) -> ClientPool:
        """A pool for another thread's loop, its clients on `http` (made in that loop), recording
        health into this pool's book through `call_home` (which runs a call on this pool's loop)."""
        return ClientPool(self._secrets, http, self._topics, health=RelayedHealth(self._health, call_home))

    async def get(self, account: Account, protocol: type[P]) -> P:
        """The account's client as a `protocol` client; `ProviderCannot` when its provider has none.

        Checked once per account and protocol until `forget`: the status poller asks for every poll."""
        handed = self._handed.get((account.id, protocol))
        if handed is None:
            built = await self._client(account)
            # The recording client forwards every member of `client`, so it serves as one.
            handed = HealthRecording(definition(account.provider).narrow(built, protocol), account.id, self._health)
            if self._clients.get(account.id) is built:  # not forgotten meanwhile
                self._handed[(account.id, protocol)] = handed
        recording: P = handed  # type: ignore[assignment]
        return recording

    def forget(self, account_id: int) -> None:
        """Drop the account's client: its credentials or address changed, or it was removed."""
        self._clients.pop(account_id, None)
        for key in [key for key in self._handed if key[0] == account_id]:
            del self._handed[key]
        self._health.forget(account_id)

    def health(self, account_id: int) -> AccountHealth:
        return self._health.get(account_id)

    def session_expires_at(self, account_id: int) -> datetime | None:
        """When the login token of a signed-in client expires (Hey Now, Chattigo)."""
        client = self._clients.get(account_id)
        token = client.token if isinstance(client, SignedIn) else None
        return None if token is None else token.expires_at

    async def test_connection(self, account: Account) -> AccountHealth:
        """Prove the credentials now; the resulting health is also published. A team account's
        are the server's to prove: its health says so."""
        if account.team:
            health = AccountHealth(ConnectionState.UNKNOWN, TEAM_ACCOUNT(account=account.name))
            self._health.set(account.id, health)
            return health
        self._health.set(account.id, AccountHealth(ConnectionState.SIGNING_IN))
        try:
            await (await self._client(account)).check()
        except AuthenticationFailed as error:
            health = AccountHealth(ConnectionState.WRONG_CREDENTIALS, error.notice)
        except (NotSent, OutcomeUnknown) as error:
            health = AccountHealth(ConnectionState.UNREACHABLE, error.notice)
        except (ProviderError, InvalidInput) as error:
            health = AccountHealth(ConnectionState.ERROR, error.notice)
        else:
            note = definition(account.provider).check_note
            health = AccountHealth(ConnectionState.CONNECTED, as_notice(note) if note else None)
        self._health.set(account.id, health)
        return health

    async def _client(self, account: Account) -> ProviderClient:
        """The account's client, created once with its secrets and saved token."""
        existing = self._clients.get(account.id)
        if existing is not None:
            return existing
        if account.team:  # no secret of it on this computer: never a request to its provider
            raise InvalidInput(labels.ACCOUNT(), TEAM_ACCOUNT(account=account.name))
        check_account_address(account.name, account.settings)  # stored before today's checks existed
        provider = definition(account.provider)
        secrets: dict[str, Secret] = {}
        for key in provider.secret_keys:
            value = await asyncio.to_thread(self._secrets.get, account.name, key)
            if value is None:
                label = next((field.label for field in provider.fields if field.key == key), key.replace("_", " "))
                where = self._secrets.description
                raise InvalidInput(labels.ACCOUNT(), SECRET_MISSING(secret=label, account=account.name, where=where))
            secrets[key] = Secret(value)
        saved = await asyncio.to_thread(self._secrets.get, account.name, TOKEN)

        async def save_token(value: str) -> None:
            await asyncio.to_thread(self._secrets.set, account.name, TOKEN, value)

        client = provider.build(ClientContext(self._http, account.settings, secrets, saved, save_token))
        # Callers that raced through the awaits above share the first client built (one login).
        return self._clients.setdefault(account.id, client)

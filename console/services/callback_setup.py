"""Where each account's callbacks are received, as the agent chooses: on this computer
(an embedded relay behind the agent's proxy or tunnel), at a team relay, or nowhere;
and which of those relays `RelayFollowers` reads while the console runs.

Chattigo is told the URL through its API; Broadcasterbot's URL is handed to the
provider by the agent, so the console only shows it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.errors import InvalidInput
from console.domain.network import is_loopback_host, parse_listen_address
from console.domain.notices import Notice, Wording
from console.providers.registry import capabilities
from console.services import field_labels as labels
from console.services.accounts import AccountService
from console.services.bots import BotBridge
from console.services.callback_routes import SETTING, CallbackMode, CallbackRoutes, callback_mode
from console.services.embedded_feed import EmbeddedFeed, LocalEvents
from console.services.relay_followers import RelayFollowers
from console.services.relay_reader import HttpEventFeed
from console.store.preferences import load_preferences, save_preference
from console.store.secrets import SecretStore

if TYPE_CHECKING:
    import httpx

EMBEDDED_FEED = "embedded relay"  # the cursor's key: the embedded relay's port may change, its store does not
PREFERENCE = "embedded_relay"
TEAM_TOKEN = "events_token"
DEFAULT_LISTEN = "127.0.0.1:8787"


NOT_HTTP = Wording("callbacks.not_http", "'{address}' is not an http(s) address")
HTTPS_ONLY = Wording("callbacks.https_only", "providers only post to HTTPS addresses; put an HTTPS proxy or tunnel in front")
NO_QUERY = Wording("callbacks.no_query", "the address takes no query or fragment")
CANNOT_LISTEN = Wording("callbacks.cannot_listen", "this program cannot listen for callbacks; use a team relay")
PASTE_TOKEN = Wording("callbacks.paste_token", "paste the relay's events token (`centralita relay token` on the relay)")


def _team_secrets_name(relay_url: str) -> str:
    return f"team relay {relay_url}"


def reachable_url(text: str, field: Notice | str) -> str:
    """An address providers can post to: HTTPS (they refuse plain HTTP), or HTTP on loopback
    (the sandbox, or a relay on this very computer)."""
    url = text.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(field, NOT_HTTP(address=text))
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise InvalidInput(field, HTTPS_ONLY())
    if parts.query or parts.fragment:
        raise InvalidInput(field, NO_QUERY())
    return url


@dataclass(frozen=True, slots=True)
class EmbeddedSettings:
    listen: str = DEFAULT_LISTEN
    public_url: str = ""  # empty: the relay's own address, for providers on this computer (the sandbox)

    def cleaned(self) -> EmbeddedSettings:
        host, port = parse_listen_address(self.listen)
        listen = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return EmbeddedSettings(listen, reachable_url(self.public_url, labels.PUBLIC_URL()) if self.public_url.strip() else "")


class EmbeddedReceiver(LocalEvents, Protocol):
    """This computer's relay, provided by whoever hosts the console (the GUI session) and
    read in-process."""

    events_token: str

    async def start(self, listen: str) -> str:
        """Listen on `listen` (moving there if it listens elsewhere); the relay's root URL."""
        ...


@dataclass(frozen=True, slots=True)
class CallbackStatus:
    mode: CallbackMode
    url: str | None  # what the provider posts to; a secret
    relay_url: str | None
    provider_told: bool  # the console gives the URL to the provider itself (Chattigo)


class CallbackSetup:
    def __init__(
        self,
        data_dir: Path,
        accounts: AccountService,
        routes: CallbackRoutes,
        bots: BotBridge,
        secrets: SecretStore,
        http: httpx.AsyncClient,
        followers: RelayFollowers,
        receiver: EmbeddedReceiver | None = None,
    ) -> None:
        self._data_dir = data_dir
        self._accounts = accounts
        self._routes = routes
        self._bots = bots
        self._secrets = secrets
        self._http = http
        self._followers = followers
        self._receiver = receiver

    @property
    def can_embed(self) -> bool:
        return self._receiver is not None

    async def embedded_settings(self) -> EmbeddedSettings:
        stored = (await asyncio.to_thread(load_preferences, self._data_dir)).get(PREFERENCE) or {}
        return EmbeddedSettings(stored.get("listen", DEFAULT_LISTEN), stored.get("public_url", ""))

    async def status(self, account: Account) -> CallbackStatus:
        mode = callback_mode(account)
        relay = (account.settings.get(SETTING) or {}).get("relay_url")
        url = await self._routes.callback_url(account)
        return CallbackStatus(mode, url, relay, _provider_is_told(account))

    async def use_embedded(self, account: Account, settings: EmbeddedSettings) -> str:
        """Receive `account`'s callbacks on this computer; every account received here moves
        with it when the address changes. Bad input raises `InvalidInput` and changes nothing."""
        capabilities(account.provider).require(Operation.PUSH_CALLBACKS)
        settings = settings.cleaned()
        receiver = self._receiver
        if receiver is None:
            raise InvalidInput(labels.CALLBACKS(), CANNOT_LISTEN())
        root = await receiver.start(settings.listen)
        await asyncio.to_thread(
            save_preference, self._data_dir, PREFERENCE, {"listen": settings.listen, "public_url": settings.public_url}
        )
        url = ""
        for other in await self._accounts.list():
            if other.id == account.id or callback_mode(other) is CallbackMode.EMBEDDED:
                moved = await self._connect(other, root, receiver.events_token, CallbackMode.EMBEDDED, settings.public_url)
                url = moved if other.id == account.id else url
        self._followers.follow(EmbeddedFeed(receiver, EMBEDDED_FEED))
        return url

    async def use_team_relay(self, account: Account, relay_url: str, events_token: str | None) -> str:
        """Receive `account`'s callbacks at a team relay; `events_token` may be omitted once known."""
        relay = reachable_url(relay_url, labels.RELAY_URL())
        name = _team_secrets_name(relay)
        token = (events_token or "").strip() or await asyncio.to_thread(self._secrets.get, name, TEAM_TOKEN)
        if not token:
            raise InvalidInput(labels.EVENTS_TOKEN(), PASTE_TOKEN())
        # The token is shared by every account on this relay: a new one must prove itself before
        # it replaces the stored one, even where this account's route needs no new registration.
        await self._routes.check_events_token(relay, token)
        url = await self._connect(account, relay, token, CallbackMode.TEAM, None)
        await asyncio.to_thread(self._secrets.set, name, TEAM_TOKEN, token)
        self._followers.follow(HttpEventFeed(self._http, relay, token))
        return url

    async def turn_off(self, account: Account) -> None:
        await self._routes.disconnect(account)

    async def resume(self) -> None:
        """At start: listen again if any account receives here, and follow every relay in use."""
        accounts = await self._accounts.list()
        embedded = [a for a in accounts if callback_mode(a) is CallbackMode.EMBEDDED]
        receiver = self._receiver
        if embedded and receiver is not None:
            settings = await self.embedded_settings()
            root = await receiver.start(settings.listen)
            for account in embedded:
                await self._connect(account, root, receiver.events_token, CallbackMode.EMBEDDED, settings.public_url)
            self._followers.follow(EmbeddedFeed(receiver, EMBEDDED_FEED))
        relays = {a.settings[SETTING]["relay_url"] for a in accounts if callback_mode(a) is CallbackMode.TEAM}
        for relay in sorted(relays):
            token = await asyncio.to_thread(self._secrets.get, _team_secrets_name(relay), TEAM_TOKEN)
            if token is not None:
                self._followers.follow(HttpEventFeed(self._http, relay, token))

    async def _connect(self, account: Account, relay: str, token: str, mode: CallbackMode, public_url: str | None) -> str:
        before = await self._routes.callback_url(account)
        url = await self._routes.connect(account, relay, token, mode=mode, public_url=public_url)
        if _provider_is_told(account) and url != before:
            await self._bots.set_webhook(await self._accounts.by_id(account.id), url)
        return url


def _provider_is_told(account: Account) -> bool:
    return capabilities(account.provider).supports(Operation.FORWARD_TO_BOT)

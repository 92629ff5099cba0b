"""Connecting accounts to a callback relay: a route per account, registered through the
relay's authenticated API; the route's token is a secret (it is the callback URL).

An account's `callbacks` setting says where its callbacks are received:
`{"mode": "embedded" | "team", "relay_url": <the relay's API>, "public_url": <what the
provider reaches, when a proxy or tunnel stands in front>}`; no setting means off.
"""

from __future__ import annotations

import asyncio
from enum import StrEnum
from typing import TYPE_CHECKING

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.providers.errors import AuthenticationFailed, MalformedAnswer, ProviderUnavailable
from console.providers.registry import capabilities, definition
from console.providers.whatsapp_cloud import APP_SECRET, VERIFY_TOKEN
from console.services import relay_wordings
from console.services.accounts import ROUTE_TOKEN, AccountService
from console.store.secrets import SecretStore

if TYPE_CHECKING:
    import httpx

SETTING = "callbacks"
WEBHOOK_SECRETS = (APP_SECRET, VERIFY_TOKEN)
LAST_EVENT_ID = 2**63 - 1  # the largest event id a relay stores (a BIGINT): reading after it reads nothing


class CallbackMode(StrEnum):
    OFF = "off"
    EMBEDDED = "embedded"  # this computer's relay, exposed by the agent's proxy or tunnel
    TEAM = "team"  # a relay the team runs for many consoles


def callback_mode(account: Account) -> CallbackMode:
    setting = account.settings.get(SETTING) or {}
    if "relay_url" not in setting:
        return CallbackMode.OFF
    return CallbackMode(setting.get("mode", CallbackMode.EMBEDDED))


class CallbackRoutes:
    def __init__(self, accounts: AccountService, secrets: SecretStore, http: httpx.AsyncClient) -> None:
        self._accounts = accounts
        self._secrets = secrets
        self._http = http

    async def connect(
        self,
        account: Account,
        relay_url: str,
        events_token: str,
        *,
        mode: CallbackMode = CallbackMode.TEAM,
        public_url: str | None = None,
    ) -> str:
        """The callback URL to hand to the provider, registering a route for `account` at the
        relay unless it already has one there. An existing route is kept: callbacks already
        stored on it must still reach the account (the embedded relay keeps its store when
        its port changes; a team relay keeps its URL)."""
        capabilities(account.provider).require(Operation.PUSH_CALLBACKS)
        relay = relay_url.rstrip("/")
        token = await asyncio.to_thread(self._secrets.get, account.name, ROUTE_TOKEN)
        if token is None or not self._same_store(account, mode, relay):
            token = await self._register(account, relay, events_token)
            await asyncio.to_thread(self._secrets.set, account.name, ROUTE_TOKEN, token)
        else:
            await self.send_secrets(account, relay, events_token)
        setting: dict[str, str] = {"mode": mode.value, "relay_url": relay}
        if public_url:
            setting["public_url"] = public_url.rstrip("/")
        updated = await self._accounts.update_settings(account, **{SETTING: setting})
        url = await self.callback_url(updated)
        assert url is not None
        return url

    async def disconnect(self, account: Account) -> Account:
        """Stop receiving: forget the route (the relay keeps what it already stored)."""
        await asyncio.to_thread(self._secrets.delete, account.name, ROUTE_TOKEN)
        settings = {key: value for key, value in account.settings.items() if key != SETTING}
        return await self._accounts.replace_settings(account, settings)

    async def callback_url(self, account: Account) -> str | None:
        setting = account.settings.get(SETTING) or {}
        base = setting.get("public_url") or setting.get("relay_url")
        token = await asyncio.to_thread(self._secrets.get, account.name, ROUTE_TOKEN)
        return None if base is None or token is None else f"{base}/callbacks/{account.provider.value}/{token}"

    async def routes(self) -> dict[str, Account]:
        """Route token → account, for the accounts connected to a relay."""
        found: dict[str, Account] = {}
        for account in await self._accounts.list():
            token = await asyncio.to_thread(self._secrets.get, account.name, ROUTE_TOKEN)
            if token is not None:
                found[token] = account
        return found

    @staticmethod
    def _same_store(account: Account, mode: CallbackMode, relay: str) -> bool:
        current = callback_mode(account)
        if mode is CallbackMode.EMBEDDED:
            return current is CallbackMode.EMBEDDED
        return current is CallbackMode.TEAM and account.settings[SETTING]["relay_url"] == relay

    async def check_events_token(self, relay: str, events_token: str) -> None:
        """Ask the relay whether it accepts `events_token`, reading no event (`after` = the last
        possible id), so a mistyped token is refused before it replaces a good one."""
        from console.providers.transport import classified_transport_errors  # httpx loads with the first request

        async with classified_transport_errors(relay_wordings.THE_RELAY()):
            response = await self._http.get(
                f"{relay}/events",
                params={"after": str(LAST_EVENT_ID), "limit": "1"},
                headers={"Authorization": f"Bearer {events_token}"},
            )
        if response.status_code in (401, 403):
            raise AuthenticationFailed(relay_wordings.TOKEN_REFUSED(), status_code=response.status_code)
        if response.status_code != 200:
            raise ProviderUnavailable(relay_wordings.ANSWERED(status=str(response.status_code)), status_code=response.status_code)

    async def send_secrets(self, account: Account, relay: str, events_token: str) -> None:
        """Give the relay the account's current webhook secrets for its route (they may have
        changed since it was registered); nothing for a provider that does not sign."""
        from console.providers.transport import classified_transport_errors  # httpx loads with the first request

        secrets = await self._webhook_secrets(account)
        token = await asyncio.to_thread(self._secrets.get, account.name, ROUTE_TOKEN)
        if not secrets or token is None:
            return
        async with classified_transport_errors(relay_wordings.THE_RELAY()):
            response = await self._http.put(
                f"{relay.rstrip('/')}/routes/{token}/secrets", json=secrets, headers={"Authorization": f"Bearer {events_token}"}
            )
        if response.status_code in (401, 403):
            raise AuthenticationFailed(relay_wordings.TOKEN_REFUSED(), status_code=response.status_code)
        if response.status_code != 200:
            raise ProviderUnavailable(relay_wordings.ANSWERED(status=str(response.status_code)), status_code=response.status_code)

    async def _webhook_secrets(self, account: Account) -> dict[str, str]:
        """The secrets the relay checks a signing provider's webhooks with (the Cloud API's app
        secret and verify token); the relay keeps them sealed."""
        keys = [key for key in WEBHOOK_SECRETS if key in definition(account.provider).secret_keys]
        found = {key: await asyncio.to_thread(self._secrets.get, account.name, key) for key in keys}
        return {key: value for key, value in found.items() if value}

    async def _register(self, account: Account, relay: str, events_token: str) -> str:
        from console.providers.transport import classified_transport_errors, json_body  # httpx loads with the first request

        document = {"provider": account.provider.value, "label": account.name, **await self._webhook_secrets(account)}
        async with classified_transport_errors(relay_wordings.THE_RELAY()):
            response = await self._http.post(
                f"{relay}/routes",
                json=document,
                headers={"Authorization": f"Bearer {events_token}"},
            )
        if response.status_code in (401, 403):
            raise AuthenticationFailed(relay_wordings.TOKEN_REFUSED(), status_code=response.status_code)
        if response.status_code not in (200, 201):
            raise ProviderUnavailable(relay_wordings.ANSWERED(status=str(response.status_code)), status_code=response.status_code)
        body = json_body(response, relay_wordings.THE_RELAY())
        if not isinstance(body, dict) or not isinstance(body.get("token"), str):
            raise MalformedAnswer(relay_wordings.NO_ROUTE_TOKEN())
        return body["token"]

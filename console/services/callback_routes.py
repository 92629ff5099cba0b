"""Connecting accounts to a callback relay: a route per account, registered through the
relay's authenticated API; the route's token is a secret (it is the callback URL)."""

from __future__ import annotations

import asyncio

import httpx

from console.domain.accounts import Account
from console.domain.capabilities import CAPABILITIES, Operation
from console.providers.errors import AuthenticationFailed, MalformedAnswer, ProviderUnavailable
from console.providers.transport import classified_transport_errors, json_body
from console.services.accounts import AccountService
from console.store.secrets import SecretStore

ROUTE_TOKEN = "callback_token"


class CallbackRoutes:
    def __init__(self, accounts: AccountService, secrets: SecretStore, http: httpx.AsyncClient) -> None:
        self._accounts = accounts
        self._secrets = secrets
        self._http = http

    async def connect(self, account: Account, relay_url: str, events_token: str) -> str:
        """The callback URL to hand to the provider, registering a route for `account` at the
        relay the first time. An existing route is kept: callbacks already stored on it must
        still reach the account (the embedded relay keeps its store when its port changes)."""
        CAPABILITIES[account.provider].require(Operation.PUSH_CALLBACKS)
        relay = relay_url.rstrip("/")
        existing = await asyncio.to_thread(self._secrets.get, account.name, ROUTE_TOKEN)
        if existing is not None:
            await self._accounts.update_settings(account, callbacks={"relay_url": relay})
            return self._url(account.provider.value, relay, existing)
        async with classified_transport_errors("The callback relay"):
            response = await self._http.post(
                f"{relay}/routes",
                json={"provider": account.provider.value, "label": account.name},
                headers={"Authorization": f"Bearer {events_token}"},
            )
        if response.status_code in (401, 403):
            raise AuthenticationFailed("The callback relay refused this console's token.", status_code=response.status_code)
        if response.status_code not in (200, 201):
            raise ProviderUnavailable(f"The callback relay answered {response.status_code}.", status_code=response.status_code)
        body = json_body(response, "The callback relay")
        if not isinstance(body, dict) or not isinstance(body.get("token"), str):
            raise MalformedAnswer("The callback relay registered the route but sent no token.")
        await asyncio.to_thread(self._secrets.set, account.name, ROUTE_TOKEN, body["token"])
        await self._accounts.update_settings(account, callbacks={"relay_url": relay})
        return self._url(account.provider.value, relay, body["token"])

    async def callback_url(self, account: Account) -> str | None:
        relay = account.settings.get("callbacks", {}).get("relay_url")
        token = await asyncio.to_thread(self._secrets.get, account.name, ROUTE_TOKEN)
        return None if relay is None or token is None else self._url(account.provider.value, relay, token)

    async def routes(self) -> dict[str, Account]:
        """Route token → account, for the accounts connected to a relay."""
        found: dict[str, Account] = {}
        for account in await self._accounts.list():
            token = await asyncio.to_thread(self._secrets.get, account.name, ROUTE_TOKEN)
            if token is not None:
                found[token] = account
        return found

    @staticmethod
    def _url(provider: str, relay: str, token: str) -> str:
        return f"{relay}/callbacks/{provider}/{token}"

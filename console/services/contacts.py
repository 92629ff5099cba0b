"""Contacts at the provider: registering and deleting them (Broadcasterbot's opt-in list)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.number_warnings import number_not_in_plan
from console.domain.phones import Phone, local_number, parse_phone
from console.domain.send_warnings import PreflightReport, SendWarning, require_go_ahead
from console.providers.base import ContactRegistry
from console.providers.registry import capabilities
from console.services.client_pool import ClientPool

# API.md documents no limit on contacts per registration; small requests keep a refusal's
# reach small (the provider refuses a whole body for one bad contact) and show progress.
REGISTER_BATCH = 100


class ContactService:
    def __init__(self, clients: ClientPool) -> None:
        self._clients = clients

    def _phone(self, account: Account, typed: str, country: str | None, *, allow_unlisted: bool = False) -> Phone:
        return parse_phone(typed, country or account.settings.get("default_region"), allow_unlisted=allow_unlisted)

    def registration_warnings(self, account: Account, typed: str, country: str | None = None) -> tuple[SendWarning, ...]:
        """What registering `typed` needs a go-ahead for (a number the plan does not list);
        raises `InvalidInput` for a number that cannot be registered at all."""
        phone = self._phone(account, typed, country, allow_unlisted=True)
        local_number(phone)  # Broadcasterbot addresses by country: a number must tell its own
        warning = number_not_in_plan(phone)
        return () if warning is None else (warning,)

    async def register(
        self, account: Account, typed: str, country: str | None = None, send_anyway: Collection[SendWarning] = ()
    ) -> Phone:
        """Register `typed`; `NeedsSendAnyway` (nothing sent) for a number the numbering plan
        does not list unless its warning is in `send_anyway`."""
        capabilities(account.provider).require(Operation.REGISTER_CONTACTS)
        require_go_ahead(PreflightReport(self.registration_warnings(account, typed, country)), send_anyway)
        phone = self._phone(account, typed, country, allow_unlisted=True)
        client = await self._clients.get(account, ContactRegistry)
        await client.register_contacts([phone])
        return phone

    async def register_in_batches(self, account: Account, phones: Sequence[Phone]) -> AsyncIterator[Sequence[Phone]]:
        """Register `phones` a batch per request, yielding each batch once the provider took it.

        Stopping the iteration (or cancelling) between batches leaves the rest unregistered.
        """
        capabilities(account.provider).require(Operation.REGISTER_CONTACTS)
        client = await self._clients.get(account, ContactRegistry)
        for start in range(0, len(phones), REGISTER_BATCH):
            batch = phones[start : start + REGISTER_BATCH]
            await client.register_contacts(list(batch))
            yield batch

    async def delete(self, account: Account, typed: str, country: str | None = None) -> Phone:
        capabilities(account.provider).require(Operation.DELETE_CONTACTS)
        phone = self._phone(account, typed, country)
        client = await self._clients.get(account, ContactRegistry)
        await client.delete_contacts([phone])
        return phone

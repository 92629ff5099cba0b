"""Contacts at the provider: registering and deleting them (Broadcasterbot's opt-in list)."""

from __future__ import annotations

from typing import Protocol, cast

from console.domain.accounts import Account
from console.domain.capabilities import CAPABILITIES, Operation
from console.domain.phones import Phone, parse_phone
from console.services.accounts import AccountService


class ContactRegistry(Protocol):
    async def register_contacts(self, phones: list[Phone]) -> object: ...
    async def delete_contacts(self, phones: list[Phone]) -> object: ...


class ContactService:
    def __init__(self, accounts: AccountService) -> None:
        self._accounts = accounts

    def _phone(self, account: Account, typed: str, country: str | None) -> Phone:
        return parse_phone(typed, country or account.settings.get("default_region"))

    async def register(self, account: Account, typed: str, country: str | None = None) -> Phone:
        CAPABILITIES[account.provider].require(Operation.REGISTER_CONTACTS)
        phone = self._phone(account, typed, country)
        client = cast(ContactRegistry, await self._accounts.client(account))
        await client.register_contacts([phone])
        return phone

    async def delete(self, account: Account, typed: str, country: str | None = None) -> Phone:
        CAPABILITIES[account.provider].require(Operation.DELETE_CONTACTS)
        phone = self._phone(account, typed, country)
        client = cast(ContactRegistry, await self._accounts.client(account))
        await client.delete_contacts([phone])
        return phone

"""Agenda: download a provider's contact agenda into the store, and read it back in pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from console.domain.accounts import Account
from console.domain.capabilities import CAPABILITIES, Operation
from console.providers.base import AgendaDownload
from console.services.accounts import AccountService
from console.services.topics import AgendaChanged, SyncProgress, Topics
from console.store import contacts as contact_queries
from console.store.contacts import UPSERT_BATCH, ContactView
from console.store.database import Database
from console.store.types import utcnow


@dataclass(frozen=True, slots=True)
class SyncResult:
    listed: int  # contacts the provider listed
    left_agenda: int  # contacts we had that it no longer lists


class AgendaService:
    def __init__(self, db: Database, accounts: AccountService, topics: Topics) -> None:
        self._db = db
        self._accounts = accounts
        self._topics = topics

    async def sync(self, account: Account) -> SyncResult:
        """Download the whole agenda and upsert it; progress goes to `topics.sync_progress`.

        Cancelling the task stops between batches: what was stored stays, nothing is
        marked as having left the agenda.
        """
        CAPABILITIES[account.provider].require(Operation.DOWNLOAD_AGENDA)
        client = cast(AgendaDownload, await self._accounts.client(account))
        publish = self._topics.sync_progress.publish

        def downloaded(read: int, total: int | None) -> None:
            publish(SyncProgress(account.id, "downloading", read, total))

        started = utcnow()
        entries = await client.agenda(on_progress=downloaded)
        self._accounts.note_success(account.id)
        total = len(entries)
        for start in range(0, total, UPSERT_BATCH):
            batch = entries[start : start + UPSERT_BATCH]
            await self._db.run(contact_queries.upsert_agenda_batch, account.id, batch, started)
            publish(SyncProgress(account.id, "storing", min(start + UPSERT_BATCH, total), total))
        left = await self._db.run(contact_queries.mark_missing_from_agenda, account.id, started)
        publish(SyncProgress(account.id, "done", total, total))
        self._topics.agenda_changed.publish(AgendaChanged(account.id))
        return SyncResult(total, left)

    async def count(self, account_id: int, query: str = "") -> int:
        return await self._db.run(contact_queries.count_contacts, account_id, query)

    async def page(self, account_id: int, query: str, offset: int, limit: int) -> list[ContactView]:
        return await self._db.run(contact_queries.page_contacts, account_id, query, offset, limit)

    async def contact(self, contact_id: int) -> ContactView | None:
        return await self._db.run(contact_queries.contact_by_id, contact_id)

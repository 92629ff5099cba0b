"""Agenda: download a provider's contact agenda into the store, read it back in pages,
import contact lists from CSV files and export the (filtered) agenda to one."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.contact_views import AgendaMatches, AgendaPlace, ContactView
from console.domain.contacts import AgendaEntry
from console.domain.errors import InvalidInput
from console.domain.notices import Notice, Wording, as_notice
from console.domain.phones import parse_phone
from console.providers import registry
from console.providers.base import AgendaDownload
from console.providers.errors import ProviderError
from console.services import contact_csv
from console.services.client_pool import ClientPool
from console.services.contact_csv import ContactFile, CsvRow, CsvWriter
from console.services.contacts import ContactService
from console.services.topics import AgendaChanged, Topics
from console.store import agenda_filter
from console.store import contacts as contact_queries
from console.store.agenda_narrowing import FoundSoFar
from console.store.contacts import UPSERT_BATCH
from console.store.database import Database
from console.store.types import utcnow

EXPORT_PAGE = 2000
Progress = Callable[[int, int], None]  # done, total


@dataclass(frozen=True, slots=True)
class SyncProgress:
    phase: str  # "downloading" (done and total in bytes), "storing" (in contacts), "done"
    done: int
    total: int | None


SyncProgressReport = Callable[[SyncProgress], None]


UNREADABLE_CONTACTS = Wording(
    "agenda.unreadable_contacts",
    "{count} contact of the agenda could not be read and was left out (the first: {reason}); "
    "nobody was marked as gone from the agenda.",
    "{count} contacts of the agenda could not be read and were left out (the first: {reason}); "
    "nobody was marked as gone from the agenda.",
    "count",
)
NO_REASON = Wording("agenda.no_reason", "no reason given")


def _without_stop(reason: Notice | str) -> Notice:
    """The provider's reason inside a sentence of ours: its own full stop is dropped."""
    return as_notice(reason.rstrip(".")) if isinstance(reason, str) else reason


@dataclass(frozen=True, slots=True)
class SyncResult:
    listed: int  # contacts the provider listed and we could read (all stored)
    left_agenda: int  # contacts we had that it no longer lists
    unreadable: int = 0  # contacts it listed that could not be read (not stored)
    first_unreadable_reason: Notice | None = None

    @property
    def unreadable_sentence(self) -> Notice | None:
        """One sentence for the agent when some contacts could not be read, else None."""
        if not self.unreadable:
            return None
        return UNREADABLE_CONTACTS(count=self.unreadable, reason=self.first_unreadable_reason or NO_REASON())


@dataclass(frozen=True, slots=True)
class ImportResult:
    stored: int
    to_register: int  # 0 when the provider has no registration
    registered: int
    error: Notice | None = None  # why registering stopped early


class AgendaService:
    def __init__(self, db: Database, clients: ClientPool, topics: Topics, *, walked: int = agenda_filter.WALKED) -> None:
        """`walked`: how many contacts one answer of the typed filter compares at most."""
        self._db = db
        self._walked = walked
        self._found = FoundSoFar()  # what the typed filter's answers found, for the next keystroke's
        self._clients = clients
        self._topics = topics
        self._contacts = ContactService(clients)

    async def sync(self, account: Account, on_progress: SyncProgressReport | None = None) -> SyncResult:
        """Download the whole agenda and upsert it, telling `on_progress` how far it got.

        Contacts the provider listed but we cannot read are counted in the result, not
        stored; as they may be any of ours, nobody is then marked as having left the agenda.
        Cancelling the task stops between batches: what was stored stays, nothing is
        marked as having left the agenda.
        """
        registry.capabilities(account.provider).require(Operation.DOWNLOAD_AGENDA)
        client = await self._clients.get(account, AgendaDownload)
        report = on_progress or _ignore

        def downloaded(read: int, total: int | None) -> None:
            report(SyncProgress("downloading", read, total))

        started = utcnow()
        with _collector_paused():
            listing = await client.agenda(on_progress=downloaded)
        entries, unreadable = listing.entries, listing.unreadable
        total = len(entries)
        for start in range(0, total, UPSERT_BATCH):
            batch = entries[start : start + UPSERT_BATCH]
            await self._db.run(contact_queries.upsert_agenda_batch, account.id, batch, started)
            report(SyncProgress("storing", min(start + UPSERT_BATCH, total), total))
        left = 0 if unreadable else await self._db.run(contact_queries.mark_missing_from_agenda, account.id, started)
        report(SyncProgress("done", total, total))
        self._topics.agenda_changed.publish(AgendaChanged(account.id))
        first_reason = _without_stop(unreadable[0].reason) if unreadable else None
        return SyncResult(total, left, len(unreadable), first_reason)

    async def count(self, account_id: int, query: str = "") -> int:
        return await self._db.run(contact_queries.count_contacts, account_id, query)

    async def page(self, account_id: int, query: str, offset: int, limit: int) -> list[ContactView]:
        return await self._db.run(contact_queries.page_contacts, account_id, query, offset, limit)

    async def matches(self, account_id: int, query: str, after: AgendaPlace | None, limit: int) -> AgendaMatches:
        """The agenda filtered as the agent types: up to `limit` matches from `after`, found
        with bounded work, so an answer may end short before the end (see `AgendaMatches`)."""
        return await self._db.run(
            agenda_filter.filter_agenda, account_id, query, after, limit, self._walked, found=self._found
        )

    async def contact(self, contact_id: int) -> ContactView | None:
        return await self._db.run(contact_queries.contact_by_id, contact_id)

    async def conversation_contact(self, conversation_id: int) -> ContactView | None:
        """Who a conversation is with, unread count included: how the agenda follows new messages."""
        return await self._db.run(contact_queries.contact_in_conversation, conversation_id)

    # ---- CSV files -------------------------------------------------------------------

    async def read_file(self, account: Account, path: Path) -> ContactFile:
        """Parse a contact list for a preview; numbers are read in the account's region."""
        return await asyncio.to_thread(contact_csv.read_contacts_file, path, account.settings.get("default_region"))

    async def import_contacts(
        self, account: Account, rows: Sequence[CsvRow], on_progress: Progress | None = None
    ) -> ImportResult:
        """Store the valid rows in one transaction, then register them where the provider asks for it.

        Registration goes in batches; each batch is marked registered once the provider
        took it, so cancelling or a refusal leaves the store saying exactly who is.
        """
        phones = [row.phone for row in rows if row.phone is not None]
        entries = [AgendaEntry(row.phone.digits, row.phone.digits, row.name or row.phone.digits) for row in rows if row.phone]
        capabilities = registry.capabilities(account.provider)
        in_agenda = not capabilities.supports(Operation.DOWNLOAD_AGENDA)
        await self._db.run(contact_queries.import_contacts, account.id, entries, in_agenda=in_agenda)
        self._topics.agenda_changed.publish(AgendaChanged(account.id))
        if not capabilities.supports(Operation.REGISTER_CONTACTS):
            return ImportResult(len(entries), 0, 0)
        registered = 0
        try:
            async for batch in self._contacts.register_in_batches(account, phones):
                await self._db.run(contact_queries.mark_registered, account.id, [p.digits for p in batch], utcnow())
                registered += len(batch)
                if on_progress is not None:
                    on_progress(registered, len(phones))
        except (ProviderError, InvalidInput) as error:
            return ImportResult(len(entries), len(phones), registered, error.notice)
        finally:
            self._topics.agenda_changed.publish(AgendaChanged(account.id))
        return ImportResult(len(entries), len(phones), registered)

    async def export_csv(self, account: Account, query: str, path: Path, on_progress: Progress | None = None) -> int:
        """Write the contacts matching `query` to `path`, a page at a time; returns how many.

        The file appears only when complete: cancelling leaves no partial file.
        """
        total = await self.count(account.id, query)
        writer = await asyncio.to_thread(CsvWriter, path)
        try:
            for offset in range(0, total, EXPORT_PAGE):
                page = await self.page(account.id, query, offset, EXPORT_PAGE)
                await asyncio.to_thread(writer.write, [_export_row(account, contact) for contact in page])
                if on_progress is not None:
                    on_progress(min(offset + EXPORT_PAGE, total), total)
            await asyncio.to_thread(writer.finish)
        except BaseException:
            await asyncio.to_thread(writer.discard)
            raise
        return total


def _ignore(_progress: SyncProgress) -> None:
    pass


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a big download's parse.

    An agenda arrives as one JSON document of some million small objects; each of the
    collector's passes walks all of them, which makes parsing 100k contacts four times
    slower. Nothing in them forms cycles, so the pause loses nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _export_row(account: Account, contact: ContactView) -> tuple[str, ...]:
    capabilities = registry.capabilities(account.provider)
    try:
        phone = parse_phone(contact.phone).e164
    except InvalidInput:
        phone = contact.phone  # a provider id that is not a number
    in_agenda = ("yes" if contact.in_agenda else "no") if capabilities.supports(Operation.DOWNLOAD_AGENDA) else ""
    registered = ""
    if capabilities.supports(Operation.REGISTER_CONTACTS):
        registered = contact.registered_at.isoformat() if contact.registered_at else "no"
    last_inbound = contact.last_inbound_at.isoformat() if contact.last_inbound_at else ""
    return (contact.display_name, phone, account.name, last_inbound, in_agenda, registered)

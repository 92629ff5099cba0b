"""The inbox: every account's conversations as one list, newest activity first, a page at
a time; where a conversation is in it, the next one waiting for an answer, and the unread
totals for badges."""

from __future__ import annotations

from console.domain.accounts import ProviderKind
from console.domain.inbox import InboxFilter
from console.domain.unread import UnreadTotals
from console.domain.views import InboxRow
from console.providers.registry import capabilities
from console.store import inbox as inbox_queries
from console.store.database import Database
from console.store.inbox import InboxQuery
from console.store.types import utcnow

# The providers whose customers can only be written freely within 24 h of their last message.
WINDOW_PROVIDERS = frozenset(kind.value for kind in ProviderKind if capabilities(kind).session_window)


class InboxService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def page(self, chosen: InboxFilter, offset: int, limit: int) -> list[InboxRow]:
        return await self._db.run(inbox_queries.page, _query(chosen), offset, limit)

    async def count(self, chosen: InboxFilter) -> int:
        return await self._db.run(inbox_queries.count, _query(chosen))

    async def row(self, conversation_id: int) -> InboxRow | None:
        """The conversation's row, whatever the filter."""
        found = await self._db.run(inbox_queries.rows, [conversation_id], WINDOW_PROVIDERS)
        return found[0] if found else None

    async def locate(self, conversation_id: int, chosen: InboxFilter) -> tuple[int, InboxRow] | None:
        """The conversation's index in the filtered list and its row; None when the filter
        leaves it out. What a list needs to move one row when `conversation_changed` says so."""
        return await self._db.run(inbox_queries.locate, _query(chosen), conversation_id)

    async def next_waiting(self, after_conversation_id: int | None, chosen: InboxFilter) -> InboxRow | None:
        """The next conversation, in the list's order, whose customer wrote last: after
        `after_conversation_id` (the one just handled), else from the top. None: nobody waits."""
        return await self._db.run(inbox_queries.next_waiting, _query(chosen), after_conversation_id)

    async def unread_totals(self) -> UnreadTotals:
        return await self._db.run(inbox_queries.unread_totals)


def _query(chosen: InboxFilter) -> InboxQuery:
    return InboxQuery(chosen, utcnow(), WINDOW_PROVIDERS)

"""Search in the text of every message: all accounts, one, or one conversation (the chat's
Ctrl+F); accent- and case-insensitive; results newest first, each with what opens the
conversation at that message. A page's work is bounded, so a page shorter than asked is not
the end: `SearchPage.more` says whether older matches may follow."""

from __future__ import annotations

from console.domain.errors import InvalidInput
from console.domain.notices import Wording
from console.domain.search_views import SearchPage
from console.domain.text_search import MIN_SEARCH_LENGTH, searchable
from console.services import field_labels as labels
from console.store import message_search as search_queries
from console.store.database import Database

PAGE = 50


TOO_SHORT = Wording("search.too_short", "type at least {count} characters to search every conversation")


class MessageSearch:
    def __init__(self, db: Database, *, candidates: int = search_queries.CANDIDATES) -> None:
        """`candidates`: how many of the index's candidates a page reads at most."""
        self._db = db
        self._candidates = candidates

    async def search(
        self,
        query: str,
        *,
        account_id: int | None = None,
        conversation_id: int | None = None,
        before_message_id: int | None = None,
        limit: int = PAGE,
    ) -> SearchPage:
        """Messages containing `query`, newest first; the next page: `before_message_id` = the
        page's `next_before`. Across conversations a query needs three characters or more."""
        needle = searchable(query)
        if not needle:
            return SearchPage((), more=False, next_before=None)
        if conversation_id is None and len(needle) < MIN_SEARCH_LENGTH:
            raise InvalidInput(labels.SEARCH(), TOO_SHORT(count=MIN_SEARCH_LENGTH))
        return await self._db.run(
            search_queries.search,
            needle,
            account_id=account_id,
            conversation_id=conversation_id,
            before_id=before_message_id,
            limit=limit,
            candidates=self._candidates,
        )

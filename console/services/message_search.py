"""Search in the text of every message: all accounts, one, or one conversation (the chat's
Ctrl+F); accent- and case-insensitive; results newest first, each with what opens the
conversation at that message."""

from __future__ import annotations

from console.domain.errors import InvalidInput
from console.domain.notices import Wording
from console.domain.text_search import MIN_SEARCH_LENGTH, searchable
from console.domain.views import SearchHit
from console.services import field_labels as labels
from console.store import message_search as search_queries
from console.store.database import Database

PAGE = 50


TOO_SHORT = Wording("search.too_short", "type at least {count} characters to search every conversation")


class MessageSearch:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def search(
        self,
        query: str,
        *,
        account_id: int | None = None,
        conversation_id: int | None = None,
        before_message_id: int | None = None,
        limit: int = PAGE,
    ) -> list[SearchHit]:
        """Messages containing `query`, newest first; the next page: `before_message_id` = the
        last hit's message id. Across conversations a query needs three characters or more."""
        needle = searchable(query)
        if not needle:
            return []
        if conversation_id is None and len(needle) < MIN_SEARCH_LENGTH:
            raise InvalidInput(labels.SEARCH(), TOO_SHORT(count=MIN_SEARCH_LENGTH))
        return await self._db.run(
            search_queries.search,
            needle,
            account_id=account_id,
            conversation_id=conversation_id,
            before_id=before_message_id,
            limit=limit,
        )

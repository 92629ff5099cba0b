"""Messages found by their text, newest first, a page at a time.

Across accounts the trigram index (`message_search`) answers, walked from the newest
match down so a first page never reads every match. Inside one conversation its
messages are read newest first through `ix_message_conversation` and their folded text
compared: that is bounded by the conversation's size and also finds one or two characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlmodel import Session, col, select

from console.domain.messages import Direction, MessageKind
from console.domain.text_search import snippet
from console.domain.views import SearchHit
from console.store.fts import trigram_phrase
from console.store.tables import AccountRow, ContactRow, ConversationRow, MessageRow

_EVERYWHERE = (
    "SELECT message_search.rowid FROM message_search WHERE message_search MATCH :phrase "
    "AND message_search.rowid < :before ORDER BY message_search.rowid DESC LIMIT :limit"
)
# CROSS JOIN keeps the index's newest-first walk as the outer loop.
_IN_ACCOUNT = (
    "SELECT message_search.rowid FROM message_search CROSS JOIN message ON message.id = message_search.rowid "
    "WHERE message_search MATCH :phrase AND message_search.rowid < :before AND message.account_id = :account_id "
    "ORDER BY message_search.rowid DESC LIMIT :limit"
)
_IN_CONVERSATION = (
    "SELECT id FROM message WHERE conversation_id = :conversation_id AND id < :before "
    "AND instr(search_text, :needle) > 0 ORDER BY id DESC LIMIT :limit"
)
_NO_LIMIT = 2**62


def search(
    session: Session,
    needle: str,
    *,
    account_id: int | None = None,
    conversation_id: int | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Messages whose folded text contains `needle` (folded, see `text_search.fold`), newest
    first, older than `before_id` when given. Across accounts `needle` needs three characters."""
    values = {"needle": needle, "before": before_id or _NO_LIMIT, "limit": limit}
    if conversation_id is not None:
        found = session.execute(text(_IN_CONVERSATION), {**values, "conversation_id": conversation_id})
    else:
        phrase = trigram_phrase(needle)
        if phrase is None:
            raise ValueError(f"a search across conversations needs three characters or more, not {needle!r}")
        values["phrase"] = phrase
        if account_id is None:
            found = session.execute(text(_EVERYWHERE), values)
        else:
            found = session.execute(text(_IN_ACCOUNT), {**values, "account_id": account_id})
    return _hits(session, [message_id for (message_id,) in found], needle)


def _hits(session: Session, message_ids: Sequence[int], needle: str) -> list[SearchHit]:
    if not message_ids:
        return []
    statement = (
        select(MessageRow, ConversationRow.contact_id, ContactRow.display_name, AccountRow.name)
        .join(ConversationRow, col(ConversationRow.id) == MessageRow.conversation_id)
        .join(ContactRow, col(ContactRow.id) == ConversationRow.contact_id)
        .join(AccountRow, col(AccountRow.id) == MessageRow.account_id)
        .where(col(MessageRow.id).in_(message_ids))
    )
    found = {message.id: (message, *rest) for message, *rest in session.execute(statement)}
    hits = []
    for message_id in message_ids:
        if message_id not in found:
            continue
        message, contact_id, contact_title, account_name = found[message_id]
        piece = snippet(message.body, needle)
        hits.append(
            SearchHit(
                message_id=message_id,
                conversation_id=message.conversation_id,
                account_id=message.account_id,
                account_name=account_name,
                contact_id=contact_id,
                contact_title=contact_title,
                direction=Direction(message.direction),
                kind=MessageKind(message.kind),
                at=message.created_at,
                snippet=piece.text,
                highlight=(piece.start, piece.end),
            )
        )
    return hits

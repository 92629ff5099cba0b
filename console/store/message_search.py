"""Messages found by their text, newest first, a page at a time.

Across accounts the trigram index (`message_search`) gives the candidates, the messages
holding the needle's two rarest trigrams, walked from the newest down so a first page never
reads every match; each candidate's folded text is then compared with the needle. Matching
the whole needle in the index instead has it check every trigram in place: a phrase of
common words, each trigram in half the messages, took several times longer over 1M messages.
A page reads at most `CANDIDATES` candidates: a phrase made of common pieces that almost no
message holds (every candidate read, few kept) took 70 ms and grows with the cache; bounded,
the page ends early and says that older matches may follow (`SearchPage.more`).
Inside one conversation its messages are read newest first through `ix_message_conversation` and their folded text
compared: that is bounded by the conversation's size and also finds one or two characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlmodel import Session, col, select

from console.domain.messages import Direction, MessageKind
from console.domain.text_search import MIN_SEARCH_LENGTH, snippet
from console.domain.views import SearchHit, SearchPage
from console.store.fts import quoted
from console.store.tables import AccountRow, ContactRow, ConversationRow, MessageRow

# CROSS JOIN keeps the index's newest-first walk as the outer loop.
_CANDIDATES = (
    "SELECT message_search.rowid FROM message_search CROSS JOIN message ON message.id = message_search.rowid "
    "WHERE message_search MATCH :terms AND message_search.rowid < :before AND message_search.rowid >= :floor "
    "AND instr(message.search_text, :needle) > 0"
)
_EVERYWHERE = _CANDIDATES + " ORDER BY message_search.rowid DESC LIMIT :limit"
_IN_ACCOUNT = _CANDIDATES + " AND message.account_id = :account_id ORDER BY message_search.rowid DESC LIMIT :limit"
# How far down the index a page's `CANDIDATES` candidates reach: their count and the oldest.
_REACH = (
    "SELECT count(*), min(rowid) FROM (SELECT rowid FROM message_search WHERE message_search MATCH :terms "
    "AND rowid < :before ORDER BY rowid DESC LIMIT :candidates)"
)
_NEWEST_ID = "SELECT max(id) FROM message"
_RECENT_COUNT = "SELECT count(*) FROM message_search WHERE message_search MATCH :term AND rowid > :floor"
RAREST_TERMS = 2  # a third trigram costs the index more than it spares the comparisons
SAMPLE = 5000  # the newest messages, where a first page is found, in which rarity is counted
CANDIDATES = 5000  # read per page at most: ~10 ms on a 2-core machine, twice that when it is busy
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
    candidates: int = CANDIDATES,
) -> SearchPage:
    """Messages whose folded text contains `needle` (folded, see `text_search.fold`), newest
    first, older than `before_id` when given. Across accounts `needle` needs three characters
    and at most `candidates` messages of the index are read."""
    values = {"needle": needle, "before": before_id or _NO_LIMIT, "limit": limit}
    reach_end = True  # every candidate older than `before_id` is read
    if conversation_id is not None:
        found = session.execute(text(_IN_CONVERSATION), {**values, "conversation_id": conversation_id})
    else:
        if len(needle) < MIN_SEARCH_LENGTH:
            raise ValueError(f"a search across conversations needs three characters or more, not {needle!r}")
        values["terms"] = _rarest_terms(session, needle)
        read, oldest = session.execute(text(_REACH), {**values, "candidates": candidates}).one()
        reach_end = read < candidates
        values["floor"] = -_NO_LIMIT if reach_end else oldest  # older history is stored below 0 (`add_message`)
        if account_id is None:
            found = session.execute(text(_EVERYWHERE), values)
        else:
            found = session.execute(text(_IN_ACCOUNT), {**values, "account_id": account_id})
    message_ids = [message_id for (message_id,) in found]
    hits = tuple(_hits(session, message_ids, needle))
    if len(message_ids) == limit:
        return SearchPage(hits, more=True, next_before=message_ids[-1])
    if not reach_end:
        return SearchPage(hits, more=True, next_before=values["floor"])
    return SearchPage(hits, more=False, next_before=None)


def _rarest_terms(session: Session, needle: str) -> str:
    """An index query for the needle's rarest trigrams, all required: every message holding
    the needle matches it, whichever trigrams are chosen."""
    trigrams = {needle[start : start + 3] for start in range(len(needle) - 2)}
    counts = _recent_counts(session, trigrams)
    rarest = sorted(trigrams, key=lambda trigram: (counts[trigram], trigram))[:RAREST_TERMS]
    return " AND ".join(quoted(trigram) for trigram in rarest)


def _recent_counts(session: Session, trigrams: set[str]) -> dict[str, int]:
    """How many of the newest messages hold each trigram. The index's own totals
    (fts5vocab) read every message holding a trigram: 10 ms for a common one."""
    floor = (session.execute(text(_NEWEST_ID)).scalar() or 0) - SAMPLE
    statement = text(_RECENT_COUNT)
    return {
        trigram: session.execute(statement, {"term": quoted(trigram), "floor": floor}).scalar_one()
        for trigram in trigrams
    }


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

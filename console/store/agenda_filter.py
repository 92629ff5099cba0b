"""The agenda filtered as the agent types: the contacts matching a filter, in the agenda's
order, each answer found with bounded work whatever the filter and the agenda's size.

Two ways, chosen per answer:
- Few matches (the trigram index lists at most `FEW` of the account's contacts for a filter
  of three characters or more): they are read from the index and sorted; the answer is
  exact and knows the total.
- Otherwise the agenda's order (`ix_contact_agenda_order`) is walked from where the last
  answer stopped, at most `WALKED` contacts, each one's `search_text` compared with the
  filter. Matches are then common, so a walk finds a screenful quickly; when they are not
  (one or two characters few names hold), the answer ends short and says where to go on.
Counting every match on every keystroke is what made typing slow (a filter matching 100k
contacts took 20-55 ms to count and page), so the walk never counts.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text
from sqlmodel import Session

from console.domain.contact_views import AgendaMatches, AgendaPlace
from console.store.contacts import needle, views_in_order
from console.store.fts import every_trigram

FEW = 1000  # index matches sorted in one go (~2 ms); more go the walking way
WALKED = 8000  # contacts compared per answer at most, from the index alone: ~2 ms of a 2-core machine
FIRST_WINDOW = 250  # contacts compared first: a common filter's screenful is among them

# Each match with its place in the agenda's order, so few of them are sorted without reading them again.
_INDEX_MATCHES = (
    "SELECT display_name = phone, display_name, phone, contact.search_text, contact.id "
    "FROM contact_search CROSS JOIN contact ON contact.id = contact_search.rowid "
    "WHERE contact_search MATCH :trigrams AND contact.account_id = :account_id AND instr(contact.search_text, :needle) > 0 "
    "LIMIT :few"
)
# The agenda's order is the index's own (`search_text` follows from the name and number: it
# only keeps the index from sorting ties, which made skipping along it fifteen times slower).
# One part of the agenda (named or unnamed contacts), in the index's order from a place.
_PART = "account_id = :account_id AND (display_name = phone) = :unnamed {after}"
_KEY = "display_name, phone, search_text, id"
_AFTER = f"AND ({_KEY}) > (:name, :phone, :text, :id)"
_WALK_END = f"SELECT {_KEY} FROM contact WHERE {{part}} ORDER BY {_KEY} LIMIT 1 OFFSET :walked"
_WALK_MATCHES = (
    f"SELECT {_KEY} FROM contact WHERE {{part}} {{until}} AND instr(search_text, :needle) > 0 ORDER BY {_KEY} LIMIT :limit"
)
_UNTIL = f"AND ({_KEY}) <= (:end_name, :end_phone, :end_text, :end_id)"


def filter_agenda(
    session: Session,
    account_id: int,
    query: str,
    after: AgendaPlace | None,
    limit: int,
    walked: int = WALKED,
    few: int = FEW,
) -> AgendaMatches:
    """Up to `limit` of `account_id`'s contacts matching `query` (a name, a number as people
    write it), in the agenda's order, from `after` (the start when None). At most `walked`
    contacts are compared, so the answer may end short before the end of the agenda; at
    most `few` index matches are sorted instead."""
    wanted = needle(query)
    indexed = _index_matches(session, account_id, wanted, few)
    if indexed is not None and len(indexed) <= few:
        return _sorted(session, indexed, after, limit)
    walk = _walk(session, account_id, wanted, after or AgendaPlace(unnamed=False, last=None), limit, walked)
    # Many match: counting them would read them all.
    return walk if indexed is None else replace(walk, more_than=few)


_Placed = tuple[int, str, str, str, int]  # (unnamed, display name, phone, search text, id): a contact's place


def _index_matches(session: Session, account_id: int, wanted: str, few: int) -> list[_Placed] | None:
    """Up to `few` + 1 of the account's contacts the trigram index finds for `wanted`, each
    with its place in the agenda; None when it cannot answer (fewer than three characters)."""
    trigrams = every_trigram(wanted)
    if trigrams is None:
        return None
    values = {"trigrams": trigrams, "needle": wanted, "account_id": account_id, "few": few + 1}
    return [tuple(row) for row in session.execute(text(_INDEX_MATCHES), values)]  # type: ignore[misc]


def _sorted(session: Session, matches: list[_Placed], after: AgendaPlace | None, limit: int) -> AgendaMatches:
    """The matches from `after` on, sorted here: Python orders strings by code point, as
    SQLite's binary collation orders their UTF-8, so the order is the index's."""
    places = sorted(matches)
    if after is not None:
        start = (int(after.unnamed), *(after.last or ("", "", "", 0)))
        places = [place for place in places if place > start]
    shown = places[:limit]
    following = None
    if len(places) > limit:
        unnamed, name, phone, folded, contact_id = shown[-1]
        following = AgendaPlace(bool(unnamed), (name, phone, folded, contact_id))
    return AgendaMatches(tuple(views_in_order(session, [place[4] for place in shown])), following, len(matches))


def _walk(session: Session, account_id: int, wanted: str, at: AgendaPlace, limit: int, walked: int) -> AgendaMatches:
    """Compare at most `walked` contacts from `at` on with `wanted`, in windows growing from
    `FIRST_WINDOW` (a common filter fills its answer in the first). An answer stays within
    one part of the agenda: the unnamed contacts' part is the next answer's."""
    found: list[tuple[str, str, str, int]] = []  # the matches' places
    window, spent = FIRST_WINDOW, 0
    while True:
        window = min(window, walked - spent)
        values: dict[str, object] = {"account_id": account_id, "unnamed": at.unnamed, "needle": wanted}
        after = ""
        if at.last is not None:
            values |= dict(zip(("name", "phone", "text", "id"), at.last, strict=True))
            after = _AFTER
        part = _PART.format(after=after)
        end = session.execute(text(_WALK_END.format(part=part)), {**values, "walked": window - 1}).one_or_none()
        until = ""
        if end is not None:
            values |= dict(zip(("end_name", "end_phone", "end_text", "end_id"), end, strict=True))
            until = _UNTIL
        values["limit"] = limit - len(found)
        found += [tuple(row) for row in session.execute(text(_WALK_MATCHES.format(part=part, until=until)), values)]
        spent += window
        if len(found) == limit:
            following: AgendaPlace | None = AgendaPlace(at.unnamed, found[-1])
            break
        if end is None:
            following = None if at.unnamed else AgendaPlace(unnamed=True, last=None)
            break
        at = following = AgendaPlace(at.unnamed, tuple(end))
        if spent >= walked:
            break
        window *= 4
    return AgendaMatches(tuple(views_in_order(session, [row[3] for row in found])), following, None)

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
from typing import Any

from sqlmodel import Session

from console.domain.contact_views import AgendaMatches, AgendaPlace, ContactView
from console.store.agenda_narrowing import FoundSoFar, Known, Place, as_place
from console.store.contacts import needle, views_in_order
from console.store.fts import every_trigram

FEW = 1000  # index matches sorted in one go (~2 ms); more go the walking way
WALKED = 8000  # contacts compared per answer at most, from the index alone: ~2 ms of a 2-core machine
FIRST_WINDOW = 250  # contacts compared first: a common filter's screenful is among them

# The index's matches (at most `few` + 1, each with its place in the agenda's order), how
# many they are, and those after a place, sorted by SQLite, whose work does not hold the
# window's thread up (the interpreter lock) as Python's does. When they are more than `few`,
# no row comes: the walk answers.
_INDEX_ANSWER = (
    "WITH matches AS MATERIALIZED ("
    "SELECT contact.display_name = contact.phone AS unnamed, contact.display_name, contact.phone, contact.search_text, "
    "contact.id FROM contact_search CROSS JOIN contact ON contact.id = contact_search.rowid "
    "WHERE contact_search MATCH :trigrams AND contact.account_id = :account_id AND instr(contact.search_text, :needle) > 0 "
    "LIMIT :few + 1), "
    "counted AS (SELECT count(*) AS total FROM matches), "
    "shown AS (SELECT matches.* FROM matches, counted WHERE counted.total <= :few "
    "AND (unnamed, display_name, phone, search_text, id) > (:unnamed, :name, :phone, :text, :id) "
    "ORDER BY unnamed, display_name, phone, search_text, id) "
    "SELECT counted.total, shown.* FROM counted LEFT JOIN shown"
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
    found: FoundSoFar | None = None,
) -> AgendaMatches:
    """Up to `limit` of `account_id`'s contacts matching `query` (a name, a number as people
    write it), in the agenda's order, from `after` (the start when None). At most `walked`
    contacts are compared, so the answer may end short before the end of the agenda; at
    most `few` index matches are sorted instead. `found`: what the answers before this one
    found, which this one narrows when it can and updates (see `agenda_narrowing`)."""
    wanted = needle(query)
    trigrams = every_trigram(wanted)
    found = found or FoundSoFar()
    known = found.known(session, account_id, wanted, after)
    if known is not None and known.total is not None:  # every match is known: no search at all
        found.narrow(session, account_id, wanted, None, known.every)
        return _page(session, known.places, limit, known.total)
    if trigrams is not None:
        indexed = _from_index(session, account_id, wanted, trigrams, after, few)
        if indexed is not None:
            places, total = indexed
            found.keep(session, account_id, wanted, after, places, None)
            return _page(session, places, limit, total)
    if known is None:
        places, following = _walk(session, account_id, wanted, after or AgendaPlace(unnamed=False, last=None), limit, walked)
        found.keep(session, account_id, wanted, after, places, following)
    else:
        places, following = _go_on(session, account_id, wanted, known, limit, walked, found)
    walk = AgendaMatches(_views(session, places), following, None)
    # Many match: counting them would read them all.
    return walk if trigrams is None else replace(walk, more_than=few)


def _page(session: Session, places: list[Place], limit: int, total: int) -> AgendaMatches:
    """The first `limit` of `places`, every match after the asked place (`total` in all)."""
    shown = places[:limit]
    return AgendaMatches(_views(session, shown), as_place(shown[-1]) if len(places) > limit else None, total)


def _go_on(
    session: Session, account_id: int, wanted: str, known: Known, limit: int, walked: int, found: FoundSoFar
) -> tuple[list[Place], AgendaPlace | None]:
    """The answer from the matches `known` already, walking on from where they end when they
    are fewer than `limit`; `found` then holds `wanted`'s matches up to where this answer looked."""
    if len(known.places) >= limit or known.reached is None:
        places = known.places[:limit]
        found.narrow(session, account_id, wanted, known.reached, known.every)
        return places, as_place(places[-1]) if len(places) == limit else None
    more, following = _walk(session, account_id, wanted, known.reached, limit - len(known.places), walked)
    found.narrow(session, account_id, wanted, following, known.every + more)
    return known.places + more, following


def _views(session: Session, places: list[Place]) -> tuple[ContactView, ...]:
    return tuple(views_in_order(session, [place[4] for place in places]))


def _rows(session: Session, sql: str, values: dict[str, Any]) -> list[tuple[Any, ...]]:
    """`sql`'s rows, straight from the driver in the session's transaction: SQLAlchemy's
    own work per statement (~0.1 ms) was a good part of a keystroke's answer."""
    cursor = session.connection().connection.cursor()
    try:
        return cursor.execute(sql, values).fetchall()
    finally:
        cursor.close()


def _from_index(
    session: Session, account_id: int, wanted: str, trigrams: str, after: AgendaPlace | None, few: int
) -> tuple[list[Place], int] | None:
    """From the trigram index, when it finds at most `few` of the account's contacts: every
    match after `after` in the agenda's order (kept, so that typing on narrows them without
    searching again) and their total; None when it finds more."""
    start = (int(after.unnamed), *(after.last or ("", "", "", 0))) if after is not None else (-1, "", "", "", 0)
    values = dict(zip(("unnamed", "name", "phone", "text", "id"), start, strict=True))
    values |= {"trigrams": trigrams, "needle": wanted, "account_id": account_id, "few": few}
    rows = _rows(session, _INDEX_ANSWER, values)
    total = rows[0][0]
    if total > few:
        return None
    return sorted(row[1:] for row in rows if row[1] is not None), total  # as SQLite sorted them: code point order


def _walk(
    session: Session, account_id: int, wanted: str, at: AgendaPlace, limit: int, walked: int
) -> tuple[list[Place], AgendaPlace | None]:
    """Compare at most `walked` contacts from `at` on with `wanted`, in windows growing from
    `FIRST_WINDOW` (a common filter fills its answer in the first): the matches, and where
    the next answer goes on. An answer stays within one part of the agenda: the unnamed
    contacts' part is the next answer's."""
    found: list[tuple[str, str, str, int]] = []  # the matches' places
    window, spent = FIRST_WINDOW, 0
    while True:
        window = min(window, walked - spent)
        values: dict[str, Any] = {"account_id": account_id, "unnamed": at.unnamed, "needle": wanted}
        after = ""
        if at.last is not None:
            values |= dict(zip(("name", "phone", "text", "id"), at.last, strict=True))
            after = _AFTER
        part = _PART.format(after=after)
        ends = _rows(session, _WALK_END.format(part=part), {**values, "walked": window - 1})
        end = ends[0] if ends else None
        until = ""
        if end is not None:
            values |= dict(zip(("end_name", "end_phone", "end_text", "end_id"), end, strict=True))
            until = _UNTIL
        values["limit"] = limit - len(found)
        found += _rows(session, _WALK_MATCHES.format(part=part, until=until), values)
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
    unnamed = int(at.unnamed)
    return [(unnamed, *row) for row in found], following

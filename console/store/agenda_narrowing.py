"""What the typed filter's answers found so far, kept to answer the next keystroke.

A keystroke that extends the filter (`mar` → `mart`) can only narrow its matches: a contact
holding `mart` holds `mar`. So the matches of the previous filter from the agenda's start
up to where its answers stopped, each compared with the longer filter, are exactly the new
filter's matches up to there, and the walk along the agenda goes on from that place instead
of from the start again. Typing a name few of the first contacts hold then moves on through
the agenda keystroke by keystroke rather than comparing the same first contacts each time.
An answer from the trigram index keeps every match (at most `agenda_filter.FEW`), so the
keystrokes after it are answered from them, exactly and with their total, without a search.

Kept only while the database is as it was when they were read: any write since (this
connection's count of changed rows, or another connection's commit) drops them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from console.domain.contact_views import AgendaPlace

KEPT = 5000  # matches kept at most (an agent scrolling far down a common filter): comparing them stays ~0.3 ms
# A match's place in the agenda's order: (unnamed, display name, phone, search text, id).
Place = tuple[int, str, str, str, int]


def place_key(place: AgendaPlace) -> tuple[Any, ...]:
    """`place` as a tuple that compares with `Place`s in the agenda's order."""
    return (int(place.unnamed), *place.last) if place.last is not None else (int(place.unnamed),)


def as_place(place: Place) -> AgendaPlace:
    return AgendaPlace(bool(place[0]), place[1:])  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Known:
    """The filter's matches after the asked place (`places`) and from the agenda's start
    (`every`), up to `reached`, in order; `total` when they reach the end (`reached` None)."""

    places: list[Place]
    every: list[Place]
    reached: AgendaPlace | None

    @property
    def total(self) -> int | None:
        return len(self.every) if self.reached is None else None


@dataclass(slots=True)
class FoundSoFar:
    """One filter's matches from the agenda's start up to `reached`; used on the database thread only."""

    account_id: int = 0
    wanted: str = ""
    places: list[Place] = field(default_factory=list)
    reached: AgendaPlace | None = None
    version: tuple[int, ...] = ()

    def known(self, session: Session, account_id: int, wanted: str, after: AgendaPlace | None) -> Known | None:
        """`wanted`'s matches after `after` that the kept ones tell, or None when they tell nothing
        (another account or filter, a place beyond them, or the database changed since)."""
        if not self.version or account_id != self.account_id or self.wanted not in wanted:
            return None
        if after is not None and self.reached is not None and place_key(after) > place_key(self.reached):
            return None
        if _version(session) != self.version:
            self.version = ()
            return None
        start = place_key(after) if after is not None else (-1,)
        every = [place for place in self.places if wanted in place[3]]
        return Known([place for place in every if place > start], every, self.reached)

    def keep(
        self,
        session: Session,
        account_id: int,
        wanted: str,
        after: AgendaPlace | None,
        places: list[Place],
        reached: AgendaPlace | None,
    ) -> None:
        """An answer for `wanted` after `after` gave `places`, every match up to `reached`: kept
        when it starts at the agenda's start or goes on from the kept ones."""
        goes_on = self.version and account_id == self.account_id and wanted == self.wanted and after == self.reached
        if after is not None and not goes_on:
            self.version = ()
            return
        if after is None:
            self.account_id, self.wanted, self.places = account_id, wanted, []
        self.places.extend(places)
        self.reached = reached
        self.version = _version(session) if len(self.places) <= KEPT else ()

    def narrow(self, session: Session, account_id: int, wanted: str, reached: AgendaPlace | None, places: list[Place]) -> None:
        """Keep, for `wanted`, every match up to `reached`: `places` (the kept ones narrowed, and what
        was found after them)."""
        self.account_id, self.wanted, self.places, self.reached = account_id, wanted, places, reached
        self.version = _version(session) if len(places) <= KEPT else ()


def _version(session: Session) -> tuple[int, ...]:
    """What changes with any write: this connection's count of changed rows, and SQLite's
    counter of other connections' commits."""
    connection = session.connection().connection.driver_connection
    cursor = connection.cursor()  # type: ignore[union-attr]
    try:
        (data_version,) = cursor.execute("PRAGMA data_version").fetchone()
    finally:
        cursor.close()
    return (id(connection), connection.total_changes, data_version)  # type: ignore[union-attr]

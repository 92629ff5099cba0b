"""The inbox's filters, its two orders, where a row is, the next conversation waiting, and
that each list is read from an index in its order (no sort of every conversation)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite
from sqlmodel import Session

from console.domain.accounts import ProviderKind
from console.domain.inbox import ConversationStatus, InboxFilter
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageKind
from console.domain.team import TeamChange
from console.services.inbox import WINDOW_PROVIDERS
from console.store import accounts, contact_notes, contacts, conversations, inbox, messages, team
from console.store.database import Database
from console.store.inbox import InboxQuery
from console.store.types import utcnow

NOW = utcnow()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path)
    yield database
    database.close()


def _wrote(session: Session, account_id: int, phone: str, hours_ago: float, name: str | None = None) -> int:
    """The customer `phone` wrote `hours_ago`; their conversation's id."""
    contact_id = contacts.ensure_contact(session, account_id, phone, phone, name)
    at = NOW - timedelta(hours=hours_ago)
    stored = messages.record_incoming(session, account_id, contact_id, f"mensaje de {phone}", f"in-{phone}-{hours_ago}", at)
    assert stored is not None
    return stored.conversation_id


def _answered(session: Session, account_id: int, phone: str, hours_ago: float) -> None:
    contact_id = contacts.ensure_contact(session, account_id, phone, phone)
    at = NOW - timedelta(hours=hours_ago)
    outgoing, text = Direction.OUTGOING, MessageKind.TEXT
    messages.add_message(session, account_id, contact_id, outgoing, text, "Respuesta", DeliveryState.SENT, at)


def _query(**chosen: object) -> InboxQuery:
    return InboxQuery(InboxFilter(**chosen), NOW, WINDOW_PROVIDERS)  # type: ignore[arg-type]


def _contact(database: Database, conversation_id: int) -> int:
    [row] = database.call(inbox.rows, [conversation_id], WINDOW_PROVIDERS)
    return row.contact_id


def _titles(database: Database, **chosen: object) -> list[str]:
    return [row.contact_title for row in database.call(inbox.page, _query(**chosen), 0, 50)]


@pytest.fixture
def day(database: Database) -> dict[str, int]:
    """Two Broadcasterbot accounts (24 h window) and a Chattigo one (no window), a day's work."""

    def build(session: Session) -> dict[str, int]:
        bb = accounts.add_account(session, "bb", ProviderKind.BROADCASTERBOT, {}).id
        other = accounts.add_account(session, "bb2", ProviderKind.BROADCASTERBOT, {}).id
        chattigo = accounts.add_account(session, "ch", ProviderKind.CHATTIGO, {}).id
        ids = {
            "ana": _wrote(session, bb, "5491100000001", 23.5, "Ana Martínez"),  # window closes in 30 min
            "bruno": _wrote(session, bb, "5491100000002", 22.5, "Bruno"),  # closes in 1 h 30
            "carla": _wrote(session, other, "5491100000003", 21, "Carla"),  # closes in 3 h: not soon
            "diego": _wrote(session, bb, "5491100000004", 30, "Diego"),  # closed 6 h ago
            "elena": _wrote(session, chattigo, "5491100000005", 23, "Elena"),  # Chattigo keeps no window
            "facundo": _wrote(session, other, "5491100000006", 2, "Facundo"),
        }
        _answered(session, bb, "5491100000002", 1)  # Bruno was answered: newest activity, not waiting
        messages.mark_read(session, ids["carla"])
        ids.update(bb=bb, other=other, chattigo=chattigo)
        return ids

    return database.call(build)


def test_newest_activity_first_and_each_filter(database: Database, day: dict[str, int]) -> None:
    assert _titles(database) == ["Bruno", "Facundo", "Carla", "Elena", "Ana Martínez", "Diego"]
    assert database.call(inbox.count, _query()) == 6
    assert _titles(database, unread=True) == ["Bruno", "Facundo", "Elena", "Ana Martínez", "Diego"]
    assert _titles(database, waiting=True) == ["Facundo", "Carla", "Elena", "Ana Martínez", "Diego"]
    assert _titles(database, account_id=day["other"]) == ["Facundo", "Carla"]
    assert _titles(database, account_id=day["bb"], waiting=True, unread=True) == ["Ana Martínez", "Diego"]
    # The window closing within 2 h, the first to close first; Chattigo's conversations have no window.
    assert _titles(database, closing_soon=True) == ["Ana Martínez", "Bruno"]
    assert _titles(database, closing_soon=True, waiting=True) == ["Ana Martínez"]
    assert _titles(database, text="martin") == ["Ana Martínez"]  # the agenda's accent-free filter
    assert _titles(database, text="11 0000 0005") == ["Elena"]  # a number as people write it

    database.call(contact_notes.add_label, _contact(database, day["carla"]), "Mayorista")
    database.call(contact_notes.add_label, _contact(database, day["ana"]), "mayorista")  # the label in use keeps its spelling
    assert database.call(contact_notes.labels_in_use) == ["Mayorista"]
    assert _titles(database, label="Mayorista") == ["Carla", "Ana Martínez"]
    [carla] = database.call(inbox.page, _query(label="Mayorista"), 0, 1)
    assert carla.labels == ("Mayorista",)

    database.call(conversations.set_status, day["facundo"], ConversationStatus.RESOLVED)
    assert "Facundo" not in _titles(database)
    assert _titles(database, status=ConversationStatus.RESOLVED) == ["Facundo"]
    pages = [database.call(inbox.page, _query(), offset, 2) for offset in (0, 2, 4)]
    assert [row.contact_title for page in pages for row in page] == _titles(database)


def test_team_holds_filter_with_the_others_and_reach_conversations_started_after_the_hold(
    database: Database, day: dict[str, int]
) -> None:
    server = "https://team.example.com"
    held = [
        TeamChange(1, "ana", "taken", "bb", "5491100000001", holder="ana"),  # Ana Martínez's: mine
        TeamChange(2, "bruno", "taken", "bb2", "5491100000006", holder="bruno"),  # Facundo's: Bruno's
        TeamChange(3, "bruno", "transferred", "bb2", "5491100000003", holder="ana", note="te la paso"),  # Carla's: mine
        TeamChange(4, "ana", "taken", "bb", "5491199999999", holder="ana"),  # nobody wrote yet
    ]
    database.call(team.join, server, "ana")
    changed, _ = database.call(team.apply, server, held, 4)
    assert len(changed) == 4
    assert _titles(database, held_by="ana") == ["Carla", "Ana Martínez"]
    assert _titles(database, held_by="ana", unread=True) == ["Ana Martínez"]
    assert _titles(database, held_by="bruno", account_id=day["bb"]) == []
    assert _titles(database, unheld=True) == ["Bruno", "Elena", "Diego"]
    assert _titles(database, unheld=True, text="elena") == ["Elena"]
    assert database.call(inbox.count, _query(held_by="ana")) == 2

    later = database.call(_wrote, day["bb"], "5491199999999", 0.1, "Gala")  # the held customer writes at last
    assert _titles(database, held_by="ana") == ["Gala", "Carla", "Ana Martínez"]
    assert database.call(team.conversations_of, {("bb", "5491199999999"), ("nadie", "1")}) == [(later, day["bb"])]

    def provider_id_not_the_number(session: Session) -> int:  # an agenda whose ids are not the numbers
        contact_id = contacts.ensure_contact(session, day["bb"], "cliente-77", "5491100000077", "Hugo")
        at, outgoing, kind = NOW - timedelta(minutes=1), Direction.OUTGOING, MessageKind.TEXT
        sent = messages.add_message(session, day["bb"], contact_id, outgoing, kind, "Hola", DeliveryState.SENT, at)
        return sent.conversation_id

    hugo = database.call(provider_id_not_the_number)
    database.call(team.apply, server, [TeamChange(5, "ana", "taken", "bb", "5491100000077", holder="ana")], 5)
    assert _titles(database, held_by="ana") == ["Hugo", "Gala", "Carla", "Ana Martínez"]
    assert "Hugo" not in _titles(database, unheld=True)
    assert database.call(team.conversations_of, {("bb", "5491100000077"), ("bb", "cliente-77")}) == [(hugo, day["bb"])]


def test_a_rows_place_in_the_list_and_whether_the_filter_keeps_it(database: Database, day: dict[str, int]) -> None:
    found = database.call(inbox.locate, _query(), day["elena"])
    assert found is not None
    position, row = found
    assert position == 3 and row.contact_title == "Elena" and row.waiting and not row.keeps_window
    assert row.window_closes_at is None and row.window_left(NOW) is None
    ana_position, ana = database.call(inbox.locate, _query(closing_soon=True), day["ana"])  # type: ignore[misc]
    assert ana_position == 0
    assert ana.window_left(NOW) == timedelta(minutes=30)
    assert database.call(inbox.locate, _query(waiting=True), day["bruno"]) is None
    assert database.call(inbox.locate, _query(), 9999) is None


def test_next_waiting_follows_the_list_and_goes_round_to_the_top(database: Database, day: dict[str, int]) -> None:
    def after(conversation: str | None, **chosen: object) -> str | None:
        found = database.call(inbox.next_waiting, _query(**chosen), None if conversation is None else day[conversation])
        return None if found is None else found.contact_title

    assert after(None) == "Facundo"
    assert after("bruno") == "Facundo"  # Bruno was answered, he waits for nobody: the next one after him
    assert after("facundo") == "Carla"
    assert after("elena") == "Ana Martínez"
    assert after("diego") == "Facundo"  # the end of the list: round to the top
    assert after("ana", closing_soon=True) is None  # Bruno is next in that list, but he does not wait
    assert after("carla", account_id=day["other"]) == "Facundo"  # round, within the account
    assert after("facundo", account_id=day["other"]) == "Carla"
    database.call(conversations.set_status, day["facundo"], ConversationStatus.RESOLVED)
    assert after("facundo") == "Carla"  # just resolved: where it was still counts
    assert after("diego", account_id=day["chattigo"]) == "Elena"


def test_unread_totals_per_account(database: Database, day: dict[str, int]) -> None:
    totals = database.call(inbox.unread_totals)
    assert [(a.account_id, a.conversations, a.messages) for a in totals.accounts] == [
        (day["bb"], 3, 3),
        (day["other"], 1, 1),
        (day["chattigo"], 1, 1),
    ]
    assert (totals.conversations, totals.messages) == (5, 5)


@pytest.mark.parametrize(
    ("chosen", "index"),
    [
        ({}, "ix_conversation_inbox"),
        ({"unread": True}, "ix_conversation_inbox_unread"),
        ({"waiting": True}, "ix_conversation_inbox_waiting"),
        ({"account_id": 1}, "ix_conversation_inbox_account"),
        ({"closing_soon": True}, "ix_conversation_window"),
        ({"status": ConversationStatus.RESOLVED}, "ix_conversation_inbox"),
        ({"label": "Mayorista"}, "ix_conversation_inbox"),
        ({"text": "martin"}, "ix_conversation_inbox"),
    ],
)
def test_each_list_is_read_from_its_index_in_order(database: Database, day: dict[str, int], chosen: dict, index: str) -> None:
    query = _query(**chosen)

    def plan(session: Session) -> str:
        statement = inbox._listed(query).offset(20).limit(50)  # what `page_ids` runs
        compiled = statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
        rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
        return " ".join(str(row[-1]) for row in rows)

    found = database.call(plan)
    assert f"INDEX {index} " in found
    assert "TEMP B-TREE" not in found  # no sort: the index gives the list's order

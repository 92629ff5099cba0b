"""The agenda filtered as the agent types: each answer is bounded work, a short or empty
answer is not the end, and going on from where one stopped finds exactly what reading the
whole agenda finds, in the agenda's order."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.domain.accounts import ProviderKind
from console.domain.contact_views import AgendaMatches, AgendaPlace
from console.domain.contacts import AgendaEntry
from console.store import accounts, agenda_filter, contacts
from console.store.agenda_narrowing import FoundSoFar
from console.store.database import Database
from console.store.types import utcnow

FIRST = ("Ana", "Bruno", "Lucía", "Martín", "Zoe", "Íñigo")
LAST = ("Pérez", "López", "Suárez", "Martínez", "Zqa")
QUERIES = ("a", "z", "zq", "mar", "martin", "lucia su", "perez lo", "099 12", "0991", "+598 99", "12", "nadie", "í")


@pytest.fixture
def database(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = Database.open(tmp_path)
    yield opened
    opened.close()


def _agenda(database: Database) -> int:
    """An account of 90 contacts, a third of them unnamed (named after their number), some
    of the same name; another account with the same names, which a filter never shows."""
    account_id = database.call(accounts.add_account, "a", ProviderKind.HEYNOW, {}).id
    other_id = database.call(accounts.add_account, "b", ProviderKind.HEYNOW, {}).id
    entries = []
    for n in range(90):
        phone = f"5989{(n * 7919) % 10_000_000:07d}"
        name = phone if n % 3 == 0 else f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}"
        entries.append(AgendaEntry(phone, phone, name))
    database.call(contacts.upsert_agenda_batch, account_id, entries, utcnow())
    database.call(contacts.upsert_agenda_batch, other_id, entries, utcnow())
    return account_id


def _everything(database: Database, account_id: int, query: str, **bounds: int) -> tuple[list[int], list[AgendaMatches]]:
    """Every answer from the start until one says it is the end."""
    answers = [database.call(agenda_filter.filter_agenda, account_id, query, None, 4, **bounds)]
    while answers[-1].after is not None:
        answers.append(database.call(agenda_filter.filter_agenda, account_id, query, answers[-1].after, 4, **bounds))
    return [contact.id for answer in answers for contact in answer.contacts], answers


def test_going_on_from_each_answer_finds_what_reading_the_whole_agenda_finds(database: Database) -> None:
    account_id = _agenda(database)
    for query in QUERIES:
        expected = [contact.id for contact in database.call(contacts.page_contacts, account_id, query, 0, 1000)]
        # Sorted from the index (few matches), then walked along the agenda in small steps.
        for bounds in ({}, {"few": 0, "walked": 5}, {"few": 3, "walked": 1}):
            found, answers = _everything(database, account_id, query, **bounds)
            assert found == expected, (query, bounds)
            assert all(len(answer.contacts) <= 4 for answer in answers)
    everyone = database.call(contacts.page_contacts, account_id, "", 0, 1000)
    assert _everything(database, account_id, "ZQ")[0] == [c.id for c in everyone if "Zqa" in c.display_name]


def test_an_answer_stops_after_the_contacts_it_may_compare_and_says_where_to_go_on(database: Database) -> None:
    account_id = _agenda(database)
    # "zq" is only in the last name Zqa: the first five contacts of the agenda (named "Ana …") do not hold it.
    first = database.call(agenda_filter.filter_agenda, account_id, "zq", None, 50, walked=5)
    assert first.contacts == () and first.after is not None and first.total is None
    assert first.after.unnamed is False and first.after.last is not None
    # The named contacts' part ends before the unnamed ones' begins (names sort as written: "Íñigo" after "Zoe").
    beyond_names = AgendaPlace(False, (chr(0x10FFFF), "", "", 0))
    named_end = database.call(agenda_filter.filter_agenda, account_id, "zq", beyond_names, 50)
    assert named_end.contacts == () and named_end.after == AgendaPlace(unnamed=True, last=None)
    last = database.call(agenda_filter.filter_agenda, account_id, "zq", named_end.after, 50)
    assert last.contacts == () and last.after is None


def test_few_matches_come_sorted_with_their_total_and_many_say_only_that_they_are_many(database: Database) -> None:
    account_id = _agenda(database)
    everyone = database.call(contacts.page_contacts, account_id, "", 0, 1000)
    martins = [c.id for c in everyone if "Martín" in c.display_name or "Martínez" in c.display_name]
    few = database.call(agenda_filter.filter_agenda, account_id, "martin", None, 4)
    assert [c.id for c in few.contacts] == martins[:4] and few.total == len(martins) > 4 and few.after is not None
    many = database.call(agenda_filter.filter_agenda, account_id, "martin", None, 4, few=5)
    assert [c.id for c in many.contacts] == martins[:4] and many.total is None and many.more_than == 5
    short = database.call(agenda_filter.filter_agenda, account_id, "ma", None, 4)  # no index for two characters
    assert short.total is None and short.more_than == 0 and len(short.contacts) == 4


def test_an_answer_carries_each_contact_as_stored(database: Database) -> None:
    """Read straight from the driver, the times come back aware (UTC) and the flags as booleans."""
    account_id = _agenda(database)
    registered = utcnow().replace(microsecond=123456)
    database.call(contacts.mark_registered, account_id, ["59890000000"], registered)
    answer = database.call(agenda_filter.filter_agenda, account_id, "5989000000", None, 4)
    assert [(c.external_id, c.registered_at, c.in_agenda, c.last_inbound_at) for c in answer.contacts] == [
        ("59890000000", registered, True, None)
    ]


def _typed(database: Database, account_id: int, query: str, found: FoundSoFar, **bounds: int) -> list[AgendaMatches]:
    """Every answer for `query` from the start, as the agenda's model asks for them, sharing `found`."""
    answers = [database.call(agenda_filter.filter_agenda, account_id, query, None, 4, found=found, **bounds)]
    while answers[-1].after is not None:
        after = answers[-1].after
        answers.append(database.call(agenda_filter.filter_agenda, account_id, query, after, 4, found=found, **bounds))
    return answers


def test_typing_on_narrows_what_the_last_keystroke_found_and_finds_what_reading_the_whole_agenda_finds(
    database: Database,
) -> None:
    account_id = _agenda(database)
    for typed in ("martin", "lucia su", "099 12", "zqa", "+598 99", "íñ"):
        for bounds in ({}, {"few": 0, "walked": 5}):
            found = FoundSoFar()
            for end in range(1, len(typed) + 1):
                query = typed[:end]
                expected = [contact.id for contact in database.call(contacts.page_contacts, account_id, query, 0, 1000)]
                answers = _typed(database, account_id, query, found, **bounds)
                assert [contact.id for answer in answers for contact in answer.contacts] == expected, (query, bounds)
                if not bounds and len(query) >= 3:  # the index's few matches, or what typing on narrowed from them
                    assert answers[0].total == len(expected), query


def test_a_keystroke_after_the_whole_agenda_was_walked_answers_from_what_was_found_until_the_agenda_changes(
    database: Database,
) -> None:
    account_id = _agenda(database)
    found = FoundSoFar()
    zq = [c.id for c in database.call(contacts.page_contacts, account_id, "zq", 0, 1000)]
    _typed(database, account_id, "z", found, walked=5)  # every answer, to the end of the agenda
    # Five contacts compared would find nothing (see above): the matches of "z" tell the whole answer.
    narrowed = database.call(agenda_filter.filter_agenda, account_id, "zq", None, 50, walked=5, found=found)
    assert [c.id for c in narrowed.contacts] == zq and narrowed.after is None

    database.call(contacts.upsert_agenda_batch, account_id, [AgendaEntry("1", "59811111111", "Aarón Zq")], utcnow())
    again = _typed(database, account_id, "zq", found, walked=5)
    newcomer = database.call(contacts.page_contacts, account_id, "aaron zq", 0, 1)[0]
    assert [c.id for answer in again for c in answer.contacts] == [newcomer.id, *zq]


def test_the_index_s_few_matches_answer_the_keystrokes_that_extend_the_filter_without_searching_again(database: Database) -> None:
    account_id = _agenda(database)
    found = FoundSoFar()
    martin = [c.id for c in database.call(contacts.page_contacts, account_id, "martin", 0, 1000)]
    database.call(agenda_filter.filter_agenda, account_id, "mar", None, 4, found=found)  # few: from the index
    # Neither the index (none allowed) nor the walk (one contact compared) could answer this.
    narrowed = database.call(agenda_filter.filter_agenda, account_id, "martin", None, 4, few=0, walked=1, found=found)
    assert [c.id for c in narrowed.contacts] == martin[:4] and narrowed.total == len(martin) > 4
    rest = database.call(agenda_filter.filter_agenda, account_id, "martin", narrowed.after, 50, few=0, walked=1, found=found)
    assert [c.id for c in rest.contacts] == martin[4:] and rest.after is None

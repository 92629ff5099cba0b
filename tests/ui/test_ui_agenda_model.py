"""The agenda model pages through the store: only the pages asked for are fetched; a filter's
matches come in bounded answers, which the model gathers by itself up to a page."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from console.domain.accounts import Account, ProviderKind
from console.domain.contact_views import AgendaMatches, AgendaPlace, ContactView
from console.ui.models.agenda import FIRST, PAGE_SIZE, AgendaTableModel

ACCOUNT = Account(1, "demo", ProviderKind.HEYNOW, {"default_region": "UY"})


class CountingAgenda:
    """An agenda of `size` contacts that records every page request."""

    def __init__(self, size: int, walked: int = 10**6) -> None:
        self.size = size
        self.walked = walked  # contacts one filtered answer compares, as the store bounds it
        self.pages: list[tuple[str, int, int]] = []
        self.answers: list[tuple[str, int, int]] = []  # (query, where it started, how many it gave)

    async def count(self, account_id: int, query: str = "") -> int:
        return self.size if not query else self.size // 10

    async def page(self, account_id: int, query: str, offset: int, limit: int) -> list[ContactView]:
        self.pages.append((query, offset, limit))
        end = min(offset + limit, self.size)
        return [_contact(n) for n in range(offset, end)]

    async def matches(self, account_id: int, query: str, after: AgendaPlace | None, limit: int) -> AgendaMatches:
        start = 0 if after is None or after.last is None else after.last[3] + 1
        found, n = [], start
        while n < min(self.size, start + self.walked) and len(found) < limit:
            if query.lower() in f"contact {n}":
                found.append(_contact(n))
            n += 1
        self.answers.append((query, start, len(found)))
        following = None if n >= self.size else AgendaPlace(False, ("", "", "", n - 1))
        return AgendaMatches(tuple(found), following, None)


class FixedAgenda:
    """A filter's matches, all in one answer."""

    def __init__(self, contacts: list[ContactView]) -> None:
        self.contacts = contacts

    async def matches(self, account_id: int, query: str, after: AgendaPlace | None, limit: int) -> AgendaMatches:
        return AgendaMatches(tuple(self.contacts), None, len(self.contacts))


def _contact(n: int) -> ContactView:
    return ContactView(n, ACCOUNT.id, str(n), f"598991{n:05d}", f"Contact {n}", True, None)


def test_rows_load_page_by_page_with_a_placeholder(qtbot: QtBot) -> None:
    source = CountingAgenda(5 * PAGE_SIZE)
    model = AgendaTableModel(source)
    model.show(ACCOUNT)
    qtbot.waitUntil(lambda: model.rowCount() == 5 * PAGE_SIZE)
    assert source.pages == []

    far = 3 * PAGE_SIZE + 7
    assert model.index(far, AgendaTableModel.NAME).data() == model.tr("Loading…")
    with qtbot.waitSignal(model.dataChanged) as changed:
        pass
    first, last = changed.args[0], changed.args[1]
    assert (first.row(), last.row()) == (3 * PAGE_SIZE, 4 * PAGE_SIZE - 1)
    assert model.index(far, AgendaTableModel.NAME).data() == f"Contact {far}"
    assert source.pages == [("", 3 * PAGE_SIZE, PAGE_SIZE)]


def test_a_new_filter_supersedes_pages_in_flight(qtbot: QtBot) -> None:
    source = CountingAgenda(5 * PAGE_SIZE)
    model = AgendaTableModel(source)
    model.show(ACCOUNT)
    qtbot.waitUntil(lambda: model.rowCount() == 5 * PAGE_SIZE)
    model.contact(4 * PAGE_SIZE)  # asks for the last page
    model.show(ACCOUNT, "contact 1")
    qtbot.waitUntil(lambda: model.filtered and model.total is not None)
    assert source.pages == []  # the page asked for was superseded before it was read
    expected = [n for n in range(5 * PAGE_SIZE) if "contact 1" in f"contact {n}"]
    assert [model.contact(row).id for row in range(model.rowCount())] == expected and model.total == len(expected)


def test_a_filter_gathers_bounded_answers_by_itself_up_to_a_page_and_more_as_the_agent_scrolls(qtbot: QtBot) -> None:
    source = CountingAgenda(5000, walked=50)
    model = AgendaTableModel(source)
    model.show(ACCOUNT, "5")  # 5, 15, 25 …: the first 50 contacts hold five
    assert model.counting
    qtbot.waitUntil(lambda: not model.gathering and model.rowCount() >= PAGE_SIZE)
    assert source.answers[0] == ("5", 0, 5) and len(source.answers) > 2
    assert model.total is None and model.more_than >= model.rowCount() and model.canFetchMore()
    gathered = model.rowCount()
    model.fetchMore()
    qtbot.waitUntil(lambda: not model.gathering and model.rowCount() >= gathered + PAGE_SIZE or model.total is not None)
    ids = [model.contact(row).id for row in range(model.rowCount())]
    assert ids == [n for n in range(5000) if "5" in f"contact {n}"][: len(ids)] and len(ids) >= gathered + PAGE_SIZE

    everyone = CountingAgenda(5000)
    model = AgendaTableModel(everyone)
    model.show(ACCOUNT, "contact")  # every contact: a screenful first, then a page more
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    assert everyone.answers[0] == ("contact", 0, FIRST)
    qtbot.waitUntil(lambda: not model.gathering)
    assert model.rowCount() == FIRST + PAGE_SIZE and model.more_than == model.rowCount() and model.total is None





class RoleByRole(AgendaTableModel):
    """The model as Qt asked it before: one call of `data` per role."""

    multiData = QAbstractTableModel.multiData  # noqa: N815 - Qt's name


def test_rows_paint_the_same_when_a_cell_gives_all_its_roles_at_once(qtbot: QtBot) -> None:
    """Names, unnamed contacts in italics, unread ones in bold, an open 24 h window in colour,
    a registration's yes and no."""
    now = datetime.now(UTC)
    contacts = [
        replace(_contact(n), display_name=f"598991{n:05d}" if n % 3 == 0 else f"Contact {n}", unread=n % 4)
        for n in range(40)
    ]
    contacts[1] = replace(contacts[1], last_inbound_at=now - timedelta(hours=2), registered_at=now)
    images = []
    for model_class in (AgendaTableModel, RoleByRole):
        model = model_class(FixedAgenda(contacts))
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(model)
        view.resize(900, 500)
        view.show()
        model.show(Account(2, "bot", ProviderKind.BROADCASTERBOT, {"default_region": "UY"}), "contact")
        qtbot.waitUntil(lambda model=model: model.rowCount() == len(contacts))
        images.append(view.grab().toImage())
    assert images[0] == images[1]


class AnswersByQuery:
    """Each filter's matches, all in one answer."""

    def __init__(self, answers: dict[str, list[ContactView]]) -> None:
        self.answers = answers

    async def matches(self, account_id: int, query: str, after: AgendaPlace | None, limit: int) -> AgendaMatches:
        return AgendaMatches(tuple(self.answers[query]), None, len(self.answers[query]))


def test_a_keystroke_repaints_only_the_rows_that_show_another_contact(qtbot: QtBot) -> None:
    """Typing on often keeps the first rows: those are not painted again; a contact whose
    row changed (another contact, or the same one with another unread count) is."""
    one, two, three, four, five = (_contact(n) for n in range(5))
    narrower = [one, two, five]
    source = AnswersByQuery(
        {"c": [one, two, three, four], "co": narrower, "con": narrower, "cont": [one, replace(two, unread=3), five]}
    )
    model = AgendaTableModel(source)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last, _roles: changed.append((first.row(), last.row())))
    shown = []
    for query in ("c", "co", "con", "cont"):
        changed.clear()
        model.show(ACCOUNT, query)
        qtbot.waitUntil(lambda query=query: not model.counting and model.query == query)
        shown.append(list(changed))
        assert [model.contact(row) for row in range(model.rowCount())] == source.answers[query]
    assert shown == [[], [(2, 2)], [], [(1, 1)]]
    assert model.index(1, AgendaTableModel.NAME).data() == "Contact 1 (3)"


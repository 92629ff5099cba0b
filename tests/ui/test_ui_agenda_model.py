"""The agenda model pages through the store: only the pages asked for are fetched."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from console.domain.accounts import Account, ProviderKind
from console.domain.views import ContactView
from console.ui.models.agenda import PAGE_SIZE, AgendaTableModel

ACCOUNT = Account(1, "demo", ProviderKind.HEYNOW, {"default_region": "UY"})


class CountingAgenda:
    """An agenda of `size` contacts that records every page request."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: list[tuple[str, int, int]] = []

    async def count(self, account_id: int, query: str = "") -> int:
        return self.size if not query else self.size // 10

    async def page(self, account_id: int, query: str, offset: int, limit: int) -> list[ContactView]:
        self.pages.append((query, offset, limit))
        end = min(offset + limit, self.size)
        return [ContactView(n, account_id, str(n), f"598991{n:05d}", f"Contact {n}", True, None) for n in range(offset, end)]


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
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE // 2)
    assert model.contact(0) is None
    qtbot.waitUntil(lambda: model.contact(0) is not None)
    assert all(query == "contact 1" for query, _, _ in source.pages)

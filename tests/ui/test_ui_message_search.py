"""Finding messages by their text in the window: Ctrl+Shift+F across every conversation opens
the one found at that message, marked, even far back in its history; Ctrl+F steps through
the open chat's matches by keyboard; a query too short to search everywhere says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from console.domain.accounts import Account
from console.domain.contact_views import ContactView
from console.domain.search_views import SearchPage
from console.services.message_search import MessageSearch
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store.database import Database
from console.store.types import utcnow
from console.ui.main_window import MainWindow
from console.ui.panes.chat import PAGE
from console.ui.search.search_dialog import MessageSearchDialog
from console.ui.session import BROADCASTERBOT_DEMO, DEMO_ACCOUNT, ConsoleSession
from tests.ui.support import Run

CUSTOMER = "5215512345678"
INVOICE = "Buenas, necesito la factura número 4471 de la compra de ayer"


def _contact(run: Run, session: ConsoleSession, account: Account, phone: str = CUSTOMER) -> ContactView:
    db = session.workspace.db
    contact_id = run(db.run(contact_queries.ensure_contact, account.id, phone, phone, "Rosa Quintana"))
    contact = run(db.run(contact_queries.contact_by_id, contact_id))
    assert contact is not None
    return contact


def _history(run: Run, session: ConsoleSession, contact: ContactView, bodies: list[str]) -> list[int]:
    """The customer's messages, a minute apart, oldest first; their ids."""

    def write(db_session: Session) -> list[int]:
        start = utcnow() - timedelta(days=3)
        ids = []
        for n, body in enumerate(bodies):
            at = start + timedelta(minutes=n)
            stored = message_queries.record_incoming(db_session, contact.account_id, contact.id, body, f"hist-{n}", at)
            assert stored is not None
            ids.append(stored.id)
        return ids

    return run(session.workspace.db.run(write))


def _open_search(window: MainWindow, qtbot: QtBot) -> MessageSearchDialog:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.search.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and QApplication.focusWidget() is dialog.query_edit)
    return dialog


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as a keyboard does; letters QTest cannot map (accents) as key events carrying their text."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def _account(run: Run, session: ConsoleSession, name: str) -> Account:
    return run(session.workspace.accounts.by_name(name))


@pytest.mark.parametrize(
    "query", ["factura número 4471", "FACTURA NUMERO 4471", "facturá número 4471"], ids=["as-written", "capitals", "extra-accent"]
)
def test_a_word_of_an_old_message_on_another_account_opens_its_conversation_at_that_message(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot, query: str
) -> None:
    other = _account(run, session, BROADCASTERBOT_DEMO)
    assert window.selection.account is not None and window.selection.account.id != other.id
    contact = _contact(run, session, other)
    # The invoice message is older than the chat's first page: opening it loads older pages.
    ids = _history(run, session, contact, ["Hola", INVOICE, *[f"mensaje {n}" for n in range(PAGE + 30)]])
    invoice_id = ids[1]

    dialog = _open_search(window, qtbot)
    _type(qtbot, dialog.query_edit, query)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and not dialog.model.loading)
    hit = dialog.model.hit(0)
    assert (hit.message_id, hit.contact_title, hit.account_name) == (invoice_id, "Rosa Quintana", BROADCASTERBOT_DEMO)
    assert hit.snippet[hit.highlight[0] : hit.highlight[1]].casefold().startswith("factura")
    assert dialog.status_label.text() == dialog.tr("%n message(s) found.", "", 1)
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)

    chat = window.chat_pane
    qtbot.waitUntil(lambda: chat.model.row_of(invoice_id) is not None and chat.list.currentIndex().isValid())
    assert not dialog.isVisible()
    assert window.selection.account is not None and window.selection.account.id == other.id
    accounts = window.accounts_pane
    assert accounts.model.account(accounts.list.currentIndex().row()).id == other.id
    assert window.selection.contact is not None and window.selection.contact.id == contact.id
    assert window.selection.message_id == invoice_id
    row = chat.model.row_of(invoice_id)
    assert row is not None and chat.list.currentIndex().row() == row
    assert chat.model.row_of(ids[-1]) is None  # the pages around it, not the whole history
    assert chat.delegate.highlighted_id == invoice_id
    qtbot.waitUntil(lambda: chat.list.viewport().rect().intersects(chat.list.visualRect(chat.model.index(row))))

    # The mark stays until the agent moves to another message.
    chat.list.setFocus()
    qtbot.keyClick(chat.list, Qt.Key.Key_Down)
    assert window.selection.message_id == chat.model.message(row + 1).id
    assert chat.delegate.highlighted_id is None


def test_results_page_in_as_the_agent_scrolls(window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot) -> None:
    contact = _contact(run, session, _account(run, session, DEMO_ACCOUNT))
    _history(run, session, contact, [f"pedido listo número {n}" for n in range(70)])

    dialog = _open_search(window, qtbot)
    qtbot.keyClicks(dialog.query_edit, "pedido listo")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 50 and not dialog.model.loading)
    assert dialog.model.hit(0).snippet.endswith("número 69")  # newest first
    assert dialog.status_label.text() == dialog.tr("%n message(s) found; scroll for older ones.", "", 50)
    dialog.results.scrollToBottom()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 70)
    assert [dialog.model.hit(row).snippet for row in (0, 69)] == ["pedido listo número 69", "pedido listo número 0"]


def test_one_account_narrows_the_results(window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot) -> None:
    _history(run, session, _contact(run, session, _account(run, session, DEMO_ACCOUNT)), ["tu pedido salió hoy"])
    other = _account(run, session, BROADCASTERBOT_DEMO)
    _history(run, session, _contact(run, session, other, "5215599887766"), ["¿y mi pedido?"])

    dialog = _open_search(window, qtbot)
    qtbot.keyClicks(dialog.query_edit, "pedido")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2 and not dialog.model.loading)
    qtbot.waitUntil(lambda: dialog.account_box.findData(other.id) > 0)
    dialog.account_box.setFocus()
    for _ in range(dialog.account_box.findData(other.id)):
        qtbot.keyClick(dialog.account_box, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and not dialog.model.loading)
    assert dialog.model.hit(0).account_name == BROADCASTERBOT_DEMO


class CountingSearch(MessageSearch):
    """The real search, counting the queries that reach it."""

    def __init__(self, db: Database, **options: int) -> None:
        super().__init__(db, **options)
        self.queries: list[str] = []

    async def search(self, query: str, **options: object) -> SearchPage:  # type: ignore[override]
        self.queries.append(query)
        return await super().search(query, **options)  # type: ignore[arg-type]


def test_a_query_too_short_for_every_conversation_says_so_and_searches_nothing(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    contact = _contact(run, session, _account(run, session, DEMO_ACCOUNT))
    _history(run, session, contact, ["factura pendiente"])
    counting = CountingSearch(session.workspace.db)
    dialog = MessageSearchDialog(counting, session.workspace.accounts, window)
    dialog.show()
    qtbot.keyClicks(dialog.query_edit, "fa")
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)  # Enter does not wait for the debounce
    qtbot.wait(400)
    assert dialog.status_label.text() == dialog.tr("Type at least %n characters to search every conversation.", "", 3)
    assert "3 characters" in dialog.status_label.text()
    assert counting.queries == [] and dialog.model.rowCount() == 0

    qtbot.keyClicks(dialog.query_edit, "c")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert counting.queries == ["fac"]
    dialog.close()


def test_a_short_page_that_may_have_more_behind_it_is_not_the_end(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    """Each page reads only a few candidates: the first ones hold the phrase's pieces but not
    the phrase, so pages come back empty saying more may follow; the list asks on by itself,
    says it is still searching meanwhile, finds the old message, and Enter typed before
    then opens it."""
    phrase = "envio retiro envio retiro envio"
    contact = _contact(run, session, _account(run, session, DEMO_ACCOUNT))
    ids = _history(run, session, contact, [phrase, *[f"Envío retiro envío {n}" for n in range(12)]])
    bounded = CountingSearch(session.workspace.db, candidates=4)
    dialog = MessageSearchDialog(bounded, session.workspace.accounts, window)
    dialog.show()
    seen: list[tuple[int, bool, str]] = []
    model = dialog.model
    model.searched.connect(lambda: seen.append((model.rowCount(), model.continuing, dialog.status_label.text())))
    chosen: list[int] = []
    dialog.hit_chosen.connect(lambda hit: chosen.append(hit.message_id))
    qtbot.keyClicks(dialog.query_edit, phrase)
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: chosen != [])
    assert chosen == [ids[0]] and dialog.model.rowCount() == 1 and not dialog.model.has_more
    assert len(bounded.queries) == 4  # 13 candidates, 4 a page
    searching = dialog.tr("%n message(s) found so far; searching older messages…", "", 0)
    assert seen == [(0, True, searching)] * 3 + [(1, False, dialog.tr("%n message(s) found.", "", 1))]
    dialog.close()


def test_ctrl_f_finds_in_the_open_chat_and_steps_between_matches_by_keyboard(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    account = window.selection.account
    assert account is not None
    contact = _contact(run, session, account)
    bodies = ["El envío salió", *[f"relleno {n}" for n in range(PAGE)], "¿Y el ENVIO?", "gracias", "envio recibido"]
    ids = _history(run, session, contact, bodies)
    oldest, middle, newest = ids[0], ids[-3], ids[-1]
    window.selection.set_contact(contact)
    chat = window.chat_pane
    chat.list.setFocus()  # Ctrl+F at once: the chat may still be loading
    qtbot.keyClick(chat.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.search.find_bar
    qtbot.waitUntil(lambda: bar.isVisible() and QApplication.focusWidget() is bar.edit)
    _type(qtbot, bar.edit, "envío")
    qtbot.waitUntil(lambda: bar.position == (1, 3))
    assert bar.count_label.text() == "1 of 3"
    qtbot.waitUntil(lambda: chat.model.rowCount() == PAGE)
    assert chat.model.row_of(oldest) is None  # beyond the first page
    assert chat.delegate.highlighted_id == newest and window.selection.message_id == newest

    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 3" and chat.delegate.highlighted_id == middle
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)  # the oldest match, loaded on the way
    qtbot.waitUntil(lambda: chat.model.row_of(oldest) is not None and window.selection.message_id == oldest)
    assert bar.count_label.text() == "3 of 3"
    assert chat.list.currentIndex().row() == chat.model.row_of(oldest)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "2 of 3" and window.selection.message_id == middle

    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert QApplication.focusWidget() is window.sender_pane.text_edit


def test_help_lists_both_searches_with_their_keys(window: MainWindow) -> None:
    listed = window.show_shortcuts().rows()
    assert ("Search all messages…", "Ctrl+Shift+F") in listed
    assert ("Find in this conversation", "Ctrl+F") in listed

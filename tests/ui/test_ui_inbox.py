"""The inbox as the window's main navigation, worked the way an agent works it: customers
write on any account through the sandbox's simulators, the agent answers with the keyboard.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.domain.inbox import ConversationStatus
from console.ui.inbox.filters import View
from console.ui.main_window import MainWindow
from console.ui.session import BROADCASTERBOT_DEMO, DEMO_ACCOUNT, ConsoleSession, open_session
from tests.conftest import MemorySecrets
from tests.ui.sender_support import ORDER_READY, broadcasterbot_sends, click_account, registered_numbers, store_contact
from tests.ui.support import FAST_OPTIONS, FAST_PUSH, Driver, Run, customer_writes

ANA = ("5544332211", "MX")
BETO = ("5599887766", "MX")


@pytest.fixture
def session(tmp_path: Path, secrets: MemorySecrets, run: Run) -> Iterator[ConsoleSession]:
    opened = run(open_session(tmp_path, secrets=secrets, sandbox_configs=FAST_PUSH, options=FAST_OPTIONS))
    yield opened
    run(opened.close())


def _titles(window: MainWindow) -> list[str]:
    model = window.inbox_pane.model
    return [row.contact_title for row in (model.row(i) for i in range(model.rowCount())) if row is not None]


def _open_title(window: MainWindow) -> str | None:
    contact = window.selection.contact
    return None if contact is None else contact.display_name


def _ana_and_beto_waiting(window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot) -> None:
    """Two Broadcasterbot customers, Ana Pérez and Beto Ruiz, have written: both listed in "Waiting"."""
    server = session.sandbox
    assert server is not None
    ana, beto = server.call(server.sandbox.broadcasterbot.registered_contacts)[:2]
    first, second = registered_numbers(session)[:2]
    store_contact(run, session, BROADCASTERBOT_DEMO, first, "Ana Pérez")
    store_contact(run, session, BROADCASTERBOT_DEMO, second, "Beto Ruiz")
    customer_writes(session, ana, "¿Llegó mi pedido?")
    customer_writes(session, beto, "Hola, una consulta")
    window.inbox_pane.show_view(View.WAITING)
    qtbot.waitUntil(lambda: sorted(_titles(window)) == ["Ana Pérez", "Beto Ruiz"], timeout=20_000)


def _open_row(window: MainWindow, qtbot: QtBot, title: str) -> None:
    pane = window.inbox_pane
    pane.list.setCurrentIndex(pane.model.index(_titles(window).index(title)))
    qtbot.waitUntil(lambda: _open_title(window) == title)


def _key(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)


def _open_agenda_chat(agent: Driver, window: MainWindow, qtbot: QtBot, run: Run, session: ConsoleSession) -> None:
    """Account A's chat is open: a Hey Now contact picked in the agenda."""
    store_contact(run, session, DEMO_ACCOUNT, "+525511112222", "Carla Díaz")
    click_account(qtbot, window, DEMO_ACCOUNT)
    window.agenda_pane.model.reload()  # stored behind the agenda's back
    agent.click_contact(0)


def test_a_message_on_another_account_tops_the_inbox_with_badges_title_and_tray(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    store_contact(run, session, BROADCASTERBOT_DEMO, "+525544332211", "Ana Pérez")
    _open_agenda_chat(agent, window, qtbot, run, session)
    accounts = window.accounts_pane.model
    broadcasterbot = next(
        accounts.account(r) for r in range(accounts.rowCount()) if accounts.account(r).name == BROADCASTERBOT_DEMO
    )
    notified: list[tuple[str, str]] = []
    window.notifier.notified.connect(lambda title, body: notified.append((title, body)))

    customer_writes(session, ANA, "Necesito la factura de marzo, por favor")
    qtbot.waitUntil(lambda: _titles(window)[:1] == ["Ana Pérez"], timeout=20_000)
    first = window.inbox_pane.model.row(0)
    assert first is not None and first.unread == 1 and first.account_name == BROADCASTERBOT_DEMO
    qtbot.waitUntil(lambda: accounts.unread(broadcasterbot.id) == 1)
    line = accounts.index(accounts.row_of(broadcasterbot.id)).data()
    assert "● 1" in line
    qtbot.waitUntil(lambda: window.windowTitle() == "(1) Centralita")
    qtbot.waitUntil(lambda: notified != [])
    assert notified[0] == ("New message from Ana Pérez · +52 55 4433 2211", "Necesito la factura de marzo, por favor")
    assert window.selection.account is not None and window.selection.account.name == DEMO_ACCOUNT  # nothing jumped


def test_a_customers_place_is_announced_with_its_name_not_its_stored_summary(
    window: MainWindow, session: ConsoleSession, qtbot: QtBot
) -> None:
    notified: list[tuple[str, str]] = []
    window.notifier.notified.connect(lambda title, body: notified.append((title, body)))
    server = session.sandbox
    assert server is not None
    place = {"type": "location", "location": {"latitude": -34.6037, "longitude": -58.3816, "name": "Obelisco"}}
    server.call(server.sandbox.cloudapi.customer_writes, "5491152348876", "", "Martina", None, place)
    qtbot.waitUntil(lambda: any("Martina" in title for title, _ in notified), timeout=20_000)
    assert [body for title, body in notified if "Martina" in title] == ["📍 Obelisco"]  # not "[location] Obelisco (…)"


def test_a_shift_without_the_mouse(window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot) -> None:
    # Customers registered with Broadcasterbot, whom it lets the console answer.
    server = session.sandbox
    assert server is not None
    ana, beto = server.call(server.sandbox.broadcasterbot.registered_contacts)[:2]
    first, second = registered_numbers(session)[:2]
    store_contact(run, session, BROADCASTERBOT_DEMO, first, "Ana Pérez")
    store_contact(run, session, BROADCASTERBOT_DEMO, second, "Beto Ruiz")
    customer_writes(session, ana, "¿Llegó mi pedido?")
    customer_writes(session, beto, "Hola, una consulta")
    qtbot.waitUntil(lambda: sorted(_titles(window)[:2]) == ["Ana Pérez", "Beto Ruiz"], timeout=20_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sender_pane.text_edit.setFocus()
    sends = broadcasterbot_sends(session)

    # Ctrl+K, part of a name, Enter: her chat, the cursor in the composer.
    _key(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.inbox_pane.filter_edit.hasFocus)
    qtbot.keyClicks(window.inbox_pane.filter_edit, "ana p")
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.selection.contact is not None and window.selection.contact.display_name == "Ana Pérez")
    qtbot.waitUntil(window.sender_pane.text_edit.hasFocus)
    qtbot.keyClicks(window.sender_pane.text_edit, "Si, sale hoy")
    _key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: broadcasterbot_sends(session) == sends + 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.sender_pane.text_edit.toPlainText() == "")

    # Esc: back to the list; Ctrl+J: the next customer waiting, whoever it is.
    _key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(window.inbox_pane.list.hasFocus)
    window.inbox_pane.filter_edit.clear()
    qtbot.waitUntil(lambda: len(_titles(window)) >= 2)
    _key(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the row below, whichever account
    qtbot.waitUntil(lambda: window.selection.contact is not None and window.selection.contact.display_name == _titles(window)[1])
    _key(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.selection.contact is not None and window.selection.contact.display_name == _titles(window)[0])
    _key(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.selection.contact is not None and window.selection.contact.display_name == "Beto Ruiz")
    qtbot.waitUntil(window.sender_pane.text_edit.hasFocus)

    # Ctrl+E resolves it: it leaves the open list; his next message brings it back.
    qtbot.waitUntil(lambda: (window.inbox_pane.current_row() or None) is not None)
    _key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Beto Ruiz" not in _titles(window))
    _key(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert window.inbox_pane.view is View.RESOLVED
    qtbot.waitUntil(lambda: _titles(window) == ["Beto Ruiz"])
    _key(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "Beto Ruiz" not in _titles(window) and "Ana Pérez" in _titles(window))
    customer_writes(session, beto, "Otra cosa más")
    qtbot.waitUntil(lambda: _titles(window)[:1] == ["Beto Ruiz"], timeout=20_000)
    reopened = window.inbox_pane.model.row(0)
    assert reopened is not None and reopened.status is ConversationStatus.OPEN

    # Ctrl+J finds him waiting again; Ctrl+Shift+Enter answers and resolves in one key.
    _key(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    def beto_is_current() -> bool:
        current = window.inbox_pane.current_row()
        return current is not None and current.contact_title == "Beto Ruiz"

    qtbot.waitUntil(beto_is_current)
    qtbot.waitUntil(window.sender_pane.text_edit.hasFocus)
    qtbot.keyClicks(window.sender_pane.text_edit, "Listo, gracias")
    _key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: broadcasterbot_sends(session) == sends + 2, timeout=10_000)
    qtbot.waitUntil(lambda: "Beto Ruiz" not in _titles(window))


def test_the_open_conversation_leaving_the_list_stays_open(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    """Answered in "Waiting", Beto leaves that list; his chat stays open, not his neighbour's."""
    _ana_and_beto_waiting(window, session, run, qtbot)
    _open_row(window, qtbot, "Beto Ruiz")
    sends = broadcasterbot_sends(session)

    qtbot.keyClicks(window.sender_pane.text_edit, "Ya lo reviso")
    _key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: broadcasterbot_sends(session) == sends + 1, timeout=10_000)
    qtbot.waitUntil(lambda: _titles(window) == ["Ana Pérez"])
    qtbot.wait(200)
    assert window.selection.contact is not None and window.selection.contact.display_name == "Beto Ruiz"


def test_a_conversation_opened_while_the_list_reloads_stays_the_one_opened(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    """Alt+1 and at once a click on Beto: the reloaded list must not bring back the chat that was open."""
    pane = window.inbox_pane
    _ana_and_beto_waiting(window, session, run, qtbot)
    _open_row(window, qtbot, "Ana Pérez")

    for view in (View.OPEN, View.WAITING) * 3:
        opening = "Beto Ruiz" if _open_title(window) == "Ana Pérez" else "Ana Pérez"
        pane.show_view(view)  # the list reloads...
        pane.list.setCurrentIndex(pane.model.index(_titles(window).index(opening)))  # ...while the agent opens another
        qtbot.waitUntil(lambda wanted=opening: not pane.model.loading and _open_title(window) == wanted)
        qtbot.wait(150)
        assert _open_title(window) == opening
        assert pane.current_row() is not None and pane.current_row().contact_title == opening  # type: ignore[union-attr]


def test_an_arriving_message_moves_its_row_without_reloading_the_list(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    store_contact(run, session, BROADCASTERBOT_DEMO, "+525544332211", "Ana Pérez")
    store_contact(run, session, BROADCASTERBOT_DEMO, "+525599887766", "Beto Ruiz")
    customer_writes(session, ANA, "uno")
    qtbot.waitUntil(lambda: _titles(window)[:1] == ["Ana Pérez"], timeout=20_000)
    customer_writes(session, BETO, "dos")
    qtbot.waitUntil(lambda: _titles(window)[:2] == ["Beto Ruiz", "Ana Pérez"], timeout=20_000)
    model = window.inbox_pane.model
    resets: list[None] = []
    moves: list[None] = []
    model.modelReset.connect(lambda: resets.append(None))
    model.rowsMoved.connect(lambda *_: moves.append(None))

    customer_writes(session, ANA, "tres")
    qtbot.waitUntil(lambda: _titles(window)[:2] == ["Ana Pérez", "Beto Ruiz"], timeout=20_000)
    assert moves and resets == []
    ana = model.row(0)
    assert ana is not None and ana.preview == "tres" and ana.unread == 2


def test_a_new_conversation_outside_the_window_opens_the_template_form(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    broadcasterbot_account = run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    run(session.workspace.templates.add(broadcasterbot_account, ORDER_READY))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.inbox_keys.new_conversation.trigger()
    qtbot.waitUntil(lambda: window.inbox_keys.dialog is not None and window.inbox_keys.dialog.isVisible())
    dialog = window.inbox_keys.dialog
    assert dialog is not None
    broadcasterbot = next(
        i for i in range(dialog.account_combo.count()) if dialog.account_combo.itemData(i).name == BROADCASTERBOT_DEMO
    )
    dialog.account_combo.setCurrentIndex(broadcasterbot)

    qtbot.keyClicks(dialog.number_edit, "no es un numero")
    qtbot.keyClick(dialog.number_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.problem.isVisible)
    assert dialog.isVisible()

    customer = registered_numbers(session)[0]
    dialog.number_edit.clear()
    qtbot.keyClicks(dialog.number_edit, customer)
    qtbot.keyClick(dialog.number_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: window.selection.contact is not None and window.selection.contact.phone == customer.lstrip("+"))
    templates = window.sender_pane.templates
    qtbot.waitUntil(lambda: window.sender_pane.tabs.currentWidget() is templates)

    # The template form answers Ctrl+Enter as the composer does.
    qtbot.waitUntil(lambda: templates.template_combo.count() > 0 and templates.form.param_edits != [])
    for edit in templates.form.param_edits:
        qtbot.keyClicks(edit, "A-17")
    qtbot.waitUntil(templates.send_button.isEnabled, timeout=5000)
    sends = broadcasterbot_sends(session)
    window.activateWindow()  # offscreen, closing a dialog gives the focus back to no window
    qtbot.waitUntil(window.isActiveWindow)
    templates.form.param_edits[-1].setFocus()
    qtbot.keyClick(templates.form.param_edits[-1], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: broadcasterbot_sends(session) == sends + 1, timeout=10_000)


def test_a_note_and_labels_typed_beside_the_chat_and_a_label_filters_the_inbox(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    store_contact(run, session, BROADCASTERBOT_DEMO, "+525544332211", "Ana Pérez")
    store_contact(run, session, BROADCASTERBOT_DEMO, "+525599887766", "Beto Ruiz")
    customer_writes(session, ANA, "uno")
    customer_writes(session, BETO, "dos")
    qtbot.waitUntil(lambda: sorted(_titles(window)) == ["Ana Pérez", "Beto Ruiz"], timeout=20_000)
    window.inbox_pane.open_conversation(window.inbox_pane.model.row(_titles(window).index("Ana Pérez")).conversation_id)  # type: ignore[union-attr]
    panel = window.notes_panel
    qtbot.waitUntil(lambda: panel.who.text().startswith("Ana Pérez") and panel.note_edit.isEnabled())

    panel.note_edit.setFocus()
    qtbot.keyClicks(panel.note_edit, "Prefers mornings")
    qtbot.keyClick(panel.note_edit, Qt.Key.Key_Tab)  # leaving the note keeps it
    qtbot.waitUntil(panel.labels_edit.hasFocus)
    qtbot.keyClicks(panel.labels_edit, "vip, factura")
    qtbot.keyClick(panel.labels_edit, Qt.Key.Key_Return)
    contact = window.selection.contact
    assert contact is not None
    qtbot.waitUntil(lambda: run(session.workspace.contact_notes.labels(contact.id)) == ("factura", "vip"))
    assert run(session.workspace.contact_notes.note(contact.id)) == "Prefers mornings"

    scopes = window.inbox_pane.scope_combo
    qtbot.waitUntil(lambda: scopes.findData("label:vip") >= 0)
    scopes.setCurrentIndex(scopes.findData("label:vip"))
    qtbot.waitUntil(lambda: _titles(window) == ["Ana Pérez"])

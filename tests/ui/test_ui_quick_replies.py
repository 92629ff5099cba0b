"""Quick replies from the keyboard: "/" and a few letters list them, Enter inserts one filled
for the contact, and it goes out as typed; the list never keeps the keyboard. Managed in
File › Quick replies, shared as a file."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from console.domain.quick_replies import QuickReply
from console.ui.dialogs.quick_replies import QuickRepliesDialog
from console.ui.dialogs.quick_reply_form import QuickReplyForm
from console.ui.labels import has_name
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from tests.ui.keyboard import press, type_text
from tests.ui.sender_support import store_contact
from tests.ui.support import Driver, Run

GREETING = QuickReply("saludo", "Hola {nombre}, ¿en qué te ayudo?")
FOLLOW_UP = QuickReply("seguimiento", "{nombre}, ¿pudiste revisar la propuesta?")
HOURS = QuickReply("horario", "Atendemos de 9 a 18 h.")


def _listed(window: MainWindow) -> list[str]:
    model = window.sender_pane.composer.quick_replies.completer.completionModel()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _popup_open(window: MainWindow) -> bool:
    return window.sender_pane.composer.quick_replies.popup.isVisible()


def _focus_composer(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sender_pane.text_edit.setFocus()
    qtbot.waitUntil(window.sender_pane.text_edit.hasFocus)


def test_slash_and_a_few_letters_insert_a_reply_filled_for_the_contact_and_it_is_sent(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    for reply in (GREETING, FOLLOW_UP, HOURS):
        run(session.workspace.quick_replies.save(reply))
    agent.sync_agenda()
    agent.click_contact(3)
    contact = window.selection.contact
    assert contact is not None and has_name(contact)
    _focus_composer(window, qtbot)
    edit = window.sender_pane.text_edit

    type_text(qtbot, "/")
    qtbot.waitUntil(lambda: _popup_open(window))
    assert _listed(window) == [
        "/horario — Atendemos de 9 a 18 h.",
        "/saludo — Hola {nombre}, ¿en qué te ayudo?",
        "/seguimiento — {nombre}, ¿pudiste revisar la propuesta?",
    ]
    type_text(qtbot, "sal")
    qtbot.waitUntil(lambda: len(_listed(window)) == 1)
    assert _listed(window) == ["/saludo — Hola {nombre}, ¿en qué te ayudo?"]
    assert edit.toPlainText() == "/sal"  # what was typed while the list was open went on into the message
    press(qtbot, Qt.Key.Key_Return)

    filled = f"Hola {contact.display_name}, ¿en qué te ayudo?"
    qtbot.waitUntil(lambda: edit.toPlainText() == filled)
    assert not _popup_open(window)
    assert edit.hasFocus()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: agent.sent_requests() == 1, timeout=10_000)
    record = session.sandbox.sandbox.log.records("heynow", "send")[0]  # type: ignore[union-attr]
    assert json.loads(record.body)["text"] == filled
    qtbot.waitUntil(lambda: edit.toPlainText() == "")


def test_the_list_is_walked_with_arrows_and_esc_closes_it_keeping_the_text(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    for reply in (GREETING, FOLLOW_UP, HOURS):
        run(session.workspace.quick_replies.save(reply))
    agent.sync_agenda()
    agent.click_contact(3)
    _focus_composer(window, qtbot)
    edit = window.sender_pane.text_edit

    type_text(qtbot, "/s")
    qtbot.waitUntil(lambda: _popup_open(window) and len(_listed(window)) == 3)
    assert [label.split(" ")[0] for label in _listed(window)] == ["/saludo", "/seguimiento", "/horario"]  # "s" in its text
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    contact = window.selection.contact
    assert contact is not None
    qtbot.waitUntil(lambda: edit.toPlainText() == f"{contact.display_name}, ¿pudiste revisar la propuesta?")

    edit.clear()
    type_text(qtbot, "/x")
    qtbot.wait(200)
    assert not _popup_open(window)  # nothing matches: no list, the keys stay in the message
    press(qtbot, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: _popup_open(window))
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _popup_open(window))
    type_text(qtbot, "home")
    assert edit.toPlainText() == "/home"
    assert not _popup_open(window)  # closed with Esc, it stays closed for this "/"
    press(qtbot, Qt.Key.Key_Tab)
    assert not edit.hasFocus()  # Tab moves on: the composer does not keep the keyboard
    assert edit.toPlainText() == "/home"
    assert agent.sent_requests() == 0


def _click_for_form(dialog: QuickRepliesDialog, button: QPushButton, qtbot: QtBot) -> QuickReplyForm:
    """Click Add… or Edit…: the form it opens."""
    before = set(dialog.findChildren(QuickReplyForm))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(f.isVisible() for f in set(dialog.findChildren(QuickReplyForm)) - before))
    return next(f for f in set(dialog.findChildren(QuickReplyForm)) - before)


def test_replies_are_added_in_the_dialog_and_a_bad_file_imports_nothing(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = window.show_quick_replies()
    qtbot.waitUntil(dialog.add_button.isEnabled)
    assert dialog.table.rowCount() == 0 and not dialog.edit_button.isEnabled()

    form = _click_for_form(dialog, dialog.add_button, qtbot)
    qtbot.keyClicks(form.name_edit, "factura")
    form.scope_combo.setCurrentIndex(form.scope_combo.findText("Hey Now demo"))
    qtbot.keyClicks(form.text_edit, "Hola {nombre}, adjunto tu factura.")
    qtbot.keyClicks(form.url_edit, "https://example.com/f/factura.pdf")
    assert form.kind_combo.currentText() == "document"
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert [dialog.table.item(0, column).text() for column in range(2)] == ["/factura", "Hey Now demo"]

    # A second reply of the same name for the same account is refused in the form, which stays open.
    clash = _click_for_form(dialog, dialog.add_button, qtbot)
    qtbot.keyClicks(clash.name_edit, "factura")
    clash.scope_combo.setCurrentIndex(clash.scope_combo.findText("Hey Now demo"))
    qtbot.keyClicks(clash.text_edit, "otra")
    qtbot.mouseClick(clash.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "already called 'factura'" in clash.error.text())
    assert clash.isVisible()
    clash.reject()

    bad = tmp_path / "respuestas.json"
    bad.write_text('[{"name": "a", "text": "uno"}, {"name": "b"}]', encoding="utf-8")
    dialog.import_from(bad)
    qtbot.waitUntil(lambda: "Nothing imported" in dialog.feedback.text())
    assert "entry 2: the reply is empty" in dialog.feedback.text()
    assert dialog.table.rowCount() == 1

    exported = tmp_path / "todas.json"
    dialog.export_to(exported)
    qtbot.waitUntil(exported.exists)
    entries = json.loads(exported.read_text(encoding="utf-8"))
    assert entries == [
        {
            "name": "factura",
            "text": "Hola {nombre}, adjunto tu factura.",
            "account": "Hey Now demo",
            "media_url": "https://example.com/f/factura.pdf",
            "media_kind": "document",
        }
    ]

    edit_form = _click_for_form(dialog, dialog.edit_button, qtbot)
    assert edit_form.name_edit.text() == "factura" and edit_form.scope_combo.currentText() == "Hey Now demo"
    edit_form.text_edit.setPlainText("Hola {nombre}: tu factura.")
    qtbot.mouseClick(edit_form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.item(0, 2) is not None and dialog.table.item(0, 2).text().startswith("Hola {nombre}:"))

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    assert run(session.workspace.quick_replies.every()) == []
    dialog.import_from(exported)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.feedback.text().startswith("1 ")


def test_a_contact_without_a_name_leaves_the_variable_selected_and_a_file_goes_as_a_link_where_files_cannot(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    catalogue = QuickReply("catalogo", "Hola {nombre}, te paso el catálogo.", media_url="https://example.com/catalogo.pdf")
    run(session.workspace.quick_replies.save(catalogue))
    store_contact(run, session, "Hey Now demo", "+59899123456", "59899123456")  # known only by the number
    qtbot.keyClicks(window.agenda_pane.filter_edit, "59899123456")
    qtbot.waitUntil(lambda: window.agenda_pane.model.rowCount() == 1)
    agent.click_contact(0)
    contact = window.selection.contact
    assert contact is not None and not has_name(contact)
    _focus_composer(window, qtbot)
    edit = window.sender_pane.text_edit

    type_text(qtbot, "/cat")
    listed = ["/catalogo — Hola {nombre}, te paso el catálogo."]
    qtbot.waitUntil(lambda: _popup_open(window) and _listed(window) == listed)
    completions = window.sender_pane.composer.quick_replies.completer.completionModel()
    assert completions.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None  # a file goes with it
    press(qtbot, Qt.Key.Key_Return)
    # Hey Now sends text only: the file's link goes into the message.
    qtbot.waitUntil(lambda: edit.toPlainText() == "Hola {nombre}, te paso el catálogo.\nhttps://example.com/catalogo.pdf")
    assert window.sender_pane.composer.attachment.content is None
    assert edit.textCursor().selectedText() == "{nombre}"
    assert "replace {nombre}" in window.sender_pane.feedback.text()
    type_text(qtbot, "Ana")
    assert edit.toPlainText().startswith("Hola Ana, te paso")

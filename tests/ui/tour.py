"""A walk through everything the window can show, for the tests that look at all of it.

`Tour.walk(visit)` works the real window over the sandbox as an agent would: the panes
with each tab raised, every menu, every dialog it can open (filled where a dialog only
shows more once filled), and the error paths the sandbox can drive (a refused send, an
account with a wrong password, a file that is not a CSV). At each stop it calls
`visit(where, widget)` with what is on screen; dialogs are closed again after the visit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from console.domain.accounts import Account, ProviderKind
from console.domain.storage import StorageProblem, WayOut
from console.services.callbacks import UNKNOWN_ROUTE
from console.services.topics import CallbackProblem
from console.store.health import CANNOT_READ, EMPTY
from console.ui.accounts.account_form import AccountFormDialog
from console.ui.agenda.import_dialog import ImportPreviewDialog
from console.ui.dialogs.crash import CrashDialog, crash_report
from console.ui.dialogs.storage_problem import StorageProblemDialog
from console.ui.inbox.new_conversation import NewConversationDialog
from console.ui.main_window import MainWindow
from console.ui.sender.add_template import AddTemplateDialog
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession
from tests.ui.sender_support import ORDER_READY, store_contact
from tests.ui.support import Driver, Run

Visit = Callable[[str, QWidget], None]
OUTSIDER = "59899123456"  # never wrote to the demo channel: Hey Now refuses to send to it
WRONG_PASSWORD_ACCOUNT = "Soporte"
WINDOW_UNSEEN = "+52 55 9876 5432"  # registered with Broadcasterbot, never wrote
CSV = "nombre;teléfono\nLucía Pérez;+598 99 111 222\nSin número;\nRepetido;+598 99 111 222\n"


class Tour:
    def __init__(self, qtbot: QtBot, window: MainWindow, session: ConsoleSession, run: Run, files: Path) -> None:
        self.qtbot = qtbot
        self.window = window
        self.session = session
        self.run = run
        self.files = files
        self.notifications: list[str] = []
        self.status_messages: list[str] = []
        window.notifier.notified.connect(lambda title, body: self.notifications.append(f"{title}\n{body}"))
        window.statusBar().messageChanged.connect(lambda text: text and self.status_messages.append(text))

    def walk(self, visit: Visit) -> None:
        self._stage()
        self._panes(visit)
        self._refused_message(visit)
        self._menus(visit)
        self._window_dialogs(visit)
        self._account_dialogs(visit)
        self._sender_dialogs(visit)
        self._agenda_dialogs(visit)
        self._standalone_dialogs(visit)
        self._templates_and_bulk(visit)
        self._send_anyway(visit)

    # ---- the window at work --------------------------------------------------------

    def _stage(self) -> None:
        """A synced agenda, a conversation with a sent message selected, a refused send, a
        set-aside callback and an account whose password is wrong."""
        window, run = self.window, self.run
        agent = Driver(self.qtbot, window, self.session)
        agent.sync_agenda()
        agent.click_contact(0)
        agent.type_message("Hola, ¿recibiste el pedido?")
        agent.click_send()
        chat = window.chat_pane.model
        self.qtbot.waitUntil(lambda: chat.rowCount() >= 1, timeout=10_000)
        window.selection.set_message(chat.message(chat.rowCount() - 1).id)
        account = window.selection.account
        assert account is not None
        workspace = self.session.workspace
        run(workspace.outbox.send_text(account, OUTSIDER, "¿Sigues ahí?"))  # refused: announced
        self.qtbot.waitUntil(lambda: bool(self.notifications), timeout=10_000)
        workspace.topics.callback_problem.publish(CallbackProblem(7, "chattigo", UNKNOWN_ROUTE(), "{}", datetime.now(UTC)))
        server = self.session.sandbox
        assert server is not None
        base_url = server.base_urls["heynow"]
        run(workspace.accounts.add_heynow(WRONG_PASSWORD_ACCOUNT, base_url=base_url, username="x", password="y", platform_id="1"))
        run(workspace.health_monitor.check_all())
        self.qtbot.waitUntil(lambda: "," in window.health.accounts_label.text(), timeout=10_000)

    def _panes(self, visit: Visit) -> None:
        window = self.window
        inbox, agenda = window.docks[1], window.docks[2]
        for dock in (inbox, agenda):
            dock.raise_()
            self.qtbot.waitUntil(dock.widget().isVisible)
            for tab in range(window.sender_pane.tabs.count()):
                window.sender_pane.tabs.setCurrentIndex(tab)
                visit(f"window, {dock.objectName()}, sender tab {tab}", window)
        inbox.raise_()
        window.search.find_bar.open_bar()
        visit("window, find bar", window)
        window.search.find_bar.close()

    def _refused_message(self, visit: Visit) -> None:
        """The conversation whose message the provider refused: the failed bubble and its timeline."""
        window, workspace = self.window, self.session.workspace
        account = window.selection.account
        assert account is not None
        [customer] = self.run(workspace.agenda.page(account.id, OUTSIDER[-6:], 0, 10))
        window.selection.set_contact(customer)
        chat = window.chat_pane.model
        self.qtbot.waitUntil(lambda: chat.rowCount() >= 1, timeout=5000)
        window.selection.set_message(chat.message(chat.rowCount() - 1).id)
        self.qtbot.waitUntil(lambda: window.timeline_pane.model.rowCount() > 0, timeout=5000)
        visit("a refused message and its timeline", window)

    def _menus(self, visit: Visit) -> None:
        window = self.window
        for action in window.menuBar().actions():
            menu = action.menu()
            assert isinstance(menu, QMenu)
            visit(f"menu {action.text()}", menu)
        visit("accounts, Add menu", window.accounts_pane.add_button.menu())
        visit("composer, Attach menu", window.sender_pane.composer.attachment.menu)
        chat = window.chat_pane
        visit("chat, a message's menu", chat.context_menu(chat.model.rowCount() - 1))

    # ---- dialogs ---------------------------------------------------------------------

    def _window_dialogs(self, visit: Visit) -> None:
        window = self.window
        self._visit_dialog(visit, "settings", window.open_settings())
        self._visit_dialog(visit, "keyboard shortcuts", window.show_shortcuts())
        self._visit_dialog(visit, "set-aside callbacks", window.show_set_aside())
        self._visit_dialog(visit, "about", window.show_about())
        replies = window.show_quick_replies()
        self.qtbot.waitExposed(replies)
        visit("quick replies", replies)
        form = replies._open_form(None)
        self._visit_dialog(visit, "quick reply form", form, then=lambda: form.accept())  # empty: refused
        self.qtbot.waitUntil(lambda: form.error.text() != "", timeout=5000)
        self._visit_dialog(visit, "quick reply refused", form)
        replies.close()
        search = window.search.open_dialog()
        search.query_edit.setText("pedido")
        self.qtbot.waitUntil(lambda: search.status_label.text() != "", timeout=5000)
        self._visit_dialog(visit, "message search", search)
        window.inbox_keys.open_new_conversation()
        self.qtbot.waitUntil(lambda: isinstance(window.inbox_keys.dialog, NewConversationDialog))
        starting = window.inbox_keys.dialog
        assert starting is not None
        starting.number_edit.setText("12")
        self._visit_dialog(visit, "new conversation", starting, then=starting.start)  # not a number: refused
        self.qtbot.waitUntil(starting.problem.isVisible, timeout=5000)
        self._visit_dialog(visit, "new conversation refused", starting)

    def _account_dialogs(self, visit: Visit) -> None:
        pane = self.window.accounts_pane
        for provider in ProviderKind:
            pane.add(provider)
            form = pane.dialog
            assert isinstance(form, AccountFormDialog)
            form.name_edit.setText(f"Nueva {provider.value}")
            for edit in form.edits.values():
                edit.clear()
            self._visit_dialog(visit, f"new {provider.value} account", form, then=form.save)  # fields empty: refused
            self.qtbot.waitUntil(lambda form=form: form.error.text() != "", timeout=5000)
            self._visit_dialog(visit, f"new {provider.value} account refused", form)
        pane.edit_current()
        assert pane.dialog is not None
        self._visit_dialog(visit, "edit account", pane.dialog)
        pane.remove_current()
        assert isinstance(pane.dialog, QMessageBox)
        self._visit_dialog(visit, "remove account?", pane.dialog)
        pushing = self._account_of(ProviderKind.BROADCASTERBOT)
        self.window.selection.set_account(pushing)
        self.qtbot.waitUntil(pane.callbacks_button.isEnabled)
        pane.configure_callbacks()
        assert pane.dialog is not None
        self._visit_dialog(visit, "callbacks", pane.dialog)

    def _sender_dialogs(self, visit: Visit) -> None:
        sender = self.window.sender_pane
        self._visit_dialog(visit, "attach a link", sender.composer.attachment.ask_link())
        self._visit_dialog(visit, "attach a place", sender.composer.attachment.ask_place())
        sender.show_templates()
        sender.templates._on_add()
        added = sender.templates.findChild(AddTemplateDialog)
        assert added is not None
        self._visit_dialog(visit, "add a template", added)

    def _agenda_dialogs(self, visit: Visit) -> None:
        pane = self.window.agenda_pane
        good, bad = self.files / "contactos.csv", self.files / "foto.csv"
        good.write_text(CSV, encoding="utf-8")
        bad.write_bytes(bytes(range(256)) * 4)
        pane.preview_import(str(good))
        self.qtbot.waitUntil(lambda: isinstance(pane.import_dialog, ImportPreviewDialog), timeout=5000)
        assert pane.import_dialog is not None
        self._visit_dialog(visit, "import preview", pane.import_dialog)
        pane.preview_import(str(bad))
        self.qtbot.waitUntil(lambda: pane.message_box is not None and pane.message_box.isVisible(), timeout=5000)
        assert pane.message_box is not None
        self._visit_dialog(visit, "import refused", pane.message_box)

    def _standalone_dialogs(self, visit: Visit) -> None:
        try:
            raise ValueError("boom")
        except ValueError as error:
            crash = CrashDialog(crash_report(ValueError, error, error.__traceback__))
        crash.show()
        self._visit_dialog(visit, "unexpected error", crash)
        unreadable = CANNOT_READ(path=str(self.files / "centralita.db"), reason=EMPTY())
        problem = StorageProblem(unreadable, (WayOut.RESTORE_BACKUP, WayOut.NEW_PROFILE, WayOut.NEW_RELAY_STORE))
        storage = StorageProblemDialog(problem)
        storage.open()
        self._visit_dialog(visit, "storage problem", storage)

    def _templates_and_bulk(self, visit: Visit) -> None:
        """A template chosen and checked, then recipients pasted with a line that is no number."""
        account = self.window.selection.account
        assert account is not None
        sender = self.window.sender_pane
        sender.show_templates()
        sender.templates._added(account, ORDER_READY)  # as the Add… dialog hands it over
        combo = sender.templates.template_combo

        def row() -> int | None:
            return next((i for i in range(combo.count()) if ORDER_READY.name in combo.itemText(i)), None)

        self.qtbot.waitUntil(lambda: row() is not None, timeout=5000)
        combo.setCurrentIndex(row())
        self.qtbot.waitUntil(lambda: sender.templates.form.template is not None)
        visit("template chosen", self.window)
        sender.show_bulk()
        sender.bulk.recipients_edit.setPlainText("abc\n+52 55 1111 2222")
        self.qtbot.waitUntil(lambda: sender.bulk.parse_label.text() != "", timeout=5000)
        visit("bulk, a line that is no number", self.window)

    def _send_anyway(self, visit: Visit) -> None:
        """A text to a customer whose 24 h window the console never saw: the warning and Send anyway."""
        workspace, run = self.session.workspace, self.run
        account = run(workspace.accounts.by_name(BROADCASTERBOT_DEMO))
        run(workspace.contacts.register(account, WINDOW_UNSEEN))
        store_contact(run, self.session, BROADCASTERBOT_DEMO, WINDOW_UNSEEN, "Rosa Díaz")
        self.window.selection.set_account(account)
        [contact] = run(workspace.agenda.page(account.id, "98765432", 0, 10))
        self.window.selection.set_contact(contact)
        sender = self.window.sender_pane
        sender.show_composer()
        self.qtbot.waitUntil(sender.composer.text_edit.isEnabled)
        sender.composer.text_edit.setPlainText("Hola Rosa")
        self.qtbot.mouseClick(sender.composer.send_button, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(sender.composer.send_anyway.isVisible, timeout=5000)
        visit("composer, send anyway", self.window)

    def _visit_dialog(
        self, visit: Visit, where: str, dialog: QDialog | QWidget, then: Callable[[], object] | None = None
    ) -> None:
        """Visit `dialog`, then close it, or do `then` in it instead (to visit what follows)."""
        self.qtbot.waitExposed(dialog)
        visit(where, dialog)
        if then is not None:
            then()
            return
        dialog.close()
        QApplication.processEvents()

    def _account_of(self, provider: ProviderKind) -> Account:
        model = self.window.accounts_pane.model
        return next(model.account(row) for row in range(model.rowCount()) if model.account(row).provider is provider)


def open_screens(window: MainWindow) -> list[QWidget]:
    """The window and every top-level widget shown over it now."""
    shown = [widget for widget in QApplication.topLevelWidgets() if widget.isVisible() and widget is not window]
    return [window, *shown]

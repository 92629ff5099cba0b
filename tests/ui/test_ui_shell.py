"""The window shell: language switch, shortcuts, restored layout and selection, status bar, notifications.

Settings live in an ini file under the test's tmp dir, never in the user's settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QKeyCombination, QLocale, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QDockWidget, QLineEdit
from pytestqt.qtbot import QtBot

from console.domain.lifecycle import DeliveryState
from console.services.callbacks import UNKNOWN_ROUTE
from console.services.topics import CallbackProblem
from console.ui.dialogs.settings import SettingsDialog
from console.ui.dialogs.shortcuts import ShortcutsDialog
from console.ui.i18n import (
    SYSTEM,
    TRANSLATIONS_DIR,
    Translations,
    available_languages,
    compile_catalogues,
    language_name,
    resolve,
)
from console.ui.labels import contact_title
from console.ui.main_window import MainWindow
from console.ui.preferences import Preferences
from console.ui.session import ConsoleSession
from console.ui.shell import Shell
from tests.ui.support import Driver, Run

OUTSIDER = "59899123456"  # never wrote to the demo channel: Hey Now refuses to send to it


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    compiled = compile_catalogues(cache_dir=tmp_path_factory.mktemp("qm"))
    assert "es" in compiled
    return compiled


@pytest.fixture
def preferences(tmp_path: Path) -> Preferences:
    return Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def translations(catalogues: dict[str, Path]) -> Iterator[Translations]:
    chosen = Translations(catalogues)
    yield chosen
    chosen.uninstall()
    QLocale.setDefault(QLocale.system())  # as other tests expect it


class Opened:
    """Shells opened by a test, closed at its end."""

    def __init__(self, session: ConsoleSession, preferences: Preferences, translations: Translations, run: Run, qtbot: QtBot):
        self._args = (session, preferences, translations)
        self._run = run
        self._qtbot = qtbot
        self.shells: list[Shell] = []

    def __call__(self) -> Shell:
        shell = Shell(*self._args)
        self.shells.append(shell)
        window = self._run(shell.open())
        window.show()
        self._qtbot.waitExposed(window)
        self._qtbot.waitUntil(lambda: window.selection.account is not None)
        return shell

    def close(self, shell: Shell) -> None:
        shell.close()
        if shell.window is not None:
            shell.window.close()


@pytest.fixture
def open_shell(
    session: ConsoleSession, preferences: Preferences, translations: Translations, run: Run, qtbot: QtBot
) -> Iterator[Opened]:
    run(session.workspace.start_background())
    opened = Opened(session, preferences, translations, run, qtbot)
    yield opened
    for shell in opened.shells:
        opened.close(shell)


class GreedyField(QLineEdit):
    """A text field that claims Ctrl+K for itself, as Qt's text fields do on Linux desktops."""

    def event(self, event: QEvent) -> bool:
        claimed = (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.keyCombination() == QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_K)
        )
        if claimed:
            event.accept()
            return True
        return super().event(event)


def choose_language(window: MainWindow, qtbot: QtBot, name: str) -> None:
    window.settings_action.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.language_box.setCurrentIndex(dialog.language_box.findText(name))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_language_switch_to_english_and_back(
    open_shell: Opened, preferences: Preferences, session: ConsoleSession, qtbot: QtBot
) -> None:
    preferences.language = "es"
    shell = open_shell()
    spanish = shell.window
    assert spanish is not None
    assert spanish.accounts_pane.test_button.text() == "Probar conexión"
    assert spanish.docks[0].windowTitle() == "Cuentas"
    Driver(qtbot, spanish, session).sync_agenda()
    Driver(qtbot, spanish, session).click_contact(2)
    contact = spanish.selection.contact
    qtbot.keyClicks(spanish.sender_pane.text_edit, "Hola, como va")

    choose_language(spanish, qtbot, "English")
    english = shell.window
    assert english is not None and english is not spanish
    qtbot.waitExposed(english)
    assert english.accounts_pane.test_button.text() == "Test connection"
    assert english.docks[0].windowTitle() == "Accounts"
    assert english.selection.contact == contact  # the agent's work stays where it was
    assert english.sender_pane.text_edit.toPlainText() == "Hola, como va"
    assert not spanish.isVisible()
    assert preferences.language == "en"

    choose_language(english, qtbot, "Español")
    again = shell.window
    assert again is not None and again is not english
    assert again.accounts_pane.test_button.text() == "Probar conexión"
    assert again.selection.contact == contact
    assert preferences.language == "es"

    choose_language(again, qtbot, "Português")
    portuguese = shell.window
    assert portuguese is not None and portuguese is not again
    assert portuguese.accounts_pane.test_button.text() == "Testar conexão"
    assert portuguese.docks[0].windowTitle() == "Contas"
    assert portuguese.selection.contact == contact
    assert portuguese.sender_pane.text_edit.toPlainText() == "Hola, como va"
    assert preferences.language == "pt_BR"


def test_set_aside_callbacks_stay_listed_in_the_window_of_another_language(
    open_shell: Opened, session: ConsoleSession, qtbot: QtBot
) -> None:
    shell = open_shell()
    first = shell.window
    assert first is not None
    problem = CallbackProblem(7, "chattigo", UNKNOWN_ROUTE(), "{}", datetime.now(UTC))
    session.workspace.topics.callback_problem.publish(problem)
    assert first.set_aside.rowCount() == 1

    choose_language(first, qtbot, "Español")
    again = shell.window
    assert again is not None and again is not first
    assert again.set_aside.rowCount() == 1 and again.set_aside.problem(0) == problem


def test_shortcuts_dialog_lists_the_shortcuts_and_esc_closes_it(open_shell: Opened, qtbot: QtBot) -> None:
    window = open_shell().window
    assert window is not None
    window.shortcuts_action.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    rows = dict(dialog.rows())
    assert rows["Find a conversation"] == "Ctrl+K"
    assert rows["Find a contact in the agenda"] == "Ctrl+Shift+K"
    assert rows["Next waiting conversation"] == "Ctrl+J"
    assert rows["Resolve the conversation"] == "Ctrl+E"
    assert rows["New conversation…"] == "Ctrl+N"
    assert rows["Back to the conversations list"] == "Esc"
    assert rows["Send the message"] == "Ctrl+Enter"
    assert rows["Send anyway, after a warning"] == "Alt+A"
    assert rows["Send a template"] == "Ctrl+T"
    assert rows["Previous conversation"] == "Alt+Up"
    assert rows["Next conversation"] == "Alt+Down"
    assert rows["Close a dialog"] == "Esc"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_window_shortcuts_work_even_from_text_fields(open_shell: Opened, session: ConsoleSession, qtbot: QtBot) -> None:
    window = open_shell().window
    assert window is not None
    agent = Driver(qtbot, window, session)
    agent.sync_agenda()
    agent.click_contact(0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    composer = window.sender_pane.text_edit
    composer.setFocus()
    qtbot.keyClicks(composer, "hola")
    qtbot.waitUntil(composer.hasFocus)

    qtbot.keyClick(composer, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.inbox_pane.filter_edit.hasFocus)
    assert composer.toPlainText() == "hola"  # the text field did not take Ctrl+K for itself

    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, control_shift)
    qtbot.waitUntil(window.agenda_pane.filter_edit.hasFocus)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.sender_pane.tabs.currentWidget() is window.sender_pane.templates)

    greedy = GreedyField()
    window.statusBar().addPermanentWidget(greedy)
    greedy.setFocus()
    qtbot.waitUntil(greedy.hasFocus)
    qtbot.keyClick(greedy, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.inbox_pane.filter_edit.hasFocus)


def test_layout_and_last_selection_come_back_in_a_new_window(open_shell: Opened, session: ConsoleSession, qtbot: QtBot) -> None:
    first_shell = open_shell()
    first = first_shell.window
    assert first is not None
    agent = Driver(qtbot, first, session)
    agent.sync_agenda()
    agent.click_contact(4)
    contact = first.selection.contact
    assert contact is not None
    first.findChild(QDockWidget, "timelineDock").close()
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first.findChild(QDockWidget, "senderDock"))
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    open_shell.close(first_shell)

    second = open_shell().window
    assert second is not None and second is not first
    qtbot.waitUntil(second.isMaximized)
    assert not second.findChild(QDockWidget, "timelineDock").isVisible()
    assert second.findChild(QDockWidget, "agendaDock").isVisible()
    sender_dock = second.findChild(QDockWidget, "senderDock")
    assert second.dockWidgetArea(sender_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert second.selection.account is not None and second.selection.account.id == contact.account_id
    assert second.selection.contact == contact
    qtbot.waitUntil(lambda: contact_title(contact) in second.sender_pane.composer.recipient.text())


def test_each_data_dir_remembers_its_own_selection(preferences: Preferences, tmp_path: Path) -> None:
    sales, support = tmp_path / "sales", tmp_path / "support"
    preferences.save_selection(sales, 3, 41)
    assert preferences.selection(sales) == (3, 41)
    assert preferences.selection(support) == (None, None)
    preferences.save_selection(sales, 3, None)
    assert preferences.selection(sales) == (3, None)


def test_failed_send_is_announced_unless_its_conversation_is_in_view(
    open_shell: Opened, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    window = open_shell().window
    assert window is not None
    account = window.selection.account
    assert account is not None
    with qtbot.waitSignal(window.notifier.notified, timeout=10_000) as announced:
        message = run(session.workspace.outbox.send_text(account, OUTSIDER, "Hola, ¿recibiste el pedido?"))
    assert message.state is DeliveryState.FAILED
    title, body = announced.args
    assert title == "Message to +598 99 123 456 not sent"
    assert "Hola, ¿recibiste el pedido?" in body and "never written" in body
    [notice] = window.notices.notices()  # in full, in the notice area, until dismissed
    assert notice.warning and notice.isVisible()
    assert notice.full_text == f"{title}: {body}"

    [customer] = run(session.workspace.agenda.page(account.id, OUTSIDER[-6:], 0, 10))
    window.selection.set_contact(customer)  # the agent opens that conversation
    later: list[str] = []
    window.notifier.notified.connect(lambda title, _body: later.append(title))
    again = run(session.workspace.outbox.send_text(account, OUTSIDER, "¿Sigues ahí?"))
    assert again.state is DeliveryState.FAILED
    chat = window.chat_pane.model
    qtbot.waitUntil(lambda: chat.rowCount() == 2 and chat.message(1).state is DeliveryState.FAILED)
    qtbot.wait(300)
    assert later == []


def test_a_customers_message_is_announced(open_shell: Opened, session: ConsoleSession, qtbot: QtBot) -> None:
    window = open_shell().window
    assert window is not None
    server = session.sandbox
    assert server is not None and server.sandbox is not None
    with qtbot.waitSignal(window.notifier.notified, timeout=20_000) as announced:
        server.call(server.sandbox.broadcasterbot.customer_replies, "5544332211", "MX", "¿Llegó mi pedido?")
    assert announced.args == ["New message from +52 55 4433 2211", "¿Llegó mi pedido?"]


def test_system_choice_follows_the_locale() -> None:
    assert resolve(SYSTEM, QLocale("es_UY")) == "es"
    assert resolve(SYSTEM, QLocale("es_ES")) == "es"
    assert resolve(SYSTEM, QLocale("pt_BR")) == "pt_BR"
    assert resolve(SYSTEM, QLocale("pt_PT")) == "pt_BR"
    assert resolve(SYSTEM, QLocale("fr_FR")) == "en"
    assert resolve(SYSTEM, QLocale("en_GB")) == "en"
    assert resolve("en", QLocale("es_MX")) == "en"
    assert resolve("fr", QLocale("es_MX")) == "en"  # a choice whose catalogue is gone


def test_the_languages_offered_are_the_catalogues_present(tmp_path: Path, preferences: Preferences) -> None:
    assert available_languages() == ["en", "es", "pt_BR"]
    assert [language_name(code) for code in available_languages()] == ["English", "Español", "Português"]
    (tmp_path / "centralita_fr.ts").write_text("<TS/>", encoding="utf-8")
    (tmp_path / "centralita_de.qm").write_bytes(b"")
    assert available_languages(tmp_path) == ["de", "en", "fr"]  # English needs no catalogue: it is the source
    assert resolve(SYSTEM, QLocale("fr_CA"), available_languages(tmp_path)) == "fr"
    preferences.language = "pt_BR"
    assert preferences.language == "pt_BR"
    preferences.language = "xx"  # no such catalogue: the system's language again
    assert preferences.language == SYSTEM


@pytest.mark.parametrize(("language", "save"), [("es", "Guardar"), ("pt_BR", "Salvar")])
def test_qts_own_buttons_speak_the_language(translations: Translations, language: str, save: str) -> None:
    assert translations.apply(language) == language
    assert QCoreApplication.translate("QPlatformTheme", "Save") == save
    assert QCoreApplication.translate("QLineEdit", "&Copy") != "&Copy"  # a text field's context menu


def test_settings_offers_every_language_named_in_itself(qtbot: QtBot) -> None:
    dialog = SettingsDialog("pt_BR", "es")
    qtbot.addWidget(dialog)
    names = [dialog.language_box.itemText(row) for row in range(dialog.language_box.count())]
    assert names[1:] == ["English", "Español", "Português"]
    assert "Español" in names[0]
    assert dialog.chosen_language() == "pt_BR"


def test_an_edited_catalogue_is_compiled_again(tmp_path: Path) -> None:
    sources, cache = tmp_path / "ts", tmp_path / "qm"
    sources.mkdir()
    original = (TRANSLATIONS_DIR / "centralita_es.ts").read_text(encoding="utf-8")
    (sources / "centralita_es.ts").write_text(original, encoding="utf-8")
    first = compile_catalogues(sources, cache)["es"]

    edited = original.replace("<translation>Probar conexión</translation>", "<translation>Comprobar conexión</translation>")
    assert edited != original
    (sources / "centralita_es.ts").write_text(edited, encoding="utf-8")
    second = compile_catalogues(sources, cache)["es"]
    assert second != first
    edited_translations = Translations({"es": second})
    edited_translations.apply("es")
    try:
        assert QCoreApplication.translate("AccountsPane", "Test connection") == "Comprobar conexión"
    finally:
        edited_translations.uninstall()
        QLocale.setDefault(QLocale.system())


def test_status_bar_shows_polling_callbacks_and_accounts(open_shell: Opened, qtbot: QtBot) -> None:
    window = open_shell().window
    assert window is not None
    health = window.health
    qtbot.waitUntil(lambda: health.polling_label.text() == "Status polling: on")
    qtbot.waitUntil(lambda: health.receiver_label.text() == "Callbacks: receiving", timeout=5000)
    # Every account is checked when the workspace starts.
    qtbot.waitUntil(lambda: health.accounts_label.text() == "Accounts: 6 connected")
    assert "Chattigo demo: connected" in health.accounts_label.toolTip()
    assert "Hey Now demo: connected" in health.accounts_label.toolTip()


def test_the_message_sound_is_off_until_turned_on_in_settings_and_stays_on(
    open_shell: Opened, preferences: Preferences, qtbot: QtBot
) -> None:
    window = open_shell().window
    assert window is not None and not window.notifier.sound and not preferences.message_sound
    window.settings_action.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and not dialog.sound_box.isChecked()
    qtbot.mouseClick(dialog.sound_box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert window.notifier.sound and preferences.message_sound
    again = open_shell().window
    assert again is not None and again.notifier.sound

"""Any screen: the first window fits the screen it opens on (1366×768, 1280×720, 1024×640)
with the composer, Send and the status bar in view; the minimum width fits a 1024 px
screen; a saved layout keeps its sizes only on a screen of the size it was saved on;
View → Reset layout; notices in full; a language switch keeps a half-filled template
form and a bulk summary.

Screens are given to the shell as an available area: the window is fitted as on a fresh
profile on such a screen. Settings live in an ini file under the test's tmp dir.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QDockWidget, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from console.domain.bulk import Outcome
from console.ui.dialogs.settings import SettingsDialog
from console.ui.dock_fit import DockSizes
from console.ui.i18n import Translations, compile_catalogues
from console.ui.main_window import MainWindow
from console.ui.preferences import Preferences
from console.ui.screen_fit import FRAME, PREFERRED
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession
from console.ui.shell import Shell
from tests.ui.sender_support import ORDER_READY, click_account, registered_numbers
from tests.ui.support import Run

LAPTOP, SMALL_LAPTOP, NETBOOK, DESKTOP = QSize(1366, 768), QSize(1280, 720), QSize(1024, 640), QSize(1920, 1080)
# What the window sees of a screen scaled by the desktop: 1366×768 at 1.5×, 1920×1080 at 2×.
LAPTOP_AT_150, DESKTOP_AT_200 = QSize(910, 512), QSize(960, 540)


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return compile_catalogues(cache_dir=tmp_path_factory.mktemp("qm"))


@pytest.fixture
def translations(catalogues: dict[str, Path]) -> Iterator[Translations]:
    chosen = Translations(catalogues)
    yield chosen
    chosen.uninstall()
    QLocale.setDefault(QLocale.system())


@pytest.fixture
def preferences(tmp_path: Path) -> Preferences:
    return Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


class Screens:
    """Opens shells as on a screen of a given available area; closes them at the end."""

    def __init__(self, session: ConsoleSession, preferences: Preferences, translations: Translations, run: Run, qtbot: QtBot):
        self._args = (session, preferences, translations)
        self._run = run
        self._qtbot = qtbot
        self.shells: list[Shell] = []

    def open(self, screen: QSize) -> MainWindow:
        area = QRect(QPoint(0, 0), screen)
        shell = Shell(*self._args, available=lambda: area)
        self.shells.append(shell)
        window = self._run(shell.open())
        window.show()
        self._qtbot.waitExposed(window)
        self._qtbot.waitUntil(lambda: window.selection.account is not None)
        self._qtbot.wait(50)  # the default dock sizes are set just after the first show
        return window

    def close_last(self) -> None:
        shell = self.shells[-1]
        shell.close()
        if shell.window is not None:
            shell.window.close()


@pytest.fixture
def screens(
    session: ConsoleSession, preferences: Preferences, translations: Translations, run: Run, qtbot: QtBot
) -> Iterator[Screens]:
    run(session.workspace.start_background())
    opened = Screens(session, preferences, translations, run, qtbot)
    yield opened
    for shell in opened.shells:
        shell.close()
        if shell.window is not None:
            shell.window.close()


def in_view(window: MainWindow, widget: QWidget) -> bool:
    """Shown whole inside the window: not hidden, not cut by the window's edge or a pane's."""
    place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    whole = widget.visibleRegion().boundingRect() == widget.rect()
    return widget.isVisible() and whole and window.rect().contains(place)


def fits(window: MainWindow, screen: QSize) -> bool:
    """The window with a title bar and borders lies inside the screen's available area."""
    return QRect(QPoint(0, 0), screen).contains(window.geometry().marginsAdded(FRAME))


SCREENS = [LAPTOP, SMALL_LAPTOP, NETBOOK, LAPTOP_AT_150, DESKTOP_AT_200]


@pytest.mark.parametrize("screen", SCREENS, ids=lambda size: f"{size.width()}x{size.height()}")
def test_the_first_window_fits_the_screen_with_composer_send_and_status_bar_in_view(
    screens: Screens, preferences: Preferences, screen: QSize, qtbot: QtBot
) -> None:
    preferences.language = "es"  # the longer words
    window = screens.open(screen)
    assert window.sender_pane.send_button.text() == "Enviar"
    assert fits(window, screen), window.geometry()
    sender = window.sender_pane
    for widget in (sender.text_edit, sender.send_button, window.statusBar(), window.health, window.secrets_label):
        qtbot.waitUntil(lambda widget=widget: in_view(window, widget))
    # The secret store's line (with the data folder's path) is shortened to its room, whole in its tooltip.
    secrets = window.secrets_label
    assert secrets.toolTip() == secrets.text()
    shown = secrets.shown_text()
    assert secrets.fontMetrics().horizontalAdvance(shown) <= secrets.contentsRect().width()
    assert shown == secrets.text() or "…" in shown


def test_on_a_scaled_screen_the_right_column_folds_behind_the_inbox(screens: Screens) -> None:
    window = screens.open(DESKTOP_AT_200)
    docks = {dock.objectName(): dock for dock in window.findChildren(QDockWidget)}
    behind_inbox = set(window.tabifiedDockWidgets(docks["inboxDock"]))
    assert {docks["agendaDock"], docks["timelineDock"], docks["contactDock"]} <= behind_inbox
    assert docks["inboxDock"].isVisible() and not docks["timelineDock"].isFloating()
    titles = [bar for bar in window.findChildren(QTabBar) if bar.count() >= 4]
    assert titles and all(bar.elideMode() == Qt.TextElideMode.ElideNone for bar in titles)  # "Contacto", not "C…"


def test_a_big_screen_gets_the_preferred_size_and_its_dock_proportions(screens: Screens) -> None:
    window = screens.open(DESKTOP)
    assert window.size() == PREFERRED
    expected = DockSizes.for_window(window.size())
    accounts = window.findChild(QDockWidget, "accountsDock")
    assert abs(accounts.width() - expected.left) < 0.1 * expected.left


@pytest.mark.parametrize("language", ["es", "en", "pt_BR"])
def test_the_minimum_width_fits_a_1024_screen_whichever_tab_is_open(
    screens: Screens, preferences: Preferences, language: str, qtbot: QtBot
) -> None:
    preferences.language = language
    window = screens.open(NETBOOK)
    sender = window.sender_pane
    for tab in (sender.composer, sender.templates, sender.bulk):
        sender.tabs.setCurrentWidget(tab)
        qtbot.wait(10)
        assert window.minimumSizeHint().width() <= NETBOOK.width() - FRAME.left() - FRAME.right()
        assert window.minimumSizeHint().height() <= NETBOOK.height() - FRAME.top() - FRAME.bottom()


def test_reset_layout_puts_every_pane_back(screens: Screens, qtbot: QtBot) -> None:
    window = screens.open(LAPTOP)
    docks = {dock.objectName(): dock for dock in window.findChildren(QDockWidget)}
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, docks["senderDock"])
    docks["timelineDock"].close()
    docks["contactDock"].setFloating(True)
    window.resizeDocks([docks["accountsDock"]], [150], Qt.Orientation.Horizontal)
    qtbot.wait(10)

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: docks["timelineDock"].isVisible())
    assert window.dockWidgetArea(docks["senderDock"]) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert not docks["contactDock"].isFloating()
    assert window.dockWidgetArea(docks["contactDock"]) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.tabifiedDockWidgets(docks["inboxDock"]) == [docks["agendaDock"]]
    expected = DockSizes.for_window(window.size())
    qtbot.waitUntil(lambda: abs(docks["accountsDock"].width() - expected.left) < 0.1 * expected.left)
    assert fits(window, LAPTOP)
    assert window.reset_layout_action.shortcut().toString() == "Ctrl+Shift+R"


def test_a_layout_saved_on_a_small_screen_is_not_kept_narrow_on_a_big_one_and_back(screens: Screens) -> None:
    small = screens.open(NETBOOK)
    small.findChild(QDockWidget, "timelineDock").close()  # where the panes are always comes back
    narrow = small.findChild(QDockWidget, "accountsDock").width()
    screens.close_last()

    big = screens.open(DESKTOP)
    assert big.size() == PREFERRED
    assert not big.findChild(QDockWidget, "timelineDock").isVisible()
    widened = big.findChild(QDockWidget, "accountsDock").width()
    assert widened > narrow * 1.2 and abs(widened - DockSizes.for_window(PREFERRED).left) < 0.1 * widened
    screens.close_last()

    back = screens.open(LAPTOP)
    assert fits(back, LAPTOP)


def test_a_notice_shows_its_whole_sentence_and_stays_until_dismissed_by_keyboard(screens: Screens, qtbot: QtBot) -> None:
    window = screens.open(NETBOOK)
    sentence = (
        "Bulk send finished: sent 118 · failed 2 · verify 0 · not sent yet 0; the summary can be exported as CSV "
        "from the Send to many tab."
    )
    notice = window.notices.post(sentence, warning=True)
    qtbot.waitUntil(lambda: in_view(window, notice.label))
    assert notice.label.text() == sentence  # never elided: it wraps
    assert notice.label.accessibleName() == "Warning" and notice.label.accessibleDescription() == sentence
    assert notice.close_button.accessibleName() == "Dismiss the notice"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.latest_notice_action.trigger()
    qtbot.waitUntil(notice.label.hasFocus)
    qtbot.keyClick(notice.label, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.notices.texts() == [])


def choose_language(window: MainWindow, qtbot: QtBot, name: str) -> None:
    window.settings_action.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.language_box.setCurrentIndex(dialog.language_box.findText(name))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_switching_language_keeps_a_half_filled_template_form_and_the_bulk_summary(
    screens: Screens, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    account = run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    run(session.workspace.templates.add(account, ORDER_READY))
    window = screens.open(LAPTOP)
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    sender = window.sender_pane
    sender.show_templates()
    qtbot.waitUntil(lambda: len(sender.templates.form.param_edits) == 2)
    qtbot.keyClicks(sender.templates.form.param_edits[0], "Ana")  # the second left empty

    sender.show_bulk()
    numbers = registered_numbers(session)[:2]
    QApplication.clipboard().setText("\n".join(f"{number};Cliente;P-{i}" for i, number in enumerate(numbers)))
    sender.bulk.recipients_edit.setFocus()
    qtbot.keyClick(sender.bulk.recipients_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: sender.bulk.start_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(sender.bulk.start_button, Qt.MouseButton.LeftButton)
    summary = sender.bulk.summary
    qtbot.waitUntil(
        lambda: [summary.recipient(r).outcome for r in range(summary.rowCount())] == [Outcome.SENT] * 2, timeout=10_000
    )
    sent = [summary.recipient(r) for r in range(summary.rowCount())]
    qtbot.keyClicks(sender.bulk.recipients_edit, "+52 55")  # a next list, begun

    choose_language(window, qtbot, "Español")
    spanish = screens.shells[-1].window
    assert spanish is not None and spanish is not window
    qtbot.waitExposed(spanish)
    moved = spanish.sender_pane
    assert moved.tabs.currentWidget() is moved.bulk
    assert moved.tabs.tabText(moved.tabs.indexOf(moved.bulk)) != "Send to many"  # it is in Spanish
    qtbot.waitUntil(lambda: moved.bulk.summary.rowCount() == 2)
    assert [moved.bulk.summary.recipient(r) for r in range(2)] == sent
    assert moved.bulk.recipients_edit.toPlainText() == "+52 55"
    qtbot.waitUntil(lambda: len(moved.templates.form.param_edits) == 2)
    assert [edit.text() for edit in moved.templates.form.param_edits] == ["Ana", ""]
    assert moved.templates.form.template == ORDER_READY


def test_a_notice_leaves_the_composer_and_send_uncovered(screens: Screens, qtbot: QtBot) -> None:
    window = screens.open(DESKTOP_AT_200)
    for n in range(3):
        window.notices.post(f"Mensaje nuevo de +598 91 777 57{n}: ¿Me pueden mandar la factura de marzo, por favor?")
    area = window.notices.geometry()
    for widget in (window.sender_pane.send_button, window.sender_pane.text_edit):
        place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        assert not area.intersects(place), widget


def test_the_shortcuts_dialog_is_no_taller_than_the_screen(screens: Screens, qtbot: QtBot) -> None:
    window = screens.open(LAPTOP)
    dialog = window.show_shortcuts()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= LAPTOP.height() - FRAME.top() - FRAME.bottom()
    assert dialog.table.rowCount() == len(window.shortcuts())  # the rest scrolls into view
    dialog.close()

"""Unexpected errors reach a dialog with a redacted report and a redacted log line; Help's
About dialog and "Open logs folder"."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from console import __version__
from console.logging_setup import LOG_DIR_ENV, LogSetup, install_logging
from console.ui.dialogs.about import AboutDialog
from console.ui.dialogs.crash import CrashReporter
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from console.ui.tasks import TaskHolder

PHONE = "+59899123456"
API_KEY = "sk-live-7f3a9c2e8b1d"
PROBLEM = f"the provider refused {PHONE} (api_key={API_KEY})"


@pytest.fixture
def logs(tmp_path: Path) -> Iterator[LogSetup]:
    setup = install_logging(tmp_path / "logs", debug=False, stderr=False)
    yield setup
    setup.remove()


@pytest.fixture
def reporter() -> Iterator[CrashReporter]:
    installed = CrashReporter().install()
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()


def _log_text(logs: LogSetup) -> str:
    for handler in logs.handlers:
        handler.flush()
    return logs.file.read_text(encoding="utf-8")


def _failing_button(qtbot: QtBot) -> QPushButton:
    def send() -> None:
        raise RuntimeError(PROBLEM)

    button = QPushButton("Send")
    button.clicked.connect(send)
    qtbot.addWidget(button)
    button.show()
    return button


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_a_redacted_report_and_logs_it(
    qtbot: QtBot, logs: LogSetup, reporter: CrashReporter
) -> None:
    button = _failing_button(qtbot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    assert dialog is not None
    report = dialog.report.toPlainText()
    assert f"Centralita {__version__}" in report
    assert "RuntimeError: the provider refused +*******3456 (api_key=[redacted])" in report
    assert "in send" in report  # the traceback names the slot
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == report

    logged = _log_text(logs)
    assert "ERROR console.crash: Unhandled RuntimeError" in logged
    assert "RuntimeError: the provider refused +*******3456 (api_key=[redacted])" in logged
    for text in (report, logged):
        assert PHONE not in text and "99123456" not in text and API_KEY not in text

    # The window keeps working: the same button fails again, counted on the open report.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert reporter.dialog is dialog and dialog.repeats == 2
    assert dialog.repeats_label.isVisible() and "2" in dialog.repeats_label.text()
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == dialog.windowTitle()] == [dialog]
    assert _log_text(logs).count("Unhandled RuntimeError") == 3

    dialog.close()
    qtbot.waitUntil(lambda: reporter.dialog is None)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a new report once that one is closed
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog is not dialog)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_widget_task_reaches_the_report(qtbot: QtBot, reporter: CrashReporter) -> None:
    async def refresh() -> None:
        await asyncio.sleep(0)
        raise KeyError(f"contact {PHONE}")

    tasks = TaskHolder()
    tasks.start("refresh", refresh())
    qtbot.waitUntil(lambda: reporter.dialog is not None)
    assert reporter.dialog is not None
    assert "KeyError: 'contact +*******3456'" in reporter.dialog.report.toPlainText()


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "log folder"
    folder.mkdir()
    monkeypatch.setenv(LOG_DIR_ENV, str(folder))
    return folder


def test_about_shows_version_licence_paths_and_secret_store(
    window: MainWindow, session: ConsoleSession, qtbot: QtBot, log_folder: Path
) -> None:
    help_menu = window.menuBar().actions()[-1].menu()
    assert window.about_action in help_menu.actions() and window.logs_action in help_menu.actions()
    window.about_action.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, AboutDialog) and w.isVisible() for w in window.findChildren(AboutDialog)))
    dialog = window.findChildren(AboutDialog)[0]
    shown = {key: label.text() for key, label in dialog.values.items()}
    assert shown["version"] == __version__ != ""
    assert shown["licence"] == "MIT"
    assert shown["data"] == str(session.workspace.data_dir)
    assert shown["logs"] == str(log_folder)
    assert shown["secrets"] == session.workspace.accounts.secrets_description.english()
    assert shown["qt"].startswith("Qt 6.")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.findChildren(AboutDialog))


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_logs_folder_hands_the_folder_to_the_desktop(window: MainWindow, log_folder: Path) -> None:
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        window.logs_action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(url.toLocalFile()) for url in opened.urls] == [log_folder]

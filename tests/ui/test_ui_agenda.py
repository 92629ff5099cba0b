"""The agenda pane: sync, filter as you type through the store, cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.domain.accounts import Account
from console.sandbox.recorder import Fault, FaultKind
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from tests.ui.support import Driver, Run


def test_sync_then_typing_narrows_the_rows(
    agent: Driver, window: MainWindow, session: ConsoleSession, account: Account, qtbot: QtBot, run: Run
) -> None:
    agenda = window.agenda_pane
    stored = session.workspace.agenda
    assert agenda.model.rowCount() == 0
    agent.sync_agenda()
    total = run(stored.count(account.id))
    assert total == 200
    qtbot.waitUntil(lambda: agenda.model.rowCount() == total)

    qtbot.keyClicks(agenda.filter_edit, "ma")
    two_letters = run(stored.count(account.id, "ma"))
    assert 0 < two_letters < total
    qtbot.waitUntil(lambda: agenda.model.rowCount() == two_letters)

    qtbot.keyClicks(agenda.filter_edit, "rt")
    four_letters = run(stored.count(account.id, "mart"))
    assert 0 < four_letters < two_letters
    qtbot.waitUntil(lambda: agenda.model.rowCount() == four_letters)
    qtbot.waitUntil(lambda: agenda.model.contact(0) is not None)
    first = agenda.model.contact(0)
    assert first is not None and "mart" in (first.display_name + first.phone).lower().replace("í", "i")

    agenda.filter_edit.clear()
    qtbot.waitUntil(lambda: agenda.model.rowCount() == total)


def test_sync_can_be_cancelled(window: MainWindow, session: ConsoleSession, qtbot: QtBot) -> None:
    assert session.sandbox is not None and session.sandbox.sandbox is not None
    session.sandbox.sandbox.faults.add("heynow", "agenda", Fault(FaultKind.DELAY, seconds=5.0, times=1))
    pane = window.agenda_pane
    qtbot.mouseClick(pane.sync_button, Qt.MouseButton.LeftButton)
    assert pane.sync_button.text() == pane.tr("Cancel")
    assert pane.progress.isVisible()
    qtbot.waitUntil(lambda: session.sandbox.sandbox.log.count("heynow", "agenda") == 1)
    qtbot.mouseClick(pane.sync_button, Qt.MouseButton.LeftButton)
    assert pane.sync_button.text() == pane.tr("Sync")
    assert not pane.progress.isVisible()
    qtbot.wait(200)
    assert pane.model.rowCount() == 0


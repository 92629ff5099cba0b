"""A customer's message marks their contact unread in the agenda; opening the chat clears it.

Messages come the real way: the Broadcasterbot simulator calls the embedded relay.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from console.domain.messages import Direction
from console.ui.main_window import MainWindow
from console.ui.models.agenda import AgendaTableModel
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession, open_session
from tests.conftest import MemorySecrets
from tests.ui.sender_support import click_account, store_contact
from tests.ui.support import FAST_OPTIONS, FAST_PUSH, Driver, Run, customer_writes

ANA = ("5544332211", "MX")
STRANGER = ("5511223344", "MX")


@pytest.fixture
def session(tmp_path: Path, secrets: MemorySecrets, run: Run) -> Iterator[ConsoleSession]:
    opened = run(open_session(tmp_path, secrets=secrets, sandbox_configs=FAST_PUSH, options=FAST_OPTIONS))
    yield opened
    run(opened.close())


def _names(model: AgendaTableModel) -> list[str]:
    return [model.index(row, AgendaTableModel.NAME).data() for row in range(model.rowCount())]


def _bold(model: AgendaTableModel, row: int) -> bool:
    font = model.index(row, AgendaTableModel.NAME).data(Qt.ItemDataRole.FontRole)
    return isinstance(font, QFont) and font.bold()


def test_a_customers_message_shows_a_badge_until_the_agent_opens_the_chat(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    store_contact(run, session, BROADCASTERBOT_DEMO, "+525544332211", "Ana Pérez")
    store_contact(run, session, BROADCASTERBOT_DEMO, "+525599887766", "Beto Ruiz")
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    model = window.agenda_pane.model
    qtbot.waitUntil(lambda: _names(model) == ["Ana Pérez", "Beto Ruiz"])
    assert not _bold(model, 0)

    customer_writes(session, ANA, "¿Llegó mi pedido?")
    qtbot.waitUntil(lambda: _names(model) == ["Ana Pérez (1)", "Beto Ruiz"], timeout=20_000)
    assert _bold(model, 0) and not _bold(model, 1)
    assert model.index(0, AgendaTableModel.NAME).data(Qt.ItemDataRole.ToolTipRole) == model.tr("%n unread message(s)", "", 1)
    customer_writes(session, ANA, "Hola?")
    qtbot.waitUntil(lambda: _names(model) == ["Ana Pérez (2)", "Beto Ruiz"], timeout=20_000)

    # Someone new writes: a contact without a name, listed after the named ones.
    customer_writes(session, STRANGER, "Buenas")
    qtbot.waitUntil(lambda: _names(model) == ["Ana Pérez (2)", "Beto Ruiz", "(no name) (1)"], timeout=20_000)

    window.activateWindow()
    qtbot.waitUntil(window.chat_pane.isActiveWindow)
    agent.click_contact(0)
    chat = window.chat_pane.model
    qtbot.waitUntil(lambda: chat.rowCount() == 2)
    qtbot.waitUntil(lambda: _names(model)[0] == "Ana Pérez")
    assert not _bold(model, 0)
    assert model.contact(0) is not None and model.contact(0).unread == 0
    assert window.agenda_pane.table.currentIndex().row() == 0  # the row was updated, not the table reset

    # While her chat is open and the window active, what she writes is read at once.
    customer_writes(session, ANA, "Gracias")
    qtbot.waitUntil(lambda: chat.rowCount() == 3, timeout=20_000)
    assert chat.message(2).direction is Direction.INCOMING
    ana = model.contact(0)
    assert ana is not None
    qtbot.waitUntil(lambda: getattr(run(session.workspace.agenda.contact(ana.id)), "unread", None) == 0)
    qtbot.wait(300)
    assert _names(model) == ["Ana Pérez", "Beto Ruiz", "(no name) (1)"]

    # The agent is in another window: the message waits, unread, until they come back.
    elsewhere = QWidget()
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    customer_writes(session, ANA, "¿Sigue ahí?")
    qtbot.waitUntil(lambda: chat.rowCount() == 4, timeout=20_000)
    qtbot.waitUntil(lambda: _names(model)[0] == "Ana Pérez (1)")
    window.activateWindow()
    qtbot.waitUntil(lambda: _names(model)[0] == "Ana Pérez")
    elsewhere.close()

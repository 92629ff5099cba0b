"""What the UI tests import besides fixtures: fast sandbox settings, the `run` helper's
type, and a driver that works the window the way an agent does.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.sandbox.broadcasterbot import BroadcasterbotSandboxConfig
from console.sandbox.chattigo import ChattigoSandboxConfig
from console.sandbox.server import SandboxConfigs
from console.services.workspace_options import WorkspaceOptions
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from tests.conftest import FAST_POLLS, FAST_STATUS

T = TypeVar("T")

FAST_SANDBOX = FAST_STATUS
FAST_POLLING = FAST_POLLS
FAST_OPTIONS = WorkspaceOptions(poll_policy=FAST_POLLING)
# Callbacks pushed within a tenth of a second: customers' messages reach the window at once.
FAST_PUSH = SandboxConfigs(
    heynow=FAST_SANDBOX,
    broadcasterbot=BroadcasterbotSandboxConfig(callback_beat=0.1),
    chattigo=ChattigoSandboxConfig(webhook_beat=0.1),
)


def customer_writes(session: ConsoleSession, who: tuple[str, str], text: str) -> None:
    """A Broadcasterbot customer (local number, country) writes `text`, through the simulator."""
    server = session.sandbox
    assert server is not None and server.sandbox is not None
    server.call(server.sandbox.broadcasterbot.customer_replies, who[0], who[1], text)


class Run(Protocol):
    """Runs a coroutine as a task on the Qt loop and returns its result."""

    def __call__(self, coroutine: Coroutine[Any, Any, T], timeout: int = 10_000) -> T: ...


class Driver:
    """What an agent does with the mouse and keyboard, step by step."""

    def __init__(self, qtbot: QtBot, window: MainWindow, session: ConsoleSession) -> None:
        self.qtbot = qtbot
        self.window = window
        self.session = session

    def sync_agenda(self) -> None:
        pane = self.window.agenda_pane
        self.qtbot.mouseClick(pane.sync_button, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: pane.sync_button.text() == pane.tr("Sync") and pane.model.rowCount() > 0)

    def click_contact(self, row: int) -> None:
        pane = self.window.agenda_pane
        next(dock for dock in self.window.docks if dock.widget() is pane).raise_()  # its tab, behind the inbox
        self.qtbot.waitUntil(pane.table.isVisible)
        self.qtbot.waitUntil(lambda: pane.model.rowCount() > row and pane.model.contact(row) is not None)
        rect = pane.table.visualRect(pane.model.index(row, 0))
        self.qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        self.qtbot.waitUntil(lambda: self.window.selection.contact == pane.model.contact(row))

    def type_message(self, text: str) -> None:
        self.qtbot.keyClicks(self.window.sender_pane.text_edit, text)

    def click_send(self) -> None:
        self.qtbot.mouseClick(self.window.sender_pane.send_button, Qt.MouseButton.LeftButton)

    def sent_requests(self) -> int:
        assert self.session.sandbox is not None and self.session.sandbox.sandbox is not None
        return self.session.sandbox.sandbox.log.count("heynow", "send")

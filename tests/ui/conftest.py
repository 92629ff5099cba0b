"""Real widgets over a real workspace and a real Hey Now sandbox on loopback.

One qasync loop for the whole session, marked as the running loop only while a test of
this folder runs, so tests elsewhere can still use `asyncio.run`. Tests are plain
functions: a coroutine runs as a task and the test waits with `qtbot.waitUntil`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.domain.accounts import Account
from console.sandbox.heynow import HeyNowSandboxConfig
from console.services.poller import PollPolicy
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession, open_session

T = TypeVar("T")

FAST_SANDBOX = HeyNowSandboxConfig(status_delays=(0.2, 0.4, 0.6), never_read_ratio=0.0, stuck_ratio=0.0)
FAST_POLLING = PollPolicy(min_interval=0.1, max_interval=0.5)


class MemorySecrets:
    description = "memory (tests)"

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get(self, account: str, key: str) -> str | None:
        return self.values.get((account, key))

    def set(self, account: str, key: str, value: str) -> None:
        self.values[(account, key)] = value

    def delete(self, account: str, key: str) -> None:
        self.values.pop((account, key), None)


@pytest.fixture(scope="session")
def qt_loop(qapp: QApplication) -> qasync.QEventLoop:
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    return loop


@pytest.fixture(autouse=True)
def loop(qt_loop: qasync.QEventLoop, qtbot: QtBot) -> Iterator[qasync.QEventLoop]:
    asyncio._set_running_loop(qt_loop)
    yield qt_loop
    leftovers = [task for task in asyncio.all_tasks(qt_loop) if not task.done()]
    for task in leftovers:
        task.cancel()
    qtbot.waitUntil(lambda: all(task.done() for task in leftovers), timeout=5000)
    asyncio._set_running_loop(None)


@pytest.fixture
def run(loop: qasync.QEventLoop, qtbot: QtBot):  # noqa: ANN201 - a helper function
    """`run(coroutine)`: its result, waiting on the Qt event loop."""

    def run(coroutine: Coroutine[Any, Any, T], timeout: int = 10_000) -> T:
        task = loop.create_task(coroutine)
        qtbot.waitUntil(task.done, timeout=timeout)
        return task.result()

    return run


@pytest.fixture
def secrets() -> MemorySecrets:
    return MemorySecrets()


@pytest.fixture
def session(tmp_path: Path, secrets: MemorySecrets, run) -> Iterator[ConsoleSession]:  # noqa: ANN001
    opened = run(open_session(tmp_path, secrets=secrets, heynow_config=FAST_SANDBOX, poll_policy=FAST_POLLING))
    yield opened
    run(opened.close())


@pytest.fixture
def window(session: ConsoleSession, qtbot: QtBot, run) -> Iterator[MainWindow]:  # noqa: ANN001
    main = MainWindow(session.workspace, sandbox=session.is_sandbox)
    run(session.workspace.start_background())
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: main.selection.account is not None)
    yield main
    main.shutdown()
    main.close()


@pytest.fixture
def account(window: MainWindow) -> Account:
    assert window.selection.account is not None
    return window.selection.account


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
        self.qtbot.waitUntil(lambda: pane.model.contact(row) is not None)
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


@pytest.fixture
def agent(qtbot: QtBot, window: MainWindow, session: ConsoleSession) -> Driver:
    return Driver(qtbot, window, session)

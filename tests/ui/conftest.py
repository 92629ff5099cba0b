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
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.domain.accounts import Account
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession, open_session
from tests.conftest import MemorySecrets
from tests.ui.support import FAST_OPTIONS, FAST_SANDBOX, Driver, Run

T = TypeVar("T")


@pytest.fixture(scope="session")
def qt_loop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp, already_running=True)
    # The loop is never closed (that needs it stopped, which quits the app), so its
    # executor is ours to shut down: Qt aborts at exit on a QThread still running.
    executor = qasync.QThreadExecutor()
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    yield loop
    executor.shutdown()


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
def run(loop: qasync.QEventLoop, qtbot: QtBot) -> Run:
    def run(coroutine: Coroutine[Any, Any, T], timeout: int = 10_000) -> T:
        task = loop.create_task(coroutine)
        qtbot.waitUntil(task.done, timeout=timeout)
        return task.result()

    return run


@pytest.fixture
def secrets() -> MemorySecrets:
    return MemorySecrets()


@pytest.fixture
def session(tmp_path: Path, secrets: MemorySecrets, run: Run) -> Iterator[ConsoleSession]:
    opened = run(open_session(tmp_path, secrets=secrets, heynow_config=FAST_SANDBOX, options=FAST_OPTIONS))
    yield opened
    run(opened.close())


@pytest.fixture
def window(session: ConsoleSession, qtbot: QtBot, run: Run) -> Iterator[MainWindow]:
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


@pytest.fixture
def agent(qtbot: QtBot, window: MainWindow, session: ConsoleSession) -> Driver:
    return Driver(qtbot, window, session)

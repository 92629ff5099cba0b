"""Tasks end with the widget that started them: one `stop_work` for a whole window, or the
widget's own destruction."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from console.ui.main_window import MainWindow
from console.ui.tasks import TaskHolder, stop_work


async def forever() -> None:
    await asyncio.Event().wait()


def test_stop_work_cancels_the_tasks_stops_the_timers_and_closes_the_dialogs_under_a_widget(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    pane = QWidget(window)
    inner = QWidget(pane)
    pane_task = TaskHolder(pane).start("load", forever())
    inner_task = TaskHolder(inner).start("load", forever())
    timer = QTimer(inner, interval=1000)
    timer.start()
    dialog = QDialog(pane)
    dialog.show()
    other = QWidget()
    elsewhere = TaskHolder(other).start("load", forever())

    stop_work(window)
    qtbot.waitUntil(lambda: pane_task.done() and inner_task.done())
    assert pane_task.cancelled() and inner_task.cancelled()
    assert not timer.isActive() and not dialog.isVisible()
    assert not elsewhere.done()  # only what is under the widget
    elsewhere.cancel()


def test_a_destroyed_widget_takes_its_tasks_with_it(qtbot: QtBot) -> None:
    widget = QWidget()
    task = TaskHolder(widget).start("load", forever())
    widget.deleteLater()
    qtbot.waitUntil(task.done)
    assert task.cancelled()


def test_closing_the_window_leaves_no_task_of_its_own_running(window: MainWindow, qtbot: QtBot) -> None:
    holders = window.findChildren(TaskHolder)
    assert len(holders) >= 10  # every pane, tab and model holds its own
    started = [holder.start("test", forever()) for holder in holders]
    window.close()
    qtbot.waitUntil(lambda: all(task.done() for task in started))
    assert all(task.cancelled() for task in started)
    assert not any(timer.isActive() for timer in window.findChildren(QTimer))

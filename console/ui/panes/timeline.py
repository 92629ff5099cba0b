"""Timeline pane: the selected account's day by state, and every state event of the selected message, live."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain.accounts import Account
from console.domain.messages import MessageSummary
from console.services.history import HistoryService
from console.ui.bridge import TopicsBridge
from console.ui.labels import delivery_state
from console.ui.models.timeline import TimelineTableModel
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder
from console.ui.timeline.state_chart import StateChartView

LOAD = "load"
CHART = "chart"
EXPORT = "export"
PREVIEW_WIDTH = 320
CHART_REFRESH_S = 1.0  # message changes come in bursts; the chart follows at most once a second


class TimelinePane(QWidget):
    def __init__(
        self, history: HistoryService, bridge: TopicsBridge, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._history = history
        self._selection = selection
        self._tasks = TaskHolder(self)
        self._message_id: int | None = None
        self.model = TimelineTableModel(self)

        self.chart = StateChartView()
        self.chart.setAccessibleName(self.tr("Today's messages by state"))
        self._chart_timer = QTimer(self, singleShot=True)
        self._chart_refreshed = -CHART_REFRESH_S
        self._chart_stale = False  # changed while the pane was hidden: counted again when shown
        self._chart_timer.timeout.connect(self._refresh_chart)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export history…"))
        self.export_button.setToolTip(self.tr("Save this message and all its state events as a JSON file"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._export)
        self.no_reports = QLabel()
        self.no_reports.setWordWrap(True)
        self.no_reports.setStyleSheet("font-style: italic;")
        self.no_reports.hide()
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.feedback.hide()

        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Delivery timeline"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(TimelineTableModel.DETAIL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TimelineTableModel.DETAIL, QHeaderView.ResizeMode.Stretch)
        self.model.modelReset.connect(self.table.resizeRowsToContents)

        title_row = QHBoxLayout()
        title_row.addWidget(self.header, 1)
        title_row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        events = QWidget()
        events_layout = QVBoxLayout(events)
        events_layout.setContentsMargins(0, 0, 0, 0)
        events_layout.addLayout(title_row)
        events_layout.addWidget(self.no_reports)
        events_layout.addWidget(self.table, 1)
        events_layout.addWidget(self.feedback)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(events)
        # Both give way on a short screen, the events more slowly: the chart is a summary.
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([230, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        bridge.message_changed.connect(self._on_message_changed)
        selection.message_changed.connect(self._on_selected)
        selection.account_changed.connect(self._on_account)
        self._on_selected(selection.message_id)
        self._on_account(selection.account)

    def _on_selected(self, message_id: int | None) -> None:
        self._message_id = message_id
        self._tasks.cancel(LOAD)
        self.model.replace([])
        self.no_reports.hide()
        self.feedback.hide()
        self.export_button.setEnabled(message_id is not None)
        if message_id is None:
            self.header.setText(self.tr("Select a message in the chat to see its delivery timeline."))
            return
        self.header.setText(self.tr("Message {id}").format(id=message_id))
        self._tasks.start(LOAD, self._load(message_id))

    def _on_message_changed(self, message: MessageSummary) -> None:
        if message.id == self._message_id:
            # A newer reload supersedes one in flight, so the last event is never missed.
            self._tasks.start(LOAD, self._load(message.id))
        if not self._chart_timer.isActive():
            wait = self._chart_refreshed + CHART_REFRESH_S - time.monotonic()
            self._chart_timer.start(max(0, round(wait * 1000)))

    def _on_account(self, _account: Account | None) -> None:
        self._chart_timer.stop()
        self._refresh_chart()

    async def _load(self, message_id: int) -> None:
        timeline = await self._history.timeline(message_id)
        if timeline is None:
            self.header.setText(self.tr("Message {id} no longer exists.").format(id=message_id))
            self.export_button.setEnabled(False)
            return
        message = timeline.message
        preview = self.fontMetrics().elidedText(" ".join(message.body.split()), Qt.TextElideMode.ElideRight, PREVIEW_WIDTH)
        self.header.setText(self.tr("“{text}” · now {state}").format(text=preview, state=delivery_state(message.state)))
        self.no_reports.setText(
            self.tr("This provider reports no delivery states: after “{state}” nothing more will be known.").format(
                state=delivery_state(message.state)
            )
        )
        self.no_reports.setVisible(not timeline.delivery_reports)
        self.model.replace(timeline.events)

    def _refresh_chart(self) -> None:
        if not self.isVisible():
            # Counting a day of a busy account's messages takes the database thread a while: a
            # hidden chart (a closed dock, a window not shown yet) leaves it to what the agent sees.
            self._chart_stale = True
            return
        self._chart_stale = False
        self._chart_refreshed = time.monotonic()
        account = self._selection.account
        if account is None:
            self._tasks.cancel(CHART)
            self.chart.show_day(None)
            return
        self._tasks.start(CHART, self._load_chart(account))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._chart_stale:
            self._refresh_chart()

    async def _load_chart(self, account: Account) -> None:
        self.chart.show_day(await self._history.day_chart(account.id), account.name)

    def _export(self) -> None:
        message_id = self._message_id
        if message_id is None:
            return
        suggested = Path.home() / f"message-{message_id}-history.json"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export history"), str(suggested), self.tr("JSON files (*.json)"))
        if path:
            self._tasks.start(EXPORT, self._write(message_id, Path(path)))

    async def _write(self, message_id: int, path: Path) -> None:
        try:
            await self._history.export(message_id, path)
        except OSError as error:
            self._tell(self.tr("Could not save the history: {reason}").format(reason=error.strerror or error))
        except LookupError:
            self._tell(self.tr("Message {id} no longer exists.").format(id=message_id))
        else:
            self._tell(self.tr("History saved to {path}").format(path=path))

    def _tell(self, text: str) -> None:
        self.feedback.setText(text)
        self.feedback.show()

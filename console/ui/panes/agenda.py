"""Agenda pane: filter as you type, the paged contact table, and the agenda sync."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain.accounts import Account
from console.domain.errors import InvalidInput
from console.providers.errors import ProviderError
from console.services.accounts import AccountService
from console.services.agenda import AgendaService
from console.services.topics import AgendaChanged, SyncProgress
from console.ui.bridge import TopicsBridge
from console.ui.models.agenda import AgendaTableModel
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder

FILTER_DELAY_MS = 150
SYNC = "sync"


class AgendaPane(QWidget):
    notice = Signal(str)

    def __init__(
        self,
        agenda: AgendaService,
        accounts: AccountService,
        bridge: TopicsBridge,
        selection: Selection,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._agenda = agenda
        self._accounts = accounts
        self._selection = selection
        self._tasks = TaskHolder()
        self.model = AgendaTableModel(agenda, self)
        self.model.counted.connect(self._on_counted)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or number"))
        self.filter_edit.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._debounce.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(self._debounce.start)
        self.sync_button = QPushButton(self.tr("Sync"))
        self.sync_button.setToolTip(self.tr("Download the account's agenda from the provider"))
        self.sync_button.clicked.connect(self._on_sync_clicked)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AgendaTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AgendaTableModel.PHONE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AgendaTableModel.IN_AGENDA, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(AgendaTableModel.PHONE, self.fontMetrics().horizontalAdvance("+54 9 11 5555-5555") + 16)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.model.dataChanged.connect(self._on_rows_loaded)

        controls = QHBoxLayout()
        controls.addWidget(self.filter_edit, 1)
        controls.addWidget(self.sync_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.progress)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)

        bridge.sync_progress.connect(self._on_sync_progress)
        bridge.agenda_changed.connect(self._on_agenda_changed)
        selection.account_changed.connect(self._on_account)
        self._on_account(selection.account)

    # ---- filter and table --------------------------------------------------------

    def _account_id(self) -> int | None:
        account = self._selection.account
        return None if account is None else account.id

    def _on_account(self, account: Account | None) -> None:
        self._cancel_sync()
        self.sync_button.setEnabled(account is not None)
        self.model.show(self._account_id(), self.filter_edit.text())

    def _apply_filter(self) -> None:
        if self.filter_edit.text() != self.model.query:
            self.model.show(self._account_id(), self.filter_edit.text())

    def _on_counted(self, rows: int) -> None:
        if rows == 0 and not self.model.query:
            self.count_label.setText(self.tr("No contacts stored yet. Press Sync to download the agenda."))
        elif self.model.query:
            self.count_label.setText(self.tr("%n matching contact(s)", "", rows))
        else:
            self.count_label.setText(self.tr("%n contact(s)", "", rows))

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            contact = self.model.contact(current.row())
            if contact is not None:
                self._selection.set_contact(contact)

    def _on_rows_loaded(self, first: QModelIndex, last: QModelIndex) -> None:
        """A contact picked while its page was loading is selected once it arrives."""
        current = self.table.currentIndex()
        if current.isValid() and first.row() <= current.row() <= last.row():
            self._on_current_row(current, current)

    def _on_agenda_changed(self, change: AgendaChanged) -> None:
        if change.account_id == self._account_id():
            self.model.reload()

    # ---- sync --------------------------------------------------------------------

    def _on_sync_clicked(self) -> None:
        if self._cancel_sync():
            return
        account = self._selection.account
        if account is None:
            return
        self.sync_button.setText(self.tr("Cancel"))
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Connecting…"))
        self.progress.setVisible(True)
        self._tasks.start(SYNC, self._sync(account.id))

    async def _sync(self, account_id: int) -> None:
        try:
            account = await self._accounts.by_id(account_id)
            result = await self._agenda.sync(account)
        except (ProviderError, InvalidInput) as error:
            self._sync_finished(self.tr("Agenda sync failed: {reason}").format(reason=str(error)))
            return
        self._sync_finished(self.tr("Agenda synced: %n contact(s)", "", result.listed))

    def _cancel_sync(self) -> bool:
        """Stop a running sync (between batches); False when none was running."""
        if not self._tasks.running(SYNC):
            return False
        self._tasks.cancel(SYNC)
        self._sync_finished(self.tr("Agenda sync cancelled; the contacts stored so far are kept."))
        return True

    def _sync_finished(self, message: str) -> None:
        self.sync_button.setText(self.tr("Sync"))
        self.progress.setVisible(False)
        self.notice.emit(message)

    def _on_sync_progress(self, progress: SyncProgress) -> None:
        if progress.account_id != self._account_id() or not self._tasks.running(SYNC):
            return
        if progress.phase == "downloading":
            kib = progress.done // 1024
            if progress.total:
                self.progress.setRange(0, progress.total)
                self.progress.setValue(progress.done)
            self.progress.setFormat(self.tr("Downloading… {kib} KiB").format(kib=kib))
        elif progress.phase == "storing" and progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
            self.progress.setFormat(self.tr("Storing %v of %m contacts"))

    def shutdown(self) -> None:
        self._tasks.cancel_all()
        self.model.cancel()

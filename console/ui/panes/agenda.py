"""Agenda pane: filter as you type, the paged contact table, sync, CSV import and export.

One long job runs at a time (sync, import or export), shown by a progress bar with a
Cancel button; every job stops between batches, so what is stored stays consistent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.capabilities import Operation
from console.domain.errors import InvalidInput
from console.providers.errors import ProviderError
from console.providers.registry import capabilities
from console.services.accounts import AccountService
from console.services.agenda import AgendaService, SyncProgress
from console.services.contact_csv import ContactFileError, CsvRow
from console.services.topics import AgendaChanged
from console.ui.agenda.import_dialog import ImportPreviewDialog, file_problem
from console.ui.bridge import TopicsBridge
from console.ui.labels import data_size
from console.ui.models.agenda import AgendaTableModel
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder
from console.ui.wording import say

JOB = "job"
READ = "read"
CSV_FILTER = "CSV (*.csv *.txt)"


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
        self._tasks = TaskHolder(self)
        self._job: asyncio.Task[None] | None = None
        self._on_job_cancelled = ""  # what the notice says if the running job is cancelled
        self.file_dialog: QFileDialog | None = None
        self.import_dialog: ImportPreviewDialog | None = None
        self.message_box: QMessageBox | None = None
        self.model = AgendaTableModel(agenda, self)
        self.model.counted.connect(self._on_counted)

        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName(self.tr("Filter by name or number"))
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or number"))
        self.filter_edit.setClearButtonEnabled(True)
        # Every keystroke is answered at once: the model's answers are bounded work (see the model).
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.filter_edit.returnPressed.connect(self._on_filter_return)
        self._pick_first = False  # Enter was pressed before the filter's rows were known
        self.sync_button = QPushButton(self.tr("Sync"))
        self.sync_button.clicked.connect(self._on_sync_clicked)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Add contacts from a CSV file, with a preview first"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the contacts shown (filter included) to a CSV file"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_job)
        self.job_row = QWidget()
        job_layout = QHBoxLayout(self.job_row)
        job_layout.setContentsMargins(0, 0, 0, 0)
        job_layout.addWidget(self.progress, 1)
        job_layout.addWidget(self.cancel_button)
        self.job_row.setVisible(False)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        # Two lines' room whatever it says, so a count wrapping onto a second line while the
        # agent types never resizes the table below it (a resize lays out and repaints it all).
        self.count_label.setMinimumHeight(2 * self.count_label.fontMetrics().lineSpacing())

        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Contacts"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Always there, so a filter with no match (or a screenful) never narrows or widens the rows.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self._size_columns()
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.model.dataChanged.connect(self._on_rows_loaded)
        self.model.replaced.connect(self._on_rows_replaced)

        controls = QHBoxLayout()
        controls.addWidget(self.filter_edit, 1)
        controls.addWidget(self.sync_button)
        files = QHBoxLayout()
        files.addWidget(self.count_label, 1)
        files.addWidget(self.import_button)
        files.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.job_row)
        layout.addLayout(files)
        layout.addWidget(self.table, 1)

        bridge.agenda_changed.connect(self._on_agenda_changed)
        bridge.message_changed.connect(self.model.message_arrived)
        bridge.unread_changed.connect(self.model.unread_changed)
        selection.account_changed.connect(self._on_account)
        self._on_account(selection.account)

    def _size_columns(self) -> None:
        """Columns as wide as typical contents; the table scrolls sideways in a narrow dock."""
        header = self.table.horizontalHeader()
        metrics = self.fontMetrics()
        header.setStretchLastSection(True)
        samples = {
            AgendaTableModel.NAME: "María José Fernández",
            AgendaTableModel.PHONE: "+54 9 11 5555-5555",
            AgendaTableModel.ACCOUNT: "Broadcasterbot",
            AgendaTableModel.LAST_INBOUND: "2026-12-31 23:59",
            AgendaTableModel.WINDOW: self.tr("open until {time}").format(time="2026-12-31 23:59"),
            AgendaTableModel.OPT_IN: self.tr("In agenda"),
        }
        for column, sample in samples.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)

    # ---- public: the window's shortcuts -------------------------------------------

    def focus_filter(self) -> None:
        """Jump to contact (Ctrl+K): the filter box, its text selected to type over."""
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def select_relative(self, step: int) -> None:
        """Select the contact `step` rows below (negative: above) the current one."""
        rows = self.model.rowCount()
        if rows == 0:
            return
        current = self.table.currentIndex()
        start = current.row() if current.isValid() else (-1 if step > 0 else rows)
        row = min(max(start + step, 0), rows - 1)
        index = self.model.index(row, AgendaTableModel.NAME)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    # ---- filter and table --------------------------------------------------------

    def _account_id(self) -> int | None:
        account = self._selection.account
        return None if account is None else account.id

    def _on_account(self, account: Account | None) -> None:
        self._enable_actions()
        self.model.show(account, self.filter_edit.text())

    def _enable_actions(self) -> None:
        idle = self._job is None
        account = self._selection.account
        has_account = account is not None
        downloads = account is not None and capabilities(account.provider).supports(Operation.DOWNLOAD_AGENDA)
        self.sync_button.setEnabled(idle and downloads)
        self.sync_button.setToolTip(
            self.tr("Download the account's agenda from the provider")
            if downloads or account is None
            else self.tr("{provider} offers no agenda to download; import a CSV file instead").format(
                provider=PROVIDER_TITLES[account.provider]
            )
        )
        self.import_button.setEnabled(idle and has_account)
        self.export_button.setEnabled(idle and has_account and self.model.rowCount() > 0)

    def _apply_filter(self) -> None:
        if self.filter_edit.text() != self.model.query:
            self.model.show(self._selection.account, self.filter_edit.text())

    def _on_filter_return(self) -> None:
        """Enter in the filter picks the first match, so Ctrl+K, a name and Enter open a chat."""
        self._apply_filter()
        if self.model.counting:
            self._pick_first = True
        else:
            self._select_first()

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, AgendaTableModel.NAME))
            self.table.scrollToTop()
            self.table.setFocus()

    def _on_counted(self, rows: int) -> None:
        self._enable_actions()
        if self._pick_first and not self.model.counting:
            self._pick_first = False
            self._select_first()
        total = self.model.total
        if not self.model.filtered:
            if rows == 0:
                self.count_label.setText(self.tr("No contacts stored yet. Press Sync to download the agenda."))
            else:
                self.count_label.setText(self.tr("%n contact(s)", "", rows))
        elif total is not None:
            self.count_label.setText(self.tr("%n matching contact(s)", "", total))
        elif self.model.gathering:
            self.count_label.setText(self.tr("Searching… %n matching contact(s) so far", "", rows))
        else:  # a page gathered: counting them all is not worth a keystroke's wait
            more_than = QLocale().toString(self.model.more_than)
            self.count_label.setText(self.tr("{count}+ matching contacts").format(count=more_than))

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            contact = self.model.contact(current.row())
            if contact is not None:
                self._selection.set_contact(contact)

    def _on_rows_replaced(self) -> None:
        """Other contacts in the rows (the model changes them in place, it does not reset):
        none of them is selected, and the first ones show."""
        self.table.selectionModel().clear()
        self.table.scrollToTop()

    def _on_rows_loaded(self, first: QModelIndex, last: QModelIndex) -> None:
        """A contact picked while its page was loading is selected once it arrives."""
        current = self.table.currentIndex()
        if current.isValid() and first.row() <= current.row() <= last.row():
            self._on_current_row(current, current)

    def _on_agenda_changed(self, change: AgendaChanged) -> None:
        if change.account_id == self._account_id():
            self.model.reload()

    # ---- jobs: one at a time, with progress and Cancel ---------------------------

    def _start_job(self, job: Coroutine[Any, Any, None], starting: str, on_cancel: str) -> None:
        self._on_job_cancelled = on_cancel
        self.progress.setRange(0, 0)
        self.progress.setFormat(starting)
        self.job_row.setVisible(True)
        self._job = self._tasks.start(JOB, self._run_job(job))
        self._enable_actions()

    async def _run_job(self, job: Coroutine[Any, Any, None]) -> None:
        this = asyncio.current_task()
        try:
            await job
        finally:
            if self._job is this:
                self._job_ended()

    def _job_ended(self) -> None:
        self._job = None
        self.job_row.setVisible(False)
        self._enable_actions()

    def cancel_job(self) -> None:
        """Stop the running sync, import or export between two of its batches."""
        if self._job is None:
            return
        self._tasks.cancel(JOB)
        self._job_ended()
        self.notice.emit(self._on_job_cancelled)
        self.model.reload()

    def _set_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setFormat(text)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    # ---- sync --------------------------------------------------------------------

    def _on_sync_clicked(self) -> None:
        account = self._selection.account
        if account is None or self._job is not None:
            return
        self._start_job(
            self._sync(account.id),
            self.tr("Connecting…"),
            self.tr("Agenda sync cancelled; the contacts stored so far are kept."),
        )

    async def _sync(self, account_id: int) -> None:
        try:
            account = await self._accounts.by_id(account_id)
            result = await self._agenda.sync(account, self._show_sync_progress)
        except (ProviderError, InvalidInput) as error:
            self.notice.emit(self.tr("Agenda sync failed: {reason}").format(reason=say(error)))
            return
        synced = self.tr("Agenda synced: %n contact(s)", "", result.listed)
        if result.unreadable:
            left_out = self.tr("%n could not be read and was left out (the first: {reason})", "", result.unreadable)
            synced = self.tr("{synced}; {left_out}.").format(
                synced=synced,
                left_out=left_out.format(reason=say(result.first_unreadable_reason) if result.first_unreadable_reason else ""),
            )
        self.notice.emit(synced)

    def _show_sync_progress(self, progress: SyncProgress) -> None:
        if progress.phase == "downloading":
            if progress.total:
                self._set_progress(progress.done, progress.total, "")
            self.progress.setFormat(self.tr("Downloading… {size}").format(size=data_size(progress.done)))
        elif progress.phase == "storing" and progress.total:
            self._set_progress(progress.done, progress.total, self.tr("Storing %v of %m contacts"))

    # ---- import ------------------------------------------------------------------

    def _on_import_clicked(self) -> None:
        dialog = self._file_dialog(self.tr("Import contacts"), QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.preview_import)
        dialog.open()

    def _file_dialog(self, title: str, mode: QFileDialog.AcceptMode) -> QFileDialog:
        if self.file_dialog is not None:
            self.file_dialog.deleteLater()
        dialog = self.file_dialog = QFileDialog(self, title)
        dialog.setAcceptMode(mode)
        dialog.setNameFilters([CSV_FILTER, self.tr("All files (*)")])
        dialog.setDefaultSuffix("csv")
        return dialog

    def preview_import(self, path: str) -> None:
        """Read `path` and show what an import would store, before storing anything."""
        account = self._selection.account
        if account is not None and path:
            self._tasks.start(READ, self._read(account, Path(path)))

    async def _read(self, account: Account, path: Path) -> None:
        try:
            contacts = await self._agenda.read_file(account, path)
        except ContactFileError as error:
            self._warn(self.tr("Cannot import {file}").format(file=path.name), file_problem(error.problem, error.columns))
            return
        except OSError as error:
            self._warn(self.tr("Cannot import {file}").format(file=path.name), error.strerror or str(error))
            return
        if self.import_dialog is not None:
            self.import_dialog.deleteLater()
        dialog = self.import_dialog = ImportPreviewDialog(account, contacts, path, self)
        dialog.accepted.connect(lambda: self._import(account, dialog.rows_to_import()))
        dialog.open()

    def _warn(self, title: str, text: str) -> None:
        if self.message_box is not None:
            self.message_box.deleteLater()
        box = self.message_box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Close, self)
        box.open()

    def _import(self, account: Account, rows: list[CsvRow]) -> None:
        if self._job is not None:
            self.notice.emit(self.tr("Wait for the running task to finish, or cancel it, before importing."))
            return
        self._start_job(
            self._run_import(account, rows),
            self.tr("Storing contacts…"),
            self.tr("Import cancelled; the contacts stored and registered so far are kept."),
        )

    async def _run_import(self, account: Account, rows: list[CsvRow]) -> None:
        provider = PROVIDER_TITLES[account.provider]

        def registered(done: int, total: int) -> None:
            self._set_progress(done, total, self.tr("Registering %v of %m with {provider}").format(provider=provider))

        result = await self._agenda.import_contacts(account, rows, registered)
        stored = self.tr("Imported %n contact(s)", "", result.stored)
        if result.error is not None:
            self.notice.emit(
                self.tr("{stored}; registered {done} of {total} with {provider}, then it refused: {reason}").format(
                    stored=stored, done=result.registered, total=result.to_register, provider=provider, reason=say(result.error)
                )
            )
        elif result.to_register:
            self.notice.emit(self.tr("{stored}, registered with {provider}.").format(stored=stored, provider=provider))
        else:
            self.notice.emit(self.tr("{stored}.").format(stored=stored))

    # ---- export ------------------------------------------------------------------

    def _on_export_clicked(self) -> None:
        dialog = self._file_dialog(self.tr("Export contacts"), QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(self.tr("agenda") + ".csv")
        dialog.fileSelected.connect(self.export_to)
        dialog.open()

    def export_to(self, path: str) -> None:
        """Write the contacts shown (the current filter included) to `path`."""
        account = self._selection.account
        if account is None or not path or self._job is not None:
            return
        self._start_job(
            self._export(account, self.model.query, Path(path)),
            self.tr("Exporting…"),
            self.tr("Export cancelled; no file was written."),
        )

    async def _export(self, account: Account, query: str, path: Path) -> None:
        def written(done: int, total: int) -> None:
            self._set_progress(done, total, self.tr("Writing %v of %m contacts"))

        try:
            count = await self._agenda.export_csv(account, query, path, written)
        except OSError as error:
            self.notice.emit(self.tr("Export failed: {reason}").format(reason=error.strerror or str(error)))
            return
        self.notice.emit(self.tr("Exported %n contact(s) to {file}", "", count).format(file=str(path)))

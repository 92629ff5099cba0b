"""Send to many: the chosen template to pasted numbers or a CSV file's rows, with progress,
pause and cancel, a summary table exportable to CSV, and resuming a run left unfinished
(cancelled, or the console closed) — only what was never sent goes out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.bulk import Outcome, RunStatus, RunView
from console.domain.content import TemplateContent
from console.domain.errors import InvalidInput
from console.domain.notices import as_notice
from console.domain.team_runs import queued_for_team
from console.providers.registry import capabilities
from console.services.accounts import AccountService
from console.services.bulk import BulkControl, BulkService, ParsedRecipients, parse_csv, parse_pasted
from console.ui.sender.draft import TemplateDraft
from console.ui.sender.feedback import FeedbackLabel
from console.ui.sender.summary_model import BulkSummaryModel
from console.ui.tasks import TaskHolder
from console.ui.wording import say

PARSE_DELAY_MS = 250
MAX_ERRORS_SHOWN = 5
PARSE, RUN, PENDING, EXPORT, CSV, SHOWN = "parse", "run", "pending", "export", "csv", "shown"
TEAM_RUN = "team run"


class BulkTab(QWidget):
    notice = Signal(str)
    resume_bar_shown = Signal()  # an unfinished run is on offer

    def __init__(
        self, bulk: BulkService, accounts: AccountService, draft: TemplateDraft, parent: QWidget | None = None
    ) -> None:
        """Runs send the template filled in `draft`."""
        super().__init__(parent)
        self._bulk = bulk
        self._accounts = accounts
        self._draft = draft
        self._tasks = TaskHolder(self)
        self._csv: tuple[str, str] | None = None  # file name, text
        self._parsed: ParsedRecipients | None = None
        self._control: BulkControl | None = None
        self._pending: RunView | None = None  # an unfinished run on offer
        self._shown_run: int | None = None

        self.resume_label = QLabel()
        self.resume_label.setWordWrap(True)
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.clicked.connect(self._on_resume)
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setToolTip(self.tr("Skip the recipients not sent yet and close the run"))
        self.discard_button.clicked.connect(self._on_discard)
        self.resume_bar = QFrame()
        self.resume_bar.setFrameShape(QFrame.Shape.StyledPanel)
        resume_row = QHBoxLayout(self.resume_bar)
        resume_row.setContentsMargins(6, 2, 6, 2)
        resume_row.addWidget(self.resume_label, 1)
        resume_row.addWidget(self.resume_button)
        resume_row.addWidget(self.discard_button)
        self.resume_bar.setVisible(False)

        self.template_label = QLabel()
        self.template_label.setWordWrap(True)
        self.recipients_edit = QPlainTextEdit()
        self.recipients_edit.setAccessibleName(self.tr("Recipients"))
        self.recipients_edit.setTabChangesFocus(True)  # no keyboard trap: Tab leaves the box
        self.recipients_edit.setPlaceholderText(
            self.tr("One number per line; its parameters may follow, separated by ; or , (else the form's values are used)")
        )
        self.recipients_edit.textChanged.connect(self._schedule_parse)
        self.csv_button = QPushButton(self.tr("Load CSV…"))
        self.csv_button.setToolTip(self.tr("A header row, a phone column and a column per parameter"))
        self.csv_button.clicked.connect(self._on_load_csv)
        self.clear_csv_button = QPushButton(self.tr("Use pasted numbers"))
        self.clear_csv_button.clicked.connect(self._clear_csv)
        self.clear_csv_button.setVisible(False)
        self.parse_label = FeedbackLabel()
        # Numbers newer than the numbering plan: listed in the preview, confirmed once for the run.
        self.confirm_warnings = QCheckBox(self.tr("Send to these numbers anyway"))
        self.confirm_warnings.setVisible(False)
        self.confirm_warnings.toggled.connect(lambda _checked: self._update_start())
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.clicked.connect(self.start)

        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v of %m"))
        self.progress.setVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.clicked.connect(self._on_pause)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop after the send in flight; the rest can be resumed later"))
        self.cancel_button.clicked.connect(self._on_cancel)
        self.summary = BulkSummaryModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Summary of the bulk send"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setModel(self.summary)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in (BulkSummaryModel.POSITION, BulkSummaryModel.RECIPIENT, BulkSummaryModel.OUTCOME):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BulkSummaryModel.DETAIL, QHeaderView.ResizeMode.Stretch)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self._on_export)

        source_row = QHBoxLayout()
        source_row.addWidget(self.csv_button)
        source_row.addWidget(self.clear_csv_button)
        source_row.addStretch(1)
        source_row.addWidget(self.start_button)
        left = QVBoxLayout()
        left.addWidget(self.template_label)
        left.addWidget(self.recipients_edit, 1)
        left.addWidget(self.parse_label)
        left.addWidget(self.confirm_warnings)
        left.addLayout(source_row)
        controls = QHBoxLayout()
        controls.addWidget(self.progress, 1)
        controls.addWidget(self.pause_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.export_button)
        right = QVBoxLayout()
        right.addLayout(controls)
        right.addWidget(self.progress_label)
        right.addWidget(self.table, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.resume_bar)
        layout.addLayout(columns, 1)

        self._parse_timer = QTimer(self, singleShot=True, interval=PARSE_DELAY_MS)
        self._parse_timer.timeout.connect(self._start_parse)
        draft.changed.connect(self._schedule_parse)
        self._set_running(False)
        self._schedule_parse()
        self.refresh_pending()

    # ---- recipients ---------------------------------------------------------------------

    @property
    def parsed(self) -> ParsedRecipients | None:
        """The recipients Start would store, once read."""
        return self._parsed

    def _schedule_parse(self) -> None:
        self._parsed = None
        self._tasks.cancel(PARSE)
        template = self._draft.template
        self.template_label.setText(
            self.tr("Template: {name}").format(name=template.name)
            if template is not None
            else self.tr("Choose a template in the Template tab first.")
        )
        self._update_start()
        self._parse_timer.start()

    def _start_parse(self) -> None:
        account, template, content = self._draft.account, self._draft.template, self._draft.content
        if account is None or content is None:
            self.parse_label.clear_text()
            return
        if self._csv is not None:
            name, text = self._csv
            job = asyncio.to_thread(parse_csv, account, text, template, content)
        else:
            name, text = "", self.recipients_edit.toPlainText()
            job = asyncio.to_thread(parse_pasted, account, text, template, content)
        self._tasks.start(PARSE, self._parse(job, name))

    async def _parse(self, job: Coroutine[Any, Any, ParsedRecipients], source: str) -> None:
        try:
            parsed = await job
        except InvalidInput as error:
            self.parse_label.error(say(as_notice(error.reason)))
            return
        self._parsed = parsed
        where = self.tr(" from {file}").format(file=source) if source else ""
        self.confirm_warnings.setChecked(False)
        self.confirm_warnings.setVisible(bool(parsed.warnings) and not parsed.errors)
        if parsed.errors:
            shown = [say(error) for error in parsed.errors[:MAX_ERRORS_SHOWN]]
            more = len(parsed.errors) - len(shown)
            lines = [self.tr("Fix these lines before starting:"), *shown]
            if more:
                lines.append(self.tr("…and %n more", "", more))
            self.parse_label.error("\n".join(lines))
        elif parsed.warnings:
            shown = [say(warning) for warning in parsed.warnings[:MAX_ERRORS_SHOWN]]
            more = len(parsed.warnings) - len(shown)
            count = self.tr("%n recipient(s)", "", len(parsed.rows)) + where
            lines = [count, self.tr("Numbers this console does not know; check them, then confirm:"), *shown]
            if more:
                lines.append(self.tr("…and %n more", "", more))
            self.parse_label.warning("\n".join(lines))
        elif parsed.rows:
            self.parse_label.show_text(self.tr("%n recipient(s)", "", len(parsed.rows)) + where)
        else:
            self.parse_label.clear_text()
        self._update_start()

    def _on_load_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Recipients"), "", self.tr("CSV files (*.csv *.txt)"))
        if path:
            self._tasks.start(CSV, self._load_csv(Path(path)))

    async def _load_csv(self, path: Path) -> None:
        try:
            text = await asyncio.to_thread(path.read_text, encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self.parse_label.error(self.tr("{file} cannot be read: {reason}").format(file=path.name, reason=str(error)))
            return
        self._csv = (path.name, text)
        self.recipients_edit.setEnabled(False)
        self.clear_csv_button.setVisible(True)
        self._schedule_parse()

    def _clear_csv(self) -> None:
        self._csv = None
        self.recipients_edit.setEnabled(True)
        self.clear_csv_button.setVisible(False)
        self._schedule_parse()

    def _update_start(self) -> None:
        parsed = self._parsed
        ready = parsed is not None and bool(parsed.rows) and not parsed.errors and self._draft.content is not None
        if parsed is not None and parsed.warnings and not self.confirm_warnings.isChecked():
            ready = False
        self.start_button.setEnabled(ready and self._control is None)

    # ---- running ------------------------------------------------------------------------

    def start(self) -> None:
        account, content, parsed = self._draft.account, self._draft.content, self._parsed
        if not self.start_button.isEnabled() or account is None or content is None or parsed is None:
            return
        self._control = BulkControl()
        self._set_running(True)
        self._tasks.start(RUN, self._create_and_run(account, content, parsed))

    async def _create_and_run(self, account: Account, content: TemplateContent, parsed: ParsedRecipients) -> None:
        try:
            run_id = await self._bulk.create(account, content, parsed.rows, parsed.warning_kinds)
        except InvalidInput as refused:  # refused before anything was stored: a team account while its server
            # cannot be reached (`TeamReadOnly`), a recipient the team server refuses, a media link a single send refuses
            self._control = None
            self._set_running(False)
            self.notice.emit(say(refused))
            return
        self.recipients_edit.clear()
        self._clear_csv()
        await self._run(run_id)

    async def _run(self, run_id: int) -> None:
        control = self._control
        assert control is not None
        self._shown_run = run_id
        try:
            run = await self._bulk.get(run_id)
            if run is not None:
                account = await self._accounts.by_id(run.account_id)
                self.progress_label.setText(self._pacing(account))
            final = await self._bulk.run(run_id, control, self._on_progress)
        finally:
            self._control = None
            self._set_running(False)
        await self._show_summary(final)
        if final.status is RunStatus.FINISHED:
            self.notice.emit(self.tr("Bulk send finished: {counts}").format(counts=self._counts(final)))
        await self._load_pending()

    def _on_progress(self, run: RunView) -> None:
        self.progress.setRange(0, max(run.total, 1))
        self.progress.setValue(run.done)
        text = self._counts(run)
        if queued_for_team(run.template):
            text = self._queued() + " " + text
        self.progress_label.setText(text)

    def _queued(self) -> str:
        return self.tr("Queued for the team server: it sends the run once it answers.")

    def _counts(self, run: RunView) -> str:
        return self.tr("sent {sent} · failed {failed} · verify {verify} · not sent yet {left}").format(
            sent=run.counts.get(Outcome.SENT, 0),
            failed=run.counts.get(Outcome.FAILED, 0),
            verify=run.counts.get(Outcome.VERIFY, 0),
            left=run.remaining,
        )

    def _pacing(self, account: Account) -> str:
        interval = capabilities(account.provider).min_send_interval
        title = PROVIDER_TITLES[account.provider]
        if interval:
            return self.tr("{provider}: sends leave at least {seconds:g} s apart.").format(provider=title, seconds=interval)
        return self.tr("{provider}: one send after another.").format(provider=title)

    async def _show_summary(self, run: RunView) -> None:
        self._shown_run = run.id
        self.summary.replace(await self._bulk.recipients(run.id))
        self.progress.setRange(0, max(run.total, 1))
        self.progress.setValue(run.done)
        self.progress.setVisible(True)
        self.export_button.setEnabled(True)
        if run.status is RunStatus.STOPPED:
            self.progress_label.setText(self.tr("Cancelled: {counts}").format(counts=self._counts(run)))
        else:
            self.progress_label.setText(self.tr("Finished: {counts}").format(counts=self._counts(run)))

    def _on_pause(self) -> None:
        control = self._control
        if control is None:
            return
        if control.paused:
            control.resume()
            self.pause_button.setText(self.tr("Pause"))
        else:
            control.pause()
            self.pause_button.setText(self.tr("Continue"))

    def _on_cancel(self) -> None:
        if self._control is not None:
            self._control.cancel()
            self.cancel_button.setEnabled(False)
            self.pause_button.setEnabled(False)

    def _set_running(self, running: bool) -> None:
        if running:
            self.progress.setVisible(True)
        self.pause_button.setText(self.tr("Pause"))
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        self.resume_button.setEnabled(not running)
        self.discard_button.setEnabled(not running)
        self.export_button.setEnabled(not running and self._shown_run is not None)
        self._update_start()

    # ---- unfinished runs ---------------------------------------------------------------------

    def refresh_pending(self) -> None:
        self._tasks.start(PENDING, self._load_pending())

    def team_run_changed(self, _run_id: int) -> None:
        """A run the team server owns moved (a colleague's too): the offer to follow it shows its progress."""
        if self._control is None:
            self._tasks.start(TEAM_RUN, self._load_pending())  # not PENDING's key: a discard under way goes on

    async def _load_pending(self) -> None:
        runs = await self._bulk.unfinished()
        offered = self._pending.id if self._pending is not None and self.resume_bar.isVisible() else None
        self._pending = runs[0] if runs else None
        self.resume_bar.setVisible(self._pending is not None)
        if self._pending is None:
            return
        run = self._pending
        account = await self._accounts.by_id(run.account_id)
        text = self.tr("Unfinished bulk send of {template} on {account}: {done} of {total} done, {left} not sent yet.").format(
            template=run.template.get("name", ""), account=account.name, done=run.done, total=run.total, left=run.remaining
        )
        verify = run.counts.get(Outcome.VERIFY, 0) + run.counts.get(Outcome.SENDING, 0)
        if verify:
            text += " " + self.tr("%n may have left already and will not be sent again: verify them.", "", verify)
        if queued_for_team(run.template):
            text += " " + self._queued()
        self.resume_label.setText(text)
        if run.id != offered:  # a run's progress moving the text brings the tab forward only once
            self.resume_bar_shown.emit()

    def _on_resume(self) -> None:
        run = self._pending
        if run is None or self._control is not None:
            return
        self.resume_bar.setVisible(False)
        self._control = BulkControl()
        self._set_running(True)
        self._tasks.start(RUN, self._run(run.id))

    def _on_discard(self) -> None:
        run = self._pending
        if run is not None and self._control is None:
            self._tasks.start(PENDING, self._discard(run.id))

    async def _discard(self, run_id: int) -> None:
        await self._bulk.discard(run_id)
        final = await self._bulk.get(run_id)
        if final is not None:
            await self._show_summary(final)
        await self._load_pending()

    # ---- another window's work -------------------------------------------------------------

    def take_over(self, other: BulkTab) -> None:
        """What `other` (the window this one replaces) had on screen: the recipients typed or
        the CSV loaded, and the summary of the run it showed, read again from the store."""
        self.recipients_edit.setPlainText(other.recipients_edit.toPlainText())
        if other._csv is not None:
            self._csv = other._csv
            self.recipients_edit.setEnabled(False)
            self.clear_csv_button.setVisible(True)
            self._schedule_parse()
        if other._shown_run is not None:
            self._tasks.start(SHOWN, self._show_run(other._shown_run))

    async def _show_run(self, run_id: int) -> None:
        run = await self._bulk.get(run_id)
        if run is not None:
            await self._show_summary(run)
            self._set_running(self._control is not None)

    # ---- export ------------------------------------------------------------------------------

    def _on_export(self) -> None:
        if self._shown_run is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the summary"), "bulk-summary.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self._tasks.start(EXPORT, self._export(self._shown_run, Path(path)))

    async def _export(self, run_id: int, path: Path) -> None:
        try:
            rows = await self._bulk.export_csv(run_id, path)
        except OSError as error:
            self.parse_label.error(self.tr("Not exported: {reason}").format(reason=str(error)))
            return
        self.notice.emit(self.tr("%n row(s) exported to {file}", "", rows).format(file=path.name))

"""File › Quick replies: the saved replies of every account; add, edit, delete, and share
them as a JSON file (an import with a problem stores nothing and says why)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.accounts import Account
from console.domain.errors import InvalidInput
from console.domain.notices import as_notice
from console.domain.quick_replies import QuickReply
from console.services.accounts import AccountService
from console.services.quick_replies import QuickReplyService
from console.ui.dialogs.quick_reply_form import QuickReplyForm
from console.ui.sender.feedback import FeedbackLabel
from console.ui.tasks import TaskHolder
from console.ui.wording import say

LOAD, CHANGE = "load", "change"
FILE_FILTER = "JSON (*.json)"


class QuickRepliesDialog(QDialog):
    NAME, SCOPE, TEXT = range(3)

    def __init__(self, replies: QuickReplyService, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Quick replies"))
        self._replies = replies
        self._accounts = accounts
        self._tasks = TaskHolder(self)
        self._shown: list[QuickReply] = []
        self._account_list: list[Account] = []

        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(self.tr("Quick replies"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Offered on"), self.tr("Text")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.SCOPE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setEnabled(False)  # until the accounts a reply can belong to are known
        self.add_button.clicked.connect(lambda: self._open_form(None))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.clicked.connect(self._ask_import)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self._ask_export)
        self.feedback = FeedbackLabel()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.feedback)
        layout.addWidget(close)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 24)
        self._update_buttons()
        self.reload()

    # ---- the list ------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        self._tasks.start(LOAD, self._load(select))

    async def _load(self, select: int | None) -> None:
        self._account_list = await self._accounts.list()
        self._shown = await self._replies.every()
        names = {account.id: account.name for account in self._account_list}
        file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self.table.setRowCount(len(self._shown))
        for row, reply in enumerate(self._shown):
            scope = self.tr("Every account") if reply.account_id is None else names.get(reply.account_id, "?")
            text = " ".join(reply.text.split()) + (f" · {reply.media_url}" if reply.media_url else "")
            for column, value in ((self.NAME, f"/{reply.name}"), (self.SCOPE, scope), (self.TEXT, text)):
                item = QTableWidgetItem(value)
                item.setToolTip(reply.text if column == self.TEXT else value)
                self.table.setItem(row, column, item)
            if reply.media_url is not None:
                self.table.item(row, self.TEXT).setIcon(file_icon)
        row = next((r for r, reply in enumerate(self._shown) if reply.id == select), 0 if self._shown else -1)
        self.table.selectRow(row)
        self.add_button.setEnabled(True)
        self._update_buttons()

    def selected(self) -> QuickReply | None:
        rows = self.table.selectionModel().selectedRows()
        return self._shown[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.export_button.setEnabled(bool(self._shown))

    # ---- add, edit, delete -------------------------------------------------------------

    def edit_selected(self) -> QuickReplyForm | None:
        reply = self.selected()
        return None if reply is None else self._open_form(reply)

    def _open_form(self, reply: QuickReply | None) -> QuickReplyForm:
        form = QuickReplyForm(self._replies, self._account_list, reply, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(lambda: self.reload(form.saved.id if form.saved is not None else None))
        form.open()
        return form

    def delete_selected(self) -> None:
        reply = self.selected()
        if reply is not None:
            self._tasks.start(CHANGE, self._delete(reply))

    async def _delete(self, reply: QuickReply) -> None:
        try:
            await self._replies.delete(reply)
        except InvalidInput as error:  # in team mode, the team server did not take it
            self.feedback.error(self.tr("Not deleted: {reason}").format(reason=say(as_notice(error.reason))))
            return
        self.feedback.ok(self.tr("Deleted /{name}.").format(name=reply.name))
        await self._load(None)

    # ---- the file -------------------------------------------------------------------------

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import quick replies"), "", FILE_FILTER)
        if path:
            self.import_from(Path(path))

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export quick replies"), "respuestas.json", FILE_FILTER)
        if path:
            self.export_to(Path(path))

    def import_from(self, path: Path) -> None:
        self._tasks.start(CHANGE, self._import(path))

    def export_to(self, path: Path) -> None:
        self._tasks.start(CHANGE, self._export(path))

    async def _import(self, path: Path) -> None:
        try:
            imported = await self._replies.import_file(path)
        except InvalidInput as error:
            self.feedback.error(self.tr("Nothing imported: {reason}").format(reason=say(as_notice(error.reason))))
            return
        self.feedback.ok(self.tr("%n quick reply(ies) imported.", "", len(imported)))
        await self._load(None)

    async def _export(self, path: Path) -> None:
        try:
            count = await self._replies.export_file(path)
        except InvalidInput as error:
            self.feedback.error(self.tr("Not exported: {reason}").format(reason=say(as_notice(error.reason))))
            return
        self.feedback.ok(self.tr("%n quick reply(ies) written to {file}.", "", count).format(file=path.name))

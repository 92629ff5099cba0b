"""The preview of a contact list before it is imported: columns found, first rows, problems."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.capabilities import Operation
from console.domain.notices import as_notice
from console.providers.registry import capabilities
from console.services.contact_csv import ContactFile, CsvRow, FileProblem, RowProblem
from console.services.contacts import REGISTER_BATCH
from console.ui.models.agenda import agent_phone
from console.ui.models.common import ROOT, Index
from console.ui.tones import Tone, tone_color
from console.ui.wording import say

PREVIEW_ROWS = 200  # the preview shows the first rows; the import takes them all


# Spelled out at each call so that `make translations` (lupdate) finds the strings.
translate = QCoreApplication.translate


def row_problem(row: CsvRow) -> str:
    if row.problem is RowProblem.NO_PHONE:
        return translate("ImportPreview", "No phone number")
    if row.problem is RowProblem.INVALID_PHONE:
        return translate("ImportPreview", "Invalid number: {reason}").format(reason=say(as_notice(row.detail)))
    if row.problem is RowProblem.REPEATED:
        return translate("ImportPreview", "Same number as line {line}").format(line=row.detail)
    if row.problem is RowProblem.NOT_IN_PLAN:
        return translate("ImportPreview", "Number this console does not know: {reason}").format(reason=say(as_notice(row.detail)))
    return ""


def file_problem(problem: FileProblem, columns: tuple[str, ...]) -> str:
    if problem is FileProblem.EMPTY:
        return translate("ImportPreview", "The file holds no contacts.")
    if problem is FileProblem.NOT_A_TABLE:
        return translate("ImportPreview", "The file cannot be read as a table of contacts. Is it a CSV file?")
    found = ", ".join(columns) or translate("ImportPreview", "none")
    return translate(
        "ImportPreview", "No column of phone numbers was found (columns: {columns}). Name it “phone” or “teléfono”."
    ).format(columns=found)


class PreviewModel(QAbstractTableModel):
    LINE, NAME, PHONE, PROBLEM = range(4)

    def __init__(self, rows: list[CsvRow], region: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self._region = region

    def set_rows(self, rows: list[CsvRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, row: int) -> CsvRow:
        return self._rows[row]

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Line"), self.tr("Name"), self.tr("Phone"), self.tr("Problem"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if row.ok else tone_color(Tone.ERROR)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == self.LINE:
            return str(row.line)
        if column == self.NAME:
            return row.name
        if column == self.PHONE:
            return row.phone_text if row.phone is None else agent_phone(row.phone.digits, self._region)
        return row_problem(row) if not row.ok else self.tr("ready")


class ImportPreviewDialog(QDialog):
    """Accepting it means: import the valid rows into `account` (and register them where needed)."""

    def __init__(self, account: Account, contacts: ContactFile, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import contacts into {account}").format(account=account.name))
        self.contacts = contacts
        valid, problems = len(contacts.valid), len(contacts.problems)
        region = account.settings.get("default_region")

        self.summary = QLabel(self._summary(path, valid, problems))
        self.summary.setWordWrap(True)
        self.columns_label = QLabel(self._columns())
        self.columns_label.setWordWrap(True)
        self.registration_label = QLabel()
        self.registration_label.setWordWrap(True)
        if capabilities(account.provider).supports(Operation.REGISTER_CONTACTS) and valid:
            self.registration_label.setText(
                self.tr("The contacts will also be registered with {provider}, {batch} per request.").format(
                    provider=PROVIDER_TITLES[account.provider], batch=REGISTER_BATCH
                )
            )
        self.registration_label.setVisible(bool(self.registration_label.text()))

        self.only_problems = QCheckBox(self.tr("Show only the rows with problems (%n)", "", problems))
        self.only_problems.setEnabled(problems > 0)
        self.only_problems.toggled.connect(self._on_only_problems)
        self.model = PreviewModel(list(contacts.rows[:PREVIEW_ROWS]), region, self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Contacts in the file"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PreviewModel.LINE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PreviewModel.PROBLEM, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(PreviewModel.NAME, 180)
        header.resizeSection(PreviewModel.PHONE, 150)
        shown = QLabel(self.tr("Showing the first %n row(s).", "", min(PREVIEW_ROWS, len(contacts.rows))))
        shown.setVisible(len(contacts.rows) > PREVIEW_ROWS)

        unlisted = len(contacts.unlisted)
        self.include_unlisted = QCheckBox(self.tr("Import the %n number(s) this console does not know anyway", "", unlisted))
        self.include_unlisted.setToolTip(self.tr("Numbering plans lag the ranges countries open: check these numbers first"))
        self.include_unlisted.setVisible(unlisted > 0)
        self.include_unlisted.toggled.connect(self._count_import)

        buttons = QDialogButtonBox()
        self.import_button = QPushButton()
        self.import_button.setDefault(True)
        self._count_import(False)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (self.summary, self.columns_label, self.registration_label, self.include_unlisted, self.only_problems):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        layout.addWidget(shown)
        layout.addWidget(buttons)
        self.resize(720, 480)

    def rows_to_import(self) -> list[CsvRow]:
        """What accepting imports: the valid rows, and the unlisted numbers when ticked."""
        return self.contacts.to_import(self.include_unlisted.isChecked())

    def _count_import(self, include_unlisted: bool) -> None:
        count = len(self.contacts.to_import(include_unlisted))
        self.import_button.setText(self.tr("Import %n contact(s)", "", count))
        self.import_button.setEnabled(count > 0)

    def _summary(self, path: Path, valid: int, problems: int) -> str:
        ready = self.tr("%n contact(s) ready to import", "", valid)
        if not problems:
            return self.tr("{file}: {ready}.").format(file=path.name, ready=ready)
        skipped = self.tr("%n row(s) with problems will be skipped", "", problems)
        return self.tr("{file}: {ready}; {skipped}.").format(file=path.name, ready=ready, skipped=skipped)

    def _columns(self) -> str:
        contacts = self.contacts
        name = " + ".join(contacts.name_columns) or self.tr("(none: contacts are named after their number)")
        delimiter = {"\t": self.tr("tab")}.get(contacts.delimiter, contacts.delimiter)
        return self.tr("Name column: {name} · Phone column: {phone} · {encoding}, separated by “{delimiter}”").format(
            name=name, phone=contacts.phone_column, encoding=contacts.encoding, delimiter=delimiter
        )

    def _on_only_problems(self, only: bool) -> None:
        rows = self.contacts.problems if only else list(self.contacts.rows)
        self.model.set_rows(rows[:PREVIEW_ROWS])

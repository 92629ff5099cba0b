"""View › Set-aside callbacks: what arrived but changed no message, with the body as posted.

A callback is set aside when the relay quarantined it (unreadable), when its route
belongs to no account here, when a provider posts on another provider's route, or when
its content cannot be read. The body is shown whole and can be copied, for the provider's
support or a bug report.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.ui.models.set_aside import SetAsideCallbacks


class SetAsideDialog(QDialog):
    def __init__(self, callbacks: SetAsideCallbacks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set-aside callbacks"))
        self._callbacks = callbacks
        self.empty_label = QLabel(self.tr("No callback has been set aside since the console started."))
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Set-aside callbacks"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setModel(callbacks)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SetAsideCallbacks.RECEIVED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SetAsideCallbacks.PROVIDER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SetAsideCallbacks.REASON, QHeaderView.ResizeMode.Stretch)
        self.body_edit = QPlainTextEdit()
        self.body_edit.setAccessibleName(self.tr("The body as the provider posted it"))
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setReadOnly(True)
        self.body_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.body_edit.setPlaceholderText(self.tr("The body as the provider posted it"))
        self.copy_button = QPushButton(self.tr("Copy body"))
        self.copy_button.clicked.connect(self.copy_body)
        self.copy_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.body_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 30)

        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        callbacks.rowsInserted.connect(self._on_added)
        self._update_empty()
        if callbacks.rowCount() > 0:
            self.table.selectRow(0)

    def _on_added(self) -> None:
        self._update_empty()
        if not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _update_empty(self) -> None:
        self.empty_label.setVisible(self._callbacks.rowCount() == 0)

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.body_edit.setPlainText(self._callbacks.problem(rows[0].row()).body if rows else "")
        self.copy_button.setEnabled(bool(rows))

    def copy_body(self) -> None:
        QGuiApplication.clipboard().setText(self.body_edit.toPlainText())

"""Unhandled exceptions: logged, and shown in a dialog with a redacted report to copy.

`CrashReporter` becomes `sys.excepthook`, which Qt slots and `TaskHolder` tasks reach with
their unexpected exceptions. The window keeps running; while the dialog is open, later
exceptions are logged and counted on it instead of opening more dialogs.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import console
from console.domain.redaction import redact

log = logging.getLogger("console.crash")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def crash_report(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> str:
    """What happened, where, and on what, with secrets and phone numbers masked."""
    lines = [
        f"Centralita {console.__version__}",  # read from the package metadata only when a report is made
        f"{platform.platform()}; Python {platform.python_version()}; Qt {qVersion()}; PySide6 {pyside_version}",
        f"Time: {datetime.now(UTC).isoformat(timespec='seconds')}",
        "",
        *traceback.format_exception(kind, error, trace),
    ]
    return redact("\n".join(line.rstrip("\n") for line in lines))


class CrashDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unexpected error"))
        self.repeats = 0
        intro = QLabel(
            self.tr(
                "Something went wrong inside Centralita. The window keeps working; if something looks wrong, "
                "restart it. The report below has passwords, tokens and phone numbers masked: copy it for "
                "whoever looks after Centralita."
            )
        )
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setAccessibleName(self.tr("Report"))
        self.report.setTabChangesFocus(True)
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.repeats_label = QLabel()
        self.repeats_label.setVisible(False)
        self.copy_button = QPushButton(self.tr("Copy report"))
        self.copy_button.clicked.connect(self.copy_report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.repeats_label)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 28)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())

    def add_repeat(self) -> None:
        """Another exception arrived while this report is shown."""
        self.repeats += 1
        self.repeats_label.setText(self.tr("Errors since this one: %n. They are in the log too.", "", self.repeats))
        self.repeats_label.setVisible(True)


class CrashReporter(QObject):
    """The application's `sys.excepthook` while installed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self._previous: ExceptHook | None = None

    def install(self) -> CrashReporter:
        self._previous = sys.excepthook
        sys.excepthook = self.handle
        return self

    def uninstall(self) -> None:
        if self._previous is not None and sys.excepthook == self.handle:
            sys.excepthook = self._previous
        self._previous = None

    def handle(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            (self._previous or sys.__excepthook__)(kind, error, trace)
            return
        log.error("Unhandled %s", kind.__name__, exc_info=(kind, error, trace))
        if self.dialog is not None:
            self.dialog.add_repeat()
            return
        self.dialog = CrashDialog(crash_report(kind, error, trace))  # no parent: it outlives a rebuilt window
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(self._closed)
        self.dialog.show()

    def _closed(self) -> None:
        self.dialog = None

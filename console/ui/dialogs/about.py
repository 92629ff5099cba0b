"""Help › About Centralita: version, licence, where the data and logs are, which secret store."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from console import __version__
from console.domain.notices import Notice
from console.ui.resources import app_icon
from console.ui.wording import say

DEFAULT_LICENCE = "MIT"  # as pyproject.toml says, for a source tree that was not installed


def licence() -> str:
    try:
        found = metadata("centralita")
        return found.get("License-Expression") or found.get("License") or DEFAULT_LICENCE
    except PackageNotFoundError:
        return DEFAULT_LICENCE


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, log_dir: Path, secrets_description: Notice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Centralita"))
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(f"<b>Centralita</b> {__version__}")
        title.setTextFormat(Qt.TextFormat.RichText)
        summary = QLabel(self.tr("An operator console for WhatsApp Business providers."))

        self.facts = {
            "version": __version__,
            "licence": licence(),
            "data": str(data_dir),
            "logs": str(log_dir),
            "secrets": say(secrets_description),
            "qt": f"Qt {qVersion()}, PySide6 {pyside_version}",
        }
        labels = {
            "version": self.tr("Version"),
            "licence": self.tr("Licence"),
            "data": self.tr("Data folder"),
            "logs": self.tr("Logs folder"),
            "secrets": self.tr("Secrets kept in"),
            "qt": self.tr("Built with"),
        }
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, text in self.facts.items():
            value = QLabel(text)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[key] = value
            form.addRow(labels[key], value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(summary, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

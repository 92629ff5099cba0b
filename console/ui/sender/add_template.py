"""A dialog to type one template into the account's catalogue."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from console.domain.errors import InvalidInput
from console.domain.notices import as_notice
from console.domain.templates import Template, TemplateKind
from console.services.templates import template_from_fields
from console.ui.sender.feedback import FeedbackLabel
from console.ui.wording import say


class AddTemplateDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a template"))
        self.template: Template | None = None
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("the approved name (Cliengo: the template id)"))
        self.language_edit = QLineEdit()
        self.language_edit.setPlaceholderText(self.tr("e.g. es_mx; empty for Cliengo"))
        self.kind_combo = QComboBox()
        for kind in TemplateKind:
            self.kind_combo.addItem(kind.value, kind)
        self.params_edit = QLineEdit()
        self.params_edit.setPlaceholderText(self.tr("number of {{1}}… parameters; empty: from the body"))
        self.variables_edit = QLineEdit()
        self.variables_edit.setPlaceholderText(self.tr("named variables, e.g. name pedido; empty: from the body"))
        self.body_edit = QPlainTextEdit()
        self.body_edit.setPlaceholderText(self.tr("The text with {{1}} or {{name}} placeholders, for the preview"))
        self.error = FeedbackLabel()

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Language"), self.language_edit)
        form.addRow(self.tr("Type"), self.kind_combo)
        form.addRow(self.tr("Parameters"), self.params_edit)
        form.addRow(self.tr("Variables"), self.variables_edit)
        form.addRow(self.tr("Body"), self.body_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        fields = {
            "name": self.name_edit.text(),
            "language": self.language_edit.text(),
            "type": str(self.kind_combo.currentData()),
            "params": self.params_edit.text().strip(),
            "variables": self.variables_edit.text(),
            "body": self.body_edit.toPlainText(),
        }
        try:
            self.template = template_from_fields(fields, self.tr("the template"))
        except InvalidInput as error:
            self.error.error(say(as_notice(error.reason)))
            return
        super().accept()

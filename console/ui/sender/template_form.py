"""The fields of one template: language, its parameters or variables, and a media link.

Rebuilt whenever another template is chosen; `content()` is what would be sent.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from console.domain.content import TemplateContent
from console.domain.templates import Template, TemplateKind


class TemplateForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._template: Template | None = None
        self.language_edit: QLineEdit | None = None
        self.param_edits: list[QLineEdit] = []
        self.variable_edits: dict[str, QLineEdit] = {}
        self.media_edit: QLineEdit | None = None
        self.filename_edit: QLineEdit | None = None
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.show_template(None)

    @property
    def template(self) -> Template | None:
        return self._template

    def show_template(self, template: Template | None) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._template = template
        self.language_edit = self.media_edit = self.filename_edit = None
        self.param_edits, self.variable_edits = [], {}
        if template is None:
            hint = QLabel(self.tr("Choose a template, import a catalogue or add one."))
            hint.setWordWrap(True)
            self._layout.addRow(hint)
            self.changed.emit()
            return
        if template.language or not template.variables:
            self.language_edit = self._line(template.language, self.tr("e.g. es_mx"))
            self._layout.addRow(self.tr("Language"), self.language_edit)
        for position in range(1, template.param_count + 1):
            edit = self._line("", self.tr("value for {{{n}}}").format(n=position))
            self.param_edits.append(edit)
            self._layout.addRow(self.tr("Parameter {n}").format(n=position), edit)
        for variable in template.variables:
            edit = self._line("", self.tr("value for {{{name}}}").format(name=variable))
            self.variable_edits[variable] = edit
            self._layout.addRow(variable, edit)
        if template.kind is not TemplateKind.TEXT:
            self.media_edit = self._line("", "https://…")
            self._layout.addRow(self.tr("Media link ({kind})").format(kind=template.kind.value.lower()), self.media_edit)
        if template.kind is TemplateKind.DOCUMENT:
            self.filename_edit = self._line("", self.tr("optional"))
            self._layout.addRow(self.tr("File name"), self.filename_edit)
        self.changed.emit()

    def _line(self, text: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self.changed)
        return edit

    def fill(self, content: TemplateContent) -> None:
        """Type `content`'s values into the fields of the template shown (those it has)."""
        if self.language_edit is not None and content.language is not None:
            self.language_edit.setText(content.language)
        for edit, value in zip(self.param_edits, content.params, strict=False):
            edit.setText(value)
        for name, edit in self.variable_edits.items():
            edit.setText(content.named_params.get(name, ""))
        if self.media_edit is not None:
            self.media_edit.setText(content.media_url or "")
        if self.filename_edit is not None:
            self.filename_edit.setText(content.filename or "")

    def content(self) -> TemplateContent | None:
        template = self._template
        if template is None:
            return None
        language = self.language_edit.text().strip() if self.language_edit is not None else template.language
        return TemplateContent(
            name=template.name,
            params=tuple(edit.text() for edit in self.param_edits),
            named_params={name: edit.text() for name, edit in self.variable_edits.items()},
            language=language or None,
            media_url=(self.media_edit.text().strip() or None) if self.media_edit is not None else None,
            filename=(self.filename_edit.text().strip() or None) if self.filename_edit is not None else None,
        )

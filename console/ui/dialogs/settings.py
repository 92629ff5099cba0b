"""Settings: the language of the window, and whether a customer's message makes a sound."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from console.ui.i18n import SYSTEM, available_languages, language_name


class SettingsDialog(QDialog):
    def __init__(self, language: str, system_language: str, sound: bool = False, parent: QWidget | None = None) -> None:
        """`language` is the saved choice (a code or SYSTEM); `system_language` what SYSTEM shows now."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language_box = QComboBox()
        system_name = language_name(system_language)
        self.language_box.addItem(self.tr("Same as the system ({language})").format(language=system_name), SYSTEM)
        for code in available_languages():  # each named in itself, whatever the window shows now
            self.language_box.addItem(language_name(code), code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language)))

        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language_box)
        self.sound_box = QCheckBox(self.tr("Play a &sound when a customer writes"))
        self.sound_box.setChecked(sound)
        form.addRow(self.sound_box)
        note = QLabel(
            self.tr(
                "The window is rebuilt in the new language with the same contact and draft open; "
                "a bulk send in progress stops and can be resumed."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def chosen_sound(self) -> bool:
        return self.sound_box.isChecked()

    def chosen_language(self) -> str:
        return str(self.language_box.currentData())

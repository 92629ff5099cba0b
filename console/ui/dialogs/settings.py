"""Settings: the language of the window, and whether a customer's message makes a sound."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from console.ui.i18n import LanguageChoice

# Each language is named in itself, so it can be found whatever the window shows now.
LANGUAGE_NAMES = {LanguageChoice.SPANISH: "Español", LanguageChoice.ENGLISH: "English"}


class SettingsDialog(QDialog):
    def __init__(
        self, language: LanguageChoice, system_language: str, sound: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language_box = QComboBox()
        system_name = LANGUAGE_NAMES.get(LanguageChoice(system_language), system_language)
        self.language_box.addItem(self.tr("Same as the system ({language})").format(language=system_name), LanguageChoice.SYSTEM)
        for choice, name in LANGUAGE_NAMES.items():
            self.language_box.addItem(name, choice)
        self.language_box.setCurrentIndex(self.language_box.findData(language))

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

    def chosen_language(self) -> LanguageChoice:
        return LanguageChoice(self.language_box.currentData())

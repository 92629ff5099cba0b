"""What the window remembers between runs, in QSettings: language, layout, last selection."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize

from console.ui.i18n import SYSTEM, available_languages
from console.ui.sha256 import sha256

ORGANIZATION = "Centralita"
APPLICATION = "Centralita"

LANGUAGE = "ui/language"
MESSAGE_SOUND = "notifications/sound"
GEOMETRY = "window/geometry"
STATE = "window/state"
SCREEN = "window/screen"  # the available area the layout was saved on
SELECTION = "selection"


@dataclass(frozen=True)
class SavedLayout:
    """The window's geometry and dock state as last saved, and the screen area they were saved on."""

    geometry: QByteArray | None = None
    state: QByteArray | None = None
    screen: QSize | None = None


class Preferences:
    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @classmethod
    def for_user(cls) -> Preferences:
        return cls(QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION))

    @property
    def language(self) -> str:
        """A language code with a catalogue, or `SYSTEM` (also when the saved one has none any more)."""
        saved = str(self._settings.value(LANGUAGE, SYSTEM))
        return saved if saved in available_languages() else SYSTEM

    @language.setter
    def language(self, choice: str) -> None:
        self._settings.setValue(LANGUAGE, choice)

    @property
    def message_sound(self) -> bool:
        """A sound when a customer writes; off unless the agent turns it on."""
        return str(self._settings.value(MESSAGE_SOUND, "false")).lower() == "true"

    @message_sound.setter
    def message_sound(self, on: bool) -> None:
        self._settings.setValue(MESSAGE_SOUND, "true" if on else "false")

    def layout(self) -> SavedLayout:
        """The window's saved geometry and dock state, None where nothing was saved."""
        screen = self._settings.value(SCREEN)
        return SavedLayout(self._bytes(GEOMETRY), self._bytes(STATE), screen if isinstance(screen, QSize) else None)

    def save_layout(self, geometry: QByteArray, state: QByteArray, screen: QSize) -> None:
        self._settings.setValue(GEOMETRY, geometry)
        self._settings.setValue(STATE, state)
        self._settings.setValue(SCREEN, screen)

    def selection(self, workspace: Path) -> tuple[int | None, int | None]:
        """Ids of the account and contact last selected in `workspace` (each data dir has its own)."""
        group = _selection_group(workspace)
        return self._id(f"{group}/account"), self._id(f"{group}/contact")

    def save_selection(self, workspace: Path, account_id: int | None, contact_id: int | None) -> None:
        group = _selection_group(workspace)
        for key, value in ((f"{group}/account", account_id), (f"{group}/contact", contact_id)):
            if value is None:
                self._settings.remove(key)
            else:
                self._settings.setValue(key, value)

    def sync(self) -> None:
        self._settings.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _id(self, key: str) -> int | None:
        value = self._settings.value(key)
        try:
            return None if value is None else int(value)
        except (TypeError, ValueError):
            return None


def _selection_group(workspace: Path) -> str:
    return f"{SELECTION}/{sha256(str(workspace.resolve()).encode()).hexdigest()[:12]}"

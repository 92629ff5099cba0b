"""The 24 h customer-service window above the chat, for providers that enforce one."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from console.domain.sessions import SessionWindow

STYLE = "background: {0}; color: {1}; border: 1px solid {2}; border-radius: 4px; padding: 4px 8px;"
# (light palette, dark palette)
OPEN_STYLES = (STYLE.format("#e7f6ec", "#1e5631", "#b7dfc3"), STYLE.format("#173d26", "#c8efd4", "#2c6b44"))
CLOSED_STYLES = (STYLE.format("#fff4ce", "#5c4300", "#e6d08a"), STYLE.format("#4a3b0c", "#ffe9a6", "#7a6420"))


class SessionBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionBanner")
        self.setWordWrap(True)
        self.hide()

    def show_window(self, window: SessionWindow | None) -> None:
        """Show the window's state; hidden when the provider has no window."""
        if window is None:
            self.hide()
            return
        if window.remaining is None and window.last_inbound_at is None:
            # The customer may have written before this console was installed.
            self.setText(self.tr("No message from this customer has reached this console: their 24 h window is unknown"))
            self.setStyleSheet(CLOSED_STYLES[self._dark()])
        elif window.remaining is None:
            self.setText(self.tr("Session closed: only a template can reopen it"))
            self.setStyleSheet(CLOSED_STYLES[self._dark()])
        else:
            self.setText(self.tr("Session open for {time}").format(time=self._duration(window.remaining)))
            self.setStyleSheet(OPEN_STYLES[self._dark()])
        self.show()

    def _dark(self) -> bool:
        return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128

    def _duration(self, left: timedelta) -> str:
        minutes = int(left.total_seconds() // 60)
        hours, minutes = divmod(minutes, 60)
        if hours and minutes:
            return self.tr("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
        if hours:
            return self.tr("{hours} h").format(hours=hours)
        if minutes:
            return self.tr("{minutes} min").format(minutes=minutes)
        return self.tr("less than a minute")

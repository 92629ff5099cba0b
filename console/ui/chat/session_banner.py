"""The 24 h customer-service window above the chat, for providers that enforce one."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QLabel, QWidget

from console.domain.sessions import SessionWindow

OPEN_STYLE = "background: #e7f6ec; color: #1e5631; border: 1px solid #b7dfc3; border-radius: 4px; padding: 4px 8px;"
CLOSED_STYLE = "background: #fff4ce; color: #5c4300; border: 1px solid #e6d08a; border-radius: 4px; padding: 4px 8px;"


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
        if window.remaining is None:
            self.setText(self.tr("Session closed: only a template can reopen it"))
            self.setStyleSheet(CLOSED_STYLE)
        else:
            self.setText(self.tr("Session open for {time}").format(time=self._duration(window.remaining)))
            self.setStyleSheet(OPEN_STYLE)
        self.show()

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

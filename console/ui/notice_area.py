"""Messages that matter, in full: a small stack of notices over the window's top right
corner (under the menus, away from the composer and Send), instead of a status-bar line
that runs off the window's edge.

A notice shows its whole sentence (wrapped, selectable), stays while the pointer or the
focus is on it and otherwise for as long as it takes to read; a warning stays until
dismissed. Each one is announced to screen readers when it appears, and the keyboard
reaches it (the window's "Latest notice" action, then Tab to its Dismiss button; Esc
dismisses). The status bar keeps short state only (health, secrets).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QToolButton, QVBoxLayout, QWidget

KEPT = 3  # notices on screen at once; an older one gives way to a new one
BASE_MS = 5000  # how long the shortest notice stays
MS_PER_CHAR = 60  # about 16 characters a second, a slow reading pace
MARGIN = 12
WIDTH_CHARS = 48  # a notice's width in average characters, less on a narrow window


def readable_ms(text: str) -> int:
    """How long a notice of `text` stays on screen when nobody looks at it."""
    return BASE_MS + MS_PER_CHAR * len(text)


class Notice(QFrame):
    dismissed = Signal()

    def __init__(self, title: str, text: str, warning: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.warning = warning
        self.setObjectName("notice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        # The tooltip colours: a floating note that stands out from the panes in every palette.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.ToolTipBase))
        palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.ToolTipText))
        self.setPalette(palette)
        self.full_text = f"{title}: {text}" if title else text
        self.label = QLabel(self.full_text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.label.setAccessibleName(self.tr("Notice") if not warning else self.tr("Warning"))
        self.label.setAccessibleDescription(self.full_text)
        if warning:
            font = self.label.font()
            font.setBold(True)
            self.label.setFont(font)
        self.close_button = QToolButton(text="✕", autoRaise=True)
        self.close_button.setToolTip(self.tr("Dismiss (Esc)"))
        self.close_button.setAccessibleName(self.tr("Dismiss the notice"))
        self.close_button.clicked.connect(self.dismissed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 4, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        for widget in (self.label, self.close_button):
            widget.installEventFilter(self)

        self._timer = QTimer(self, singleShot=True, interval=readable_ms(self.full_text))
        self._timer.timeout.connect(self.dismissed)
        if not warning:
            self._timer.start()

    def _held(self) -> bool:
        """Someone is reading it: the pointer or the focus is on it."""
        return self.underMouse() or self.label.hasFocus() or self.close_button.hasFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        escape = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
        if escape and event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # Esc is the notice's, not the window's shortcut
            return True
        if escape and event.type() == QEvent.Type.KeyPress:
            self.dismissed.emit()
            return True
        if event.type() == QEvent.Type.FocusOut:
            self._restart()
        return False

    def enterEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self._timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().leaveEvent(event)
        self._restart()

    def focusInEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self._timer.stop()
        super().focusInEvent(event)

    def _restart(self) -> None:
        if not self.warning:
            QTimer.singleShot(0, lambda: None if self._held() else self._timer.start())


class NoticeArea(QWidget):
    """Lies over `window`'s top right corner, under its menus and toolbars."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.setObjectName("noticeArea")
        self.setAccessibleName(self.tr("Notices"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._notices: list[Notice] = []
        self.hide()
        window.installEventFilter(self)

    def notices(self) -> list[Notice]:
        """On screen now, oldest first."""
        return list(self._notices)

    def texts(self) -> list[str]:
        return [notice.full_text for notice in self._notices]

    def post(self, text: str, title: str = "", *, warning: bool = False) -> Notice:
        notice = Notice(title, text, warning, self)
        notice.dismissed.connect(lambda: self._dismiss(notice))
        self._notices.append(notice)
        self._layout.addWidget(notice)
        while len(self._notices) > KEPT:
            self._dismiss(self._notices[0])
        self.show()
        self.raise_()
        self._place()
        politeness = QAccessible.AnnouncementPoliteness.Assertive if warning else QAccessible.AnnouncementPoliteness.Polite
        announcement = QAccessibleAnnouncementEvent(notice.label, notice.full_text)
        announcement.setPoliteness(politeness)
        QAccessible.updateAccessibility(announcement)
        return notice

    def dismiss_all_but_latest(self) -> None:
        """What the agent sees after a while: the older notices read and gone."""
        for notice in self._notices[:-1]:
            self._dismiss(notice)

    def focus_latest(self) -> None:
        """The keyboard's way in: the newest notice's text, Tab to its Dismiss button."""
        if self._notices:
            self._notices[-1].label.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _dismiss(self, notice: Notice) -> None:
        if notice not in self._notices:
            return
        had_focus = notice.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        self._notices.remove(notice)
        self._layout.removeWidget(notice)
        notice.hide()
        notice.deleteLater()
        if not self._notices:
            self.hide()
        else:
            self._place()
            if had_focus:
                self.focus_latest()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._window and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._place()
        return False

    def _place(self) -> None:
        """Top right, where the panes begin, as wide as a short paragraph or the window allows."""
        if not self._notices:
            return
        window = self._window
        width = min(self.fontMetrics().averageCharWidth() * WIDTH_CHARS, window.width() - 2 * MARGIN)
        height = self.heightForWidth(width)
        if height < 0:
            height = self.sizeHint().height()
        central = window.centralWidget()
        top = central.y() if central is not None else window.menuBar().height()
        self.setGeometry(window.width() - width - MARGIN, top + MARGIN, width, height)

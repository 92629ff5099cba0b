"""Where the first window goes and how big it is, from the screen's available area.

Pure geometry, so a test can ask for a 1366×768 or 1024×640 screen without having one.
The window's frame (title bar, borders) is not known before it is shown: `FRAME` is room
left for it, so the whole window, frame included, lands inside the available area.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize

PREFERRED = QSize(1500, 900)  # on a screen that has room for it
FRAME = QMargins(8, 38, 8, 8)  # a typical title bar and borders
SAME_SCREEN_SLACK = 16  # px of difference still counted as the same screen (a moved taskbar)


def first_geometry(available: QRect, preferred: QSize = PREFERRED, frame: QMargins = FRAME) -> QRect:
    """The window's client area: the preferred size or less, centred in `available` with its frame."""
    inside = available.marginsRemoved(frame)
    size = preferred.boundedTo(inside.size())
    left = inside.x() + (inside.width() - size.width()) // 2
    top = inside.y() + (inside.height() - size.height()) // 2
    return QRect(left, top, size.width(), size.height())


def room(available: QRect, frame: QMargins = FRAME) -> QSize:
    """The most a window may take in `available`, its frame included."""
    return available.marginsRemoved(frame).size()


def same_screen(saved: QSize | None, available: QSize) -> bool:
    """A layout saved on a screen of about this size: its dock widths still make sense here."""
    if saved is None:
        return False
    width, height = abs(saved.width() - available.width()), abs(saved.height() - available.height())
    return width <= SAME_SCREEN_SLACK and height <= SAME_SCREEN_SLACK

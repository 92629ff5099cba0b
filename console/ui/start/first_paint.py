"""The first paint: the window with the agent's cached content, before the rest loads.

Reads the start-up snapshot (`store/snapshot.py`, plain sqlite3, read-only) of the data dir
the agent works in, builds the `CachedWindow`, shows it and turns the Qt loop until both
lists have painted. A conversation the agent opens in it is read the same way, and becomes
the selection the live window opens on. Only Qt's widgets, sqlite3 and the window's light modules are loaded
by then; the caller imports the services, the providers and the asyncio loop afterwards.
No snapshot (a first start, a database to migrate, the sandbox, any failure): no window,
and the start goes the normal way.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from console.domain.views import InboxRow
from console.store.snapshot import read_conversation, read_snapshot
from console.ui.i18n import Translations, compile_catalogues, resolve
from console.ui.preferences import Preferences
from console.ui.start.cached_window import CachedWindow

log = logging.getLogger(__name__)

INBOX_ROWS = 100  # the live list's first page (`inbox.model.PAGE_SIZE`)
CHAT_ROWS = 40  # the newest of the live chat's first page (`panes.chat.PAGE`): more than a screenful
# The providers that keep a 24 h window (`services.inbox.WINDOW_PROVIDERS`, read from the
# providers' definitions, which load after the first paint; a test keeps the two equal).
WINDOW_PROVIDERS = frozenset({"broadcasterbot", "cloudapi"})
PAINT_WAIT_MS = 2000  # at most, should the platform never paint (then the start goes on)


class _Painted(QObject):
    """Quits `loop` once every one of `views` has painted."""

    def __init__(self, views: list[QWidget], loop: QEventLoop) -> None:
        super().__init__()
        self._pending = set(views)
        self._loop = loop
        for view in views:
            view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and watched in self._pending:
            self._pending.discard(watched)  # type: ignore[arg-type]
            watched.removeEventFilter(self)
            if not self._pending:
                QTimer.singleShot(0, self._loop.quit)  # after the paint has reached the screen
        return False


def primary_area() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def cached_window(base: Path, preferences: Preferences, translations: Translations) -> CachedWindow | None:
    """The window from `base`'s snapshot, not shown yet; None when there is none to show."""
    account_id, contact_id = preferences.selection(base)
    contact = None if account_id is None or contact_id is None else (account_id, contact_id)
    snapshot = read_snapshot(base, WINDOW_PROVIDERS, contact, inbox_limit=INBOX_ROWS, message_limit=CHAT_ROWS)
    if snapshot is None:
        return None
    translations.apply(resolve(preferences.language))
    window = CachedWindow(
        snapshot.inbox,
        snapshot.conversation_id,
        snapshot.messages,
        read=lambda conversation_id: read_conversation(base, conversation_id, message_limit=CHAT_ROWS),
    )

    def remember(row: InboxRow) -> None:  # the live window opens where the agent is now
        preferences.save_selection(base, row.account_id, row.contact_id)

    window.opened.connect(remember)
    window.restore_layout(preferences.layout(), primary_area())
    return window


def show_painted(window: CachedWindow) -> None:
    """Show `window` and turn the Qt loop until its inbox and chat have painted."""
    loop = QEventLoop()
    # Closing it before the live window comes is quitting in order (`start.live`), not at once.
    QApplication.instance().setQuitOnLastWindowClosed(False)  # type: ignore[union-attr]
    watcher = _Painted([window.inbox_list.viewport(), window.chat_list.viewport()], loop)
    QTimer.singleShot(PAINT_WAIT_MS, loop.quit)
    window.show()
    window.show_rows()
    loop.exec()
    del watcher


def first_paint(base: Path) -> tuple[CachedWindow | None, Translations]:
    """The cached window, shown and painted (None: nothing to show), and the window's
    translations, already compiled for the live window."""
    translations = Translations(compile_catalogues())
    try:
        window = cached_window(base, Preferences.for_user(), translations)
    except Exception:  # the live start shows what is wrong; the snapshot is only a head start
        log.exception("The cached window could not be built")
        return None, translations
    if window is not None:
        show_painted(window)
    return window, translations

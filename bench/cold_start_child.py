"""One start measured by `cold_start.py`: `cold_start_child.py empty|plain|console|prepare DATA_DIR STARTED`.

Prints one JSON line: seconds from STARTED (the parent's clock just before the process
was started) to the interactive window, and for the console the seconds to the first paint
of its lists with the cached rows ("painted"), to the live window ("live"), the processor
time at each, the longest the Qt loop went without turning between the first paint and the
live window ("longest_hold"), and its peak resident memory.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def empty(started: float) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)

    class Painted(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        print(json.dumps({"seconds": time.time() - started, "cpu": time.process_time()}), flush=True)
        app.quit()

    window = QMainWindow()
    window.resize(1500, 900)
    watcher = Painted()
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


def plain(data_dir: str, started: float) -> int:
    """What any window with these rows pays: Qt's widgets and its `Qt` enums, a read-only
    sqlite3 read of the inbox's first page and the chat's newest messages, and two plain
    lists of their text painted (no console module, no delegate)."""
    import sqlite3

    from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QListView, QMainWindow, QSplitter

    app = QApplication(sys.argv)
    with sqlite3.connect(f"file:{data_dir}/centralita.sqlite3?mode=ro", uri=True) as connection:
        titles = [row[0] for row in connection.execute(
            "SELECT k.display_name FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE c.status = 'open' "
            "ORDER BY c.last_message_at DESC, c.id DESC LIMIT 100"
        )]
        bodies = [row[0] for row in connection.execute(
            "SELECT body FROM message WHERE conversation_id = (SELECT id FROM conversation WHERE contact_id = 1) "
            "ORDER BY id DESC LIMIT 40"
        )][::-1]
    window = QMainWindow()
    split = QSplitter(Qt.Orientation.Horizontal)
    views = []
    for texts in (titles, bodies):
        view = QListView()
        view.setWordWrap(True)
        view.setModel(QStringListModel(texts, view))
        split.addWidget(view)
        views.append(view.viewport())
    window.setCentralWidget(split)
    window.resize(1500, 900)

    class Painted(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.pending = set(views)
            for view in views:
                view.installEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and watched in self.pending:
                self.pending.discard(watched)
                if not self.pending:
                    QTimer.singleShot(0, done)
            return False

    def done() -> None:
        print(json.dumps({"seconds": time.time() - started, "cpu": time.process_time()}), flush=True)
        app.quit()

    watcher = Painted()
    window.show()
    code = app.exec()
    del watcher
    return code


def console(data_dir: str, started: float) -> int:
    # The console's modules first, as `python -m console` imports them (some before Qt).
    from console.entry import main
    from console.ui.app import create_application

    import shiboken6  # isort: skip
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer  # isort: skip
    from PySide6.QtGui import QKeyEvent  # isort: skip
    from PySide6.QtWidgets import QApplication, QListView, QPlainTextEdit, QWidget  # isort: skip

    def parts(window: QWidget) -> tuple[QListView, QListView, QPlainTextEdit] | None:
        """The inbox list, the chat list and the composer of the cached window or of the live
        one (found by class name: importing the live window here would load it before the first paint)."""
        kind = type(window).__name__
        if kind == "CachedWindow":
            return window.inbox_list, window.chat_list, window.composer  # type: ignore[attr-defined]
        if kind == "MainWindow":
            return window.inbox_pane.list, window.chat_pane.list, window.sender_pane.text_edit  # type: ignore[attr-defined]
        return None

    ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # noqa: N806 - the inbox row (`ui/inbox/roles.py`), not imported before the first paint

    def chat_conversation(chat: QListView) -> int | None:
        model = chat.model()
        return model.message(0).conversation_id if model.rowCount() else None  # type: ignore[attr-defined]

    def key(widget: QWidget, code: Qt.Key, text: str = "") -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, text))

    class Probe(QObject):
        """Three moments. "painted": the first window with rows in both lists has painted them.
        "interactive": in the window on screen then, the agent's actions are done: the inbox's
        next row opened (Down in the list) and its conversation's messages in the chat, a key
        typed into the composer, the chat painted since and the loop turned once more.
        "live": the live window is up with its first pages for that conversation, painted,
        the loop turned."""

        def __init__(self) -> None:
            super().__init__()
            self.pending: set[QObject] = set()
            self.moments: dict[str, tuple[float, float]] = {}  # moment: (seconds, processor seconds)
            self.stage = "painted"
            self.target: int | None = None  # the conversation the agent opened
            self.window: QWidget | None = None
            self.timer = QTimer(self, interval=2)
            self.timer.timeout.connect(self.look)
            self.timer.start()
            # From the first paint to the live window: the longest the loop went without turning.
            self.beat = QTimer(self, interval=2)
            self.beat.timeout.connect(self.heard)
            self.last_beat = 0.0
            self.longest_hold = 0.0

        def heard(self) -> None:
            now = time.monotonic()
            self.longest_hold = max(self.longest_hold, now - self.last_beat)
            self.last_beat = now

        def look(self) -> None:
            if self.stage == "interactive":
                self.look_interactive()
                return
            app = QApplication.instance()
            for window in app.topLevelWidgets():  # type: ignore[union-attr]
                found = parts(window) if window.isVisible() else None
                if found is None or (self.stage == "live" and type(window).__name__ != "MainWindow"):
                    continue
                inbox, chat, _composer = found
                if inbox.model().rowCount() < 2 or chat.model().rowCount() == 0:
                    continue
                if self.stage == "live" and chat_conversation(chat) != self.target:
                    continue
                self.window = window
                self.wait_for_paint(inbox, chat)
                return

        def look_interactive(self) -> None:
            alive = self.window is not None and shiboken6.isValid(self.window) and self.window.isVisible()
            found = parts(self.window) if alive else None  # type: ignore[arg-type]
            if found is None:  # the live window took its place meanwhile: the agent goes on there
                self.window = next((w for w in QApplication.topLevelWidgets() if w.isVisible() and parts(w)), None)
                return
            inbox, chat, composer = found
            if chat_conversation(chat) == self.target and composer.toPlainText().endswith("a"):
                self.wait_for_paint(chat)

        def wait_for_paint(self, *views: QListView) -> None:
            self.timer.stop()
            self.pending = {view.viewport() for view in views}
            for view in self.pending:
                view.installEventFilter(self)
                view.update()  # type: ignore[attr-defined]

        def act(self) -> None:
            """The agent: Down in the inbox (the next conversation), a key in the composer."""
            inbox, chat, composer = parts(self.window)  # type: ignore[arg-type, misc]
            shown = chat_conversation(chat)
            inbox.setFocus()
            key(inbox, Qt.Key.Key_Down)
            key(composer, Qt.Key.Key_A, "a")
            opened = inbox.currentIndex().data(ROW_ROLE)
            if opened is None or opened.conversation_id == shown:
                raise RuntimeError("Down in the inbox opened no other conversation")
            self.target = opened.conversation_id
            self.stage = "interactive"
            self.timer.start()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and watched in self.pending:
                self.pending.discard(watched)
                watched.removeEventFilter(self)
                if not self.pending:
                    QTimer.singleShot(0, self.turned)
            return False

        def turned(self) -> None:
            self.moments[self.stage] = (time.time() - started, time.process_time())
            if self.stage == "painted":
                self.last_beat = time.monotonic()
                self.beat.start()
                self.act()
            elif self.stage == "interactive":
                self.stage = "live"
                self.timer.start()
            else:
                self.beat.stop()
                QTimer.singleShot(1000, self.finish)

        def finish(self) -> None:
            (painted, painted_cpu), (interactive, interactive_cpu) = self.moments["painted"], self.moments["interactive"]
            live, live_cpu = self.moments["live"]
            result = {
                "painted": painted,
                "painted_cpu": painted_cpu,
                "seconds": interactive,
                "interactive_cpu": interactive_cpu,
                "live": live,
                "live_cpu": live_cpu,
                "longest_hold": self.longest_hold,
                "peak_rss_mb": _peak_rss_mb(),
            }
            print(json.dumps(result), flush=True)
            QApplication.instance().quit()  # type: ignore[union-attr]

    create_application()  # the same instance the entry point then uses
    probe = Probe()
    code = main(["--data-dir", data_dir])
    del probe
    return code


def prepare(data_dir: str) -> int:
    """The last selection: the dataset's account and the contact with the big conversation."""
    from console.ui.preferences import Preferences

    preferences = Preferences.for_user()
    preferences.save_selection(Path(data_dir), 1, 1)
    preferences.sync()
    return 0


if __name__ == "__main__":
    mode, folder, stamp = sys.argv[1], sys.argv[2], float(sys.argv[3])
    if mode == "empty":
        raise SystemExit(empty(stamp))
    if mode == "console":
        raise SystemExit(console(folder, stamp))
    if mode == "plain":
        raise SystemExit(plain(folder, stamp))
    raise SystemExit(prepare(folder))

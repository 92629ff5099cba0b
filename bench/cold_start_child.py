"""One start measured by `cold_start.py`: `cold_start_child.py empty|plain|console|prepare DATA_DIR STARTED`.

Prints one JSON line: seconds from STARTED (the parent's clock just before the process
was started) to the interactive window, and for the console the seconds to the first paint
of its lists with the cached rows ("painted") and its peak resident memory.
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

    from PySide6.QtCore import QEvent, QObject, QTimer  # isort: skip
    from PySide6.QtWidgets import QApplication, QListView, QWidget  # isort: skip

    def lists(window: QWidget) -> tuple[QListView, QListView] | None:
        """The inbox and chat lists of the cached window or of the live one (found by class
        name: importing the live window here would load it before the first paint)."""
        kind = type(window).__name__
        if kind == "CachedWindow":
            return window.inbox_list, window.chat_list  # type: ignore[attr-defined]
        if kind == "MainWindow":
            return window.inbox_pane.list, window.chat_pane.list  # type: ignore[attr-defined]
        return None

    class Probe(QObject):
        """Notes the first paint of both lists with rows (cached or live: "painted"), then the
        live window's first pages loaded and painted and the loop turned ("interactive")."""

        def __init__(self) -> None:
            super().__init__()
            self.pending: set[QObject] = set()
            self.painted: float | None = None
            self.painted_cpu = 0.0
            self.live = False
            self.timer = QTimer(self, interval=2)
            self.timer.timeout.connect(self.look)
            self.timer.start()

        def look(self) -> None:
            app = QApplication.instance()
            for window in app.topLevelWidgets():  # type: ignore[union-attr]
                found = lists(window) if window.isVisible() else None
                if found is None or (self.painted is not None and type(window).__name__ != "MainWindow"):
                    continue
                inbox, chat = found
                if inbox.model().rowCount() == 0 or chat.model().rowCount() == 0:
                    continue
                self.timer.stop()
                self.live = type(window).__name__ == "MainWindow"
                self.pending = {inbox.viewport(), chat.viewport()}
                for view in self.pending:
                    view.installEventFilter(self)
                    view.update()
                return

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and watched in self.pending:
                self.pending.discard(watched)
                watched.removeEventFilter(self)
                if not self.pending:
                    QTimer.singleShot(0, self.turned)
            return False

        def turned(self) -> None:
            seconds = time.time() - started
            if self.painted is None:
                self.painted, self.painted_cpu = seconds, time.process_time()
            if not self.live:
                self.timer.start()  # on to the live window
                return
            QTimer.singleShot(1000, lambda: self.finish(seconds))

        def finish(self, seconds: float) -> None:
            result = {"painted": self.painted, "painted_cpu": self.painted_cpu, "seconds": seconds, "peak_rss_mb": _peak_rss_mb()}
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

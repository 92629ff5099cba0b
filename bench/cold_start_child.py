"""One start measured by `cold_start.py`: `cold_start_child.py empty|console|prepare DATA_DIR STARTED`.

Prints one JSON line: seconds from STARTED (the parent's clock just before the process
was started) to the interactive window, and for the console its peak resident memory.
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
        print(json.dumps({"seconds": time.time() - started}), flush=True)
        app.quit()

    window = QMainWindow()
    window.resize(1500, 900)
    watcher = Painted()
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


def console(data_dir: str, started: float) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from console.entry import main
    from console.ui.main_window import MainWindow

    class Probe(QObject):
        """Finds the main window once its first pages are loaded, then waits for both views' paints."""

        def __init__(self) -> None:
            super().__init__()
            self.pending: set[QObject] = set()
            self.timer = QTimer(self, interval=2)
            self.timer.timeout.connect(self.look)
            self.timer.start()

        def look(self) -> None:
            app = QApplication.instance()
            windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]  # type: ignore[union-attr]
            if not windows:
                return
            window = windows[0]
            if window.inbox_pane.model.rowCount() == 0 or window.chat_pane.model.rowCount() == 0:
                return
            self.timer.stop()
            self.pending = {window.inbox_pane.list.viewport(), window.chat_pane.list.viewport()}
            for view in self.pending:
                view.installEventFilter(self)
                view.update()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and watched in self.pending:
                self.pending.discard(watched)
                watched.removeEventFilter(self)
                if not self.pending:
                    QTimer.singleShot(0, self.interactive)
            return False

        def interactive(self) -> None:
            seconds = time.time() - started
            QTimer.singleShot(1000, lambda: self.finish(seconds))

        def finish(self, seconds: float) -> None:
            print(json.dumps({"seconds": seconds, "peak_rss_mb": _peak_rss_mb()}), flush=True)
            QApplication.instance().quit()  # type: ignore[union-attr]

    from console.ui.app import create_application

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
    raise SystemExit(prepare(folder))

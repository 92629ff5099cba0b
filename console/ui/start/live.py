"""The live window: asyncio loop, session, shell, and an orderly shutdown.

Imported after the first paint. When a cached window is up, the live one takes its place
once built: same layout (both restore the saved one), the open conversation selected, and
what the agent typed meanwhile moved into the live composer.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import qasync
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from console.ui.dialogs.crash import CrashReporter
from console.ui.dialogs.storage_problem import StorageProblemDialog
from console.ui.i18n import Translations
from console.ui.main_window import MainWindow
from console.ui.preferences import Preferences
from console.ui.responsiveness import tune_after_start
from console.ui.session import ConsoleSession, DemoLife, open_accounts_session, open_session
from console.ui.shell import Shell
from console.ui.start.cached_window import CachedWindow
from console.ui.stop_signals import StopSignals
from console.ui.storage_recovery import open_with_ways_out

ROWS_WAIT = 3.0  # seconds the live window may take to read its first pages before it is shown anyway
PAINT_WAIT = 2.0  # seconds, at most, until the live window has painted (should the platform never paint)


async def first_pages(window: MainWindow, timeout: float = ROWS_WAIT) -> None:
    """Until the live inbox and chat hold their first pages: the cached rows are never
    replaced by empty lists."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while (window.inbox_pane.model.loading or window.chat_pane.loading) and loop.time() < deadline:
        await asyncio.sleep(0.01)


class _Painted(QObject):
    """Done once every one of `views` has painted."""

    def __init__(self, views: list[QWidget]) -> None:
        super().__init__()
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending = set(views)
        for view in views:
            view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and watched in self._pending:
            self._pending.discard(watched)  # type: ignore[arg-type]
            watched.removeEventFilter(self)
            if not self._pending and not self.done.done():
                self.done.set_result(None)
        return False


async def painted(window: MainWindow, timeout: float = PAINT_WAIT) -> None:
    """Until the live inbox and chat have painted and the loop has turned once more: what
    starts then (and the modules it loads) does not hold up the window's first frame."""
    watcher = _Painted([window.inbox_pane.list.viewport(), window.chat_pane.list.viewport()])
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(watcher.done, timeout)
    await asyncio.sleep(0)


def take_place(live: MainWindow, cached: CachedWindow) -> None:
    """Show `live` where `cached` is, with what the agent typed there, the conversation they
    opened there and the inbox scrolled as the agent left it, and close `cached`."""
    live.setGeometry(cached.geometry())
    opened, shown = cached.opened_row, live.selection.contact
    if opened is not None and (shown is None or shown.id != opened.contact_id):
        live.inbox_pane.open_conversation(opened.conversation_id)  # opened there after the live window was built
    scrolled = cached.inbox_list.verticalScrollBar().value()
    typed = cached.typed()
    if typed:
        live.sender_pane.text_edit.setPlainText(typed)
        cursor = live.sender_pane.text_edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        live.sender_pane.text_edit.setTextCursor(cursor)
    focused = cached.composer.hasFocus()
    browsing = cached.inbox_list.hasFocus()
    live.show()
    if focused:
        live.sender_pane.text_edit.setFocus()
    elif browsing:
        live.inbox_pane.list.setFocus()
    if scrolled:  # once the live list has laid its rows out
        QTimer.singleShot(0, lambda: live.inbox_pane.list.verticalScrollBar().setValue(scrolled))
    cached.hide()
    cached.deleteLater()


class _Run:
    """One run of the window. Quitting stops the Qt loop, so closing is a separate step."""

    def __init__(self, app: QApplication, base: Path, cached: CachedWindow | None, translations: Translations) -> None:
        self._app = app
        self._base = base
        self._cached = cached
        self._translations = translations
        self._session: ConsoleSession | None = None
        self._shell: Shell | None = None
        # Set by a stop signal or by the application quitting; a signal during start-up
        # lets the opening finish and then closes in order.
        self._stop = asyncio.Event()
        self._quitting = False  # the application is quitting: its loop stops under this run
        self._serving: asyncio.Task[None] | None = None
        self.opened = True  # False when the data could not be opened and the agent quit
        if cached is not None:
            # Closing the cached window is quitting, in order: the opening finishes, then all
            # closes (the application quitting would stop the loop under the opening).
            # `first_paint` kept the application from quitting on it meanwhile.
            cached.closed.connect(self.request_stop)
            if not cached.isVisible():  # closed already, during the first paint
                self.request_stop()

    def request_stop(self) -> None:
        self._stop.set()

    @property
    def quitting(self) -> bool:
        return self._quitting

    def _quit(self) -> None:
        self._quitting = True
        self._stop.set()

    async def _stop_background(self, session: ConsoleSession) -> None:
        """Stopped while this loop still runs (a signal, the cached window closed): the background
        work ends here. Left to `close`, a task just started would take its next step in qasync's
        last pass over Qt's events after this run, outside any running loop, and fail there. When
        the application quits, its loop is stopping already: `close` does it in a run of its own."""
        if not self._quitting:
            await session.workspace.stop_background()

    async def serve(self) -> None:
        self._serving = asyncio.current_task()
        self._app.aboutToQuit.connect(self._quit)
        self._session = await open_with_ways_out(
            lambda: open_session(self._base, life=DemoLife()),  # a new user's sandbox is alive
            lambda problem: StorageProblemDialog(problem).choose(),
            self._base,
        )
        if self._session is None:
            self.opened = False
            return
        if self._stop.is_set():  # the agent quit while it opened: no window to build, it closes
            await self._stop_background(self._session)  # the sandbox's relay reader, already started
            return
        self._shell = Shell(
            self._session, Preferences.for_user(), self._translations, lambda: open_accounts_session(self._base)
        )
        window = await self._shell.open()
        if not self._stop.is_set():
            if self._cached is not None:
                await first_pages(window)
                take_place(window, self._cached)
                self._cached = None
            else:
                window.show()
            # Closing the window asks this run to stop, as a signal does: the loop goes on until
            # everything has closed, instead of stopping under the opening or the background's start.
            self._app.setQuitOnLastWindowClosed(False)
            self._app.lastWindowClosed.connect(self.request_stop)
            # The window answers the agent first; what follows messages, callbacks and health
            # (and loads the HTTP clients with its first call) starts once it has painted.
            await painted(window)
            if not self._stop.is_set():  # a stop asked meanwhile: nothing more starts, all closes
                await self._session.workspace.start_background()
                tune_after_start()  # what start-up made stays out of the collector's passes
        await self._stop.wait()
        await self._stop_background(self._shell.session if self._shell is not None else self._session)

    async def close(self) -> None:
        serving = self._serving
        if serving is not None and not serving.done():  # the application quit under it: it goes no further
            serving.cancel()
            await asyncio.gather(serving, return_exceptions=True)
        if self._cached is not None:
            self._cached.close()
        session = self._session
        if self._shell is not None:
            self._shell.close()
            session = self._shell.session  # the sandbox may have been left for the agent's accounts
        if session is not None:
            await session.close()


def run_live(app: QApplication, base: Path, cached: CachedWindow | None, translations: Translations) -> int:
    crashes = CrashReporter(app).install()  # the window keeps running after an unexpected error
    run = _Run(app, base, cached, translations)
    stop_signals = StopSignals(app, run.request_stop)  # before the runner, which then leaves SIGINT to us
    try:
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            try:
                runner.run(run.serve())
            except RuntimeError:
                if not run.quitting:
                    raise  # the application quit before the opening ended: `close` stops it there
            finally:
                runner.run(run.close())
    finally:
        stop_signals.restore()
        crashes.uninstall()
    return 0 if run.opened else 1

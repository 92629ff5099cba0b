"""Starting the window: Qt application, asyncio loop, session, and an orderly shutdown."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from console.domain.storage import StorageProblem
from console.logging_setup import install_logging
from console.store.location import data_dir
from console.ui.dialogs.crash import CrashReporter
from console.ui.dialogs.storage_problem import StorageProblemDialog
from console.ui.i18n import Translations, compile_catalogues
from console.ui.preferences import APPLICATION, ORGANIZATION, Preferences
from console.ui.resources import app_icon
from console.ui.responsiveness import tune_after_start
from console.ui.session import ConsoleSession, DemoLife, open_accounts_session, open_session
from console.ui.shell import Shell
from console.ui.stop_signals import StopSignals
from console.ui.storage_recovery import open_with_ways_out


def create_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setWindowIcon(app_icon())
    return app


class _Run:
    """One run of the window. Quitting stops the Qt loop, so closing is a separate step."""

    def __init__(self, app: QApplication, base: Path) -> None:
        self._app = app
        self._base = base
        self._session: ConsoleSession | None = None
        self._shell: Shell | None = None
        # Set by a stop signal or by the application quitting; a signal during start-up
        # lets the opening finish and then closes in order.
        self._stop = asyncio.Event()
        self.opened = True  # False when the data could not be opened and the agent quit

    def request_stop(self) -> None:
        self._stop.set()

    async def serve(self) -> None:
        self._app.aboutToQuit.connect(self._stop.set)
        catalogues = await asyncio.to_thread(compile_catalogues)
        self._session = await open_with_ways_out(
            lambda: open_session(self._base, life=DemoLife()),  # a new user's sandbox is alive
            lambda problem: StorageProblemDialog(problem).choose(),
            self._base,
        )
        if self._session is None:
            self.opened = False
            return
        self._shell = Shell(
            self._session, Preferences.for_user(), Translations(catalogues), lambda: open_accounts_session(self._base)
        )
        window = await self._shell.open()
        await self._session.workspace.start_background()
        if not self._stop.is_set():
            window.show()
            tune_after_start()  # what start-up made stays out of the collector's passes
        await self._stop.wait()

    async def close(self) -> None:
        session = self._session
        if self._shell is not None:
            self._shell.close()
            session = self._shell.session  # the sandbox may have been left for the agent's accounts
        if session is not None:
            await session.close()


def run_gui(data_dir_override: Path | None) -> int:
    app = create_application()
    try:
        install_logging()
        base = data_dir(data_dir_override)
    except StorageProblem as problem:  # no way out to offer: the folders are the user's to fix
        StorageProblemDialog(problem).exec()
        return 1
    crashes = CrashReporter(app).install()  # the window keeps running after an unexpected error
    run = _Run(app, base)
    stop_signals = StopSignals(app, run.request_stop)  # before the runner, which then leaves SIGINT to us
    try:
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            try:
                runner.run(run.serve())
            finally:
                runner.run(run.close())
    finally:
        stop_signals.restore()
        crashes.uninstall()
    return 0 if run.opened else 1

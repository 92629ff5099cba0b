"""`centralita --self-test`: proves an installation works, from source or packaged.

Offscreen (unless QT_QPA_PLATFORM says otherwise), on a throwaway data dir with secrets
in memory and settings in a temporary file, it opens the main window on the sandbox,
sends one message through each provider's simulator and prints one line per provider
with the outcome and the time taken. Exit status 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

import qasync
from PySide6.QtCore import QSettings, QTranslator
from PySide6.QtGui import QIcon

from console import __version__
from console.services.workspace_options import WorkspaceOptions
from console.store.secrets import MemorySecrets
from console.ui.app import create_application
from console.ui.i18n import Translations, compile_catalogues
from console.ui.preferences import Preferences
from console.ui.resources import ICONS_DIR
from console.ui.self_test_probes import FAST_POLLING, FAST_SANDBOX, report_line, run_probes
from console.ui.session import open_sandbox_session
from console.ui.shell import Shell

DEFAULT_TIMEOUT = 60.0
STARTUP_ALLOWANCE = 30.0  # opening the window and the sandbox, beyond the probes' own timeout


def _check_installation(catalogues: dict[str, Path]) -> tuple[bool, str]:
    """What a broken package gets wrong first: its metadata, the SVG icon engine, the catalogues."""
    problems = []
    if __version__ == "0.0.0":
        problems.append("no package metadata")
    if QIcon(str(ICONS_DIR / "centralita.svg")).pixmap(64).isNull():
        problems.append("the SVG icon does not render")
    compiled = catalogues.get("es")
    if compiled is None or not QTranslator().load(str(compiled)):
        problems.append("no Spanish catalogue")
    return not problems, "; ".join(problems) or f"{__version__}, icon, Spanish catalogue"


async def _run(scratch: Path, timeout: float) -> bool:
    started = time.monotonic()
    catalogues = await asyncio.to_thread(compile_catalogues, cache_dir=scratch / "translations")
    installed, how = _check_installation(catalogues)
    session = await open_sandbox_session(
        scratch / "data",
        secrets=MemorySecrets(),
        sandbox_configs=FAST_SANDBOX,
        options=WorkspaceOptions(poll_policy=FAST_POLLING),
    )
    shell = Shell(
        session, Preferences(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)), Translations(catalogues)
    )
    try:
        window = await shell.open()
        await session.workspace.start_background()
        window.show()
        print(report_line(installed, "Window", how, time.monotonic() - started), flush=True)
        results = await run_probes(session, timeout)
        for result in results:
            print(result.line(), flush=True)
    finally:
        shell.close()
        await session.close()
    return installed and all(result.passed for result in results)


def run_self_test(timeout: float = DEFAULT_TIMEOUT) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the application is created
    sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr] - provider names are not ASCII
    create_application()
    started = time.monotonic()
    limit = timeout + STARTUP_ALLOWANCE
    with (
        tempfile.TemporaryDirectory(prefix="centralita-self-test-") as scratch,
        asyncio.Runner(loop_factory=qasync.QEventLoop) as runner,
    ):
        try:
            passed = runner.run(asyncio.wait_for(_run(Path(scratch), timeout), limit))
        except TimeoutError:
            print(f"FAIL  the self-test did not finish within {limit:.0f} s", flush=True)
            passed = False
    print(f"Self-test {'passed' if passed else 'FAILED'} in {time.monotonic() - started:.1f} s", flush=True)
    return 0 if passed else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="centralita --self-test", description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds each provider may take")
    options = parser.parse_args(argv)
    try:
        return run_self_test(options.timeout)
    except Exception:  # an installation that cannot even start says why, and fails
        traceback.print_exc()
        print("Self-test FAILED: it could not run", flush=True)
        return 1

"""Render the main window at work into PNGs: `python -m console.ui.screenshots OUT_DIR`.

Runs the real window in sandbox mode on a throwaway data dir: syncs the agenda, picks
a contact, sends messages and waits for their delivery states before grabbing.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import qasync

from console.domain.lifecycle import DeliveryState
from console.sandbox.heynow import HeyNowSandboxConfig
from console.services.poller import PollPolicy
from console.store.contacts import ContactView
from console.store.secrets import MemorySecrets
from console.ui.app import create_application
from console.ui.labels import has_name
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession, open_session

SANDBOX = HeyNowSandboxConfig(status_delays=(1.0, 2.5, 4.0), never_read_ratio=0.0, stuck_ratio=0.0)
POLLING = PollPolicy(min_interval=0.5, max_interval=1.0)
MESSAGES = (
    "Hola {name}, te escribimos de la tienda por tu pedido #4821.",
    "¿Te queda bien recibirlo mañana entre las 9 y las 12?",
)


async def _until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(0.05)


def _named(contact: ContactView | None) -> bool:
    return contact is not None and has_name(contact)


class _Shoot:
    def __init__(self, base: Path, out_dir: Path) -> None:
        self._base = base
        self._out_dir = out_dir
        self._session: ConsoleSession | None = None
        self._window: MainWindow | None = None

    async def take(self) -> None:
        self._session = await open_session(
            self._base, secrets=MemorySecrets("memory only (screenshot run)"), heynow_config=SANDBOX, poll_policy=POLLING
        )
        window = self._window = MainWindow(self._session.workspace, sandbox=self._session.is_sandbox)
        await self._session.workspace.start_background()
        window.show()
        await _until(lambda: window.selection.account is not None, 10, "the demo account")

        agenda = window.agenda_pane
        agenda.sync_button.click()
        await _until(lambda: agenda.model.rowCount() > 0 and agenda.sync_button.text() == agenda.tr("Sync"), 20, "the agenda")
        await _until(lambda: agenda.model.contact(0) is not None, 10, "the agenda page")
        row = next(row for row in range(agenda.model.rowCount()) if _named(agenda.model.contact(row)))
        agenda.table.setCurrentIndex(agenda.model.index(row, 0))
        contact = window.selection.contact
        assert contact is not None

        sender = window.sender_pane
        first_name = contact.display_name.split()[0]
        for template in MESSAGES:
            sender.text_edit.setPlainText(template.format(name=first_name))
            sender.send_button.click()
            await _until(lambda: sender.text_edit.toPlainText() == "", 10, "the send")
        chat = window.chat_pane.model
        await _until(
            lambda: chat.rowCount() == len(MESSAGES)
            and all(chat.message(row).state is DeliveryState.READ for row in range(chat.rowCount())),
            20,
            "the read receipts",
        )
        await asyncio.sleep(0.5)  # let the last timeline reload and repaint land
        self._out_dir.mkdir(parents=True, exist_ok=True)
        target = self._out_dir / "main-window.png"
        if not window.grab().save(str(target)):
            raise OSError(f"could not write {target}")
        print(target)

    async def close(self) -> None:
        if self._window is not None:
            self._window.shutdown()
        if self._session is not None:
            await self._session.close()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m console.ui.screenshots OUT_DIR", file=sys.stderr)
        return 2
    create_application()
    with tempfile.TemporaryDirectory(prefix="centralita-shots-") as base:
        shoot = _Shoot(Path(base), Path(argv[0]))
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            try:
                runner.run(shoot.take())
            finally:
                runner.run(shoot.close())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

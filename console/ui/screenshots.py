"""Render the window at work into PNGs: `python -m console.ui.screenshots OUT_DIR`.

Runs the real window in sandbox mode on a throwaway data dir and settings file: syncs
the agenda, picks a contact, sends messages and waits for their delivery states, then
grabs the window, each pane, the shortcuts dialog and a message search in Spanish (`main-es.png`,
`agenda-es.png`, …), switches the language the way Settings does and grabs them again
in English (`…-en.png`).
`main-window.png` is the English window, for the README. `quick-replies-…` is File › Quick
replies, `quick-reply-popup-…` the composer listing them after "/".
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import qasync
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtGui import QGuiApplication, QPixmap, QTextCursor

from console.domain.lifecycle import DeliveryState
from console.domain.quick_replies import QuickReply
from console.domain.views import ContactView
from console.sandbox.heynow import HeyNowSandboxConfig
from console.services.poller import PollPolicy
from console.services.workspace_options import WorkspaceOptions
from console.store.secrets import MemorySecrets
from console.ui.app import create_application
from console.ui.i18n import Translations, compile_catalogues
from console.ui.labels import has_name
from console.ui.main_window import MainWindow
from console.ui.preferences import Preferences
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession, open_accounts_session, open_session
from console.ui.shell import Shell

SANDBOX = HeyNowSandboxConfig(status_delays=(1.0, 2.5, 4.0), never_read_ratio=0.0, stuck_ratio=0.0)
POLLING = PollPolicy(min_interval=0.5, max_interval=1.0)
MESSAGES = (
    "Hola {name}, te escribimos de la tienda por tu pedido #4821.",
    "¿Te queda bien recibirlo mañana entre las 9 y las 12?",
)
SEARCHED = "pedido"  # a word of MESSAGES, for the search shot
CUSTOMER_LINES = ("¿Me pueden mandar la factura de marzo?", "Hola, ¿a qué hora abren el sábado?")
SETTLE_S = 1.5  # a rebuilt window reloads its panes' pages before it is grabbed
QUICK_REPLIES = (
    QuickReply("saludo", "Hola {nombre}, gracias por escribirnos. ¿En qué le ayudo?"),
    QuickReply("horario", "Atendemos de lunes a viernes de 9 a 18 h y los sábados de 9 a 13 h."),
    QuickReply("catalogo", "{nombre}, le envío el catálogo de este mes.", media_url="https://example.com/catalogo-marzo.pdf"),
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
        self._shell: Shell | None = None

    async def take(self) -> None:
        catalogues = await asyncio.to_thread(compile_catalogues, cache_dir=self._base / "translations")
        session = self._session = await open_session(
            self._base,
            secrets=MemorySecrets("memory only (screenshot run)"),
            heynow_config=SANDBOX,
            options=WorkspaceOptions(poll_policy=POLLING),
        )
        preferences = Preferences(QSettings(str(self._base / "settings.ini"), QSettings.Format.IniFormat))
        preferences.language = "es"
        # As `make run` offers it: the banner's way to the agent's own accounts (never taken here).
        shell = self._shell = Shell(session, preferences, Translations(catalogues), lambda: open_accounts_session(self._base))
        window = await shell.open()
        await session.workspace.start_background()
        window.show()
        await self._stage(window)
        self._grab_all(window, "es")
        await self._grab_quick_replies(window, "es")
        await self._grab_search(window, "es")

        window = shell.switch_language("en")
        await _until(lambda: window.agenda_pane.model.rowCount() > 0, 10, "the agenda in the new window")
        await asyncio.sleep(SETTLE_S)
        self._grab_all(window, "en")
        await self._grab_quick_replies(window, "en")
        await self._grab_search(window, "en")
        shutil.copyfile(self._out_dir / "main-en.png", self._out_dir / "main-window.png")

    async def _stage(self, window: MainWindow) -> None:
        """A synced agenda, a named contact open, two messages read by the customer."""
        await _until(lambda: window.selection.account is not None, 10, "the demo account")
        account = window.selection.account
        assert account is not None and self._session is not None
        services = self._session.workspace
        await services.agenda.sync(account)
        agenda = window.agenda_pane
        await _until(lambda: agenda.model.rowCount() > 0 and agenda.model.contact(0) is not None, 20, "the agenda page")
        row = next(row for row in range(agenda.model.rowCount()) if _named(agenda.model.contact(row)))
        agenda.table.setCurrentIndex(agenda.model.index(row, 0))
        contact = window.selection.contact
        assert contact is not None

        for reply in QUICK_REPLIES:
            await services.quick_replies.save(reply)
        first_name = contact.display_name.split()[0]
        sent = [await services.outbox.send_text(account, contact.phone, text.format(name=first_name)) for text in MESSAGES]
        window.selection.set_message(sent[-1].id)

        async def all_read() -> bool:
            states = [await services.conversations.message(message.id) for message in sent]
            return all(state is not None and state.state is DeliveryState.READ for state in states)

        deadline = time.monotonic() + 20
        while not await all_read():
            if time.monotonic() > deadline:
                raise TimeoutError("gave up waiting for the read receipts")
            await asyncio.sleep(0.1)
        await self._set_aside_one(window)
        await self._customers_write(window)
        await asyncio.sleep(SETTLE_S)  # let the last timeline reload and repaint land

    async def _customers_write(self, window: MainWindow) -> None:
        """Two Broadcasterbot customers waiting in the inbox, besides the open conversation."""
        assert self._session is not None and self._session.sandbox is not None
        server = self._session.sandbox
        contacts = server.call(server.sandbox.broadcasterbot.registered_contacts)
        for (phone, country), text in zip(contacts, CUSTOMER_LINES, strict=False):
            server.call(server.sandbox.broadcasterbot.customer_replies, phone, country, text)
        await _until(lambda: window.inbox_pane.model.rowCount() > len(CUSTOMER_LINES), 20, "the customers in the inbox")

    async def _set_aside_one(self, window: MainWindow) -> None:
        """A callback the console cannot read, as a provider might post one, set aside."""
        assert self._session is not None
        services = self._session.workspace
        url = (await services.callback_setup.status(await services.accounts.by_name(BROADCASTERBOT_DEMO))).url
        assert url is not None
        body = '{"statuses": [{"state": "read", "messageId": "wamid.HBgN"'  # cut short: not JSON
        async with httpx.AsyncClient() as client:
            await client.post(url, content=body, headers={"Content-Type": "application/json"})
        await _until(lambda: window.set_aside.rowCount() > 0, 10, "the set-aside callback")

    def _grab_all(self, window: MainWindow, language: str) -> None:
        self._out_dir.mkdir(parents=True, exist_ok=True)
        shots = {
            "main": window,
            "accounts": window.accounts_pane,
            "inbox": window.inbox_pane,
            "contact": window.notes_panel,
            "agenda": window.agenda_pane,
            "chat": window.chat_pane,
            "sender": window.sender_pane,
            "timeline": window.timeline_pane,
        }
        dialogs = {"shortcuts": window.show_shortcuts(), "set-aside": window.show_set_aside()}
        for name, widget in {**shots, **dialogs}.items():
            self._save(widget.grab(), f"{name}-{language}")
        for dialog in dialogs.values():
            dialog.close()

    async def _grab_quick_replies(self, window: MainWindow, language: str) -> None:
        """The management dialog, then the composer's list after "/" (a popup: grabbed from the screen)."""
        dialog = window.show_quick_replies()
        await _until(lambda: dialog.table.rowCount() == len(QUICK_REPLIES), 10, "the quick replies")
        self._save(dialog.grab(), f"quick-replies-{language}")
        dialog.close()

        composer = window.sender_pane.composer
        window.sender_pane.show_composer()
        composer.text_edit.setPlainText("/")
        composer.text_edit.moveCursor(QTextCursor.MoveOperation.End)
        popup = composer.quick_replies.popup
        await _until(popup.isVisible, 10, "the quick reply list")
        await asyncio.sleep(0.3)
        pane = window.sender_pane
        top_left = pane.mapToGlobal(QPoint(0, 0))
        area = QRect(top_left, pane.size()).united(popup.geometry())
        screen = QGuiApplication.primaryScreen()
        self._save(screen.grabWindow(0, area.x(), area.y(), area.width(), area.height()), f"quick-reply-popup-{language}")
        popup.hide()
        composer.text_edit.clear()

    async def _grab_search(self, window: MainWindow, language: str) -> None:
        """The message search with results for a word of the messages sent while staging."""
        dialog = window.search.open_dialog()
        dialog.query_edit.setText(SEARCHED)
        dialog.search_now()
        await _until(lambda: dialog.model.rowCount() > 0 and not dialog.model.loading, 10, "the search results")
        await asyncio.sleep(0.2)  # let the list paint
        self._save(dialog.grab(), f"search-{language}")
        dialog.close()

    def _save(self, picture: QPixmap, name: str) -> None:
        target = self._out_dir / f"{name}.png"
        if not picture.save(str(target)):
            raise OSError(f"could not write {target}")
        print(target)

    async def close(self) -> None:
        if self._shell is not None:
            self._shell.close()
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

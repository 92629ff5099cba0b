"""Render the window at work into PNGs: `python -m console.ui.screenshots OUT_DIR`.

Runs the real window in sandbox mode on a throwaway data dir and settings file, fitted to
a 1366×768 screen as on a fresh profile: syncs the agenda, picks a contact, sends messages
and waits for their delivery states, then grabs the window, each pane, the shortcuts
dialog and a message search in each of `LANGUAGES` (`main-es.png`, `agenda-es.png`, …,
then `…-en.png`, `…-pt_BR.png`), switching the language the way Settings does. Then the same in the
first language on a dark palette (`…-dark-es.png`), and, in a second process with Qt
scaling at 1.5× (`QT_SCALE_FACTOR`), fitted to the real screen (`…-x1.5-es.png`).
`main-window.png` is the English window, for the README. `quick-replies-…` is File › Quick
replies, `quick-reply-popup-…` the composer listing them after "/".
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import qasync
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtGui import QGuiApplication, QPixmap, QTextCursor
from PySide6.QtWidgets import QApplication

from console.domain.contact_views import ContactView
from console.domain.lifecycle import DeliveryState
from console.domain.quick_replies import QuickReply
from console.sandbox.heynow import HeyNowSandboxConfig
from console.services.poller import PollPolicy
from console.services.workspace_options import WorkspaceOptions
from console.store.secrets import MemorySecrets
from console.ui.app import create_application
from console.ui.i18n import Translations, available_languages, compile_catalogues
from console.ui.labels import has_name
from console.ui.main_window import MainWindow
from console.ui.palettes import dark_palette
from console.ui.preferences import Preferences
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession, open_accounts_session, open_session
from console.ui.shell import Shell, primary_screen_area

# Each language shot in turn, the first one also dark and scaled: a new language is one more entry.
LANGUAGES = ("es", *(code for code in available_languages() if code != "es"))  # es, en, pt_BR
SCREEN = QRect(0, 0, 1366, 768)  # the agents' office laptops
SCALE = "1.5"  # the scaled variant's QT_SCALE_FACTOR
SCALED = "--scaled"
SANDBOX = HeyNowSandboxConfig(status_delays=(1.0, 2.5, 4.0), never_read_ratio=0.0, stuck_ratio=0.0)
POLLING = PollPolicy(min_interval=0.5, max_interval=1.0)
MESSAGES = (
    "Hola {name}, te escribimos de la tienda por tu pedido #4821.",
    "¿Te queda bien recibirlo mañana entre las 9 y las 12?",
)
SEARCHED = "pedido"  # a word of MESSAGES, for the search shot
CUSTOMER_LINES = ("¿Me pueden mandar la factura de marzo?", "Hola, ¿a qué hora abren el sábado?")
SETTLE_S = 1.5  # a rebuilt window reloads its panes' pages before it is grabbed
SHOWN_S = 0.2  # a tab brought up is laid out and painted
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
    def __init__(self, base: Path, out_dir: Path, scaled: bool) -> None:
        """`scaled`: only the first language, fitted to the real screen (Qt scaling is on)."""
        self._base = base
        self._out_dir = out_dir
        self._scaled = scaled
        self._session: ConsoleSession | None = None
        self._shell: Shell | None = None

    async def take(self) -> None:
        catalogues = await asyncio.to_thread(compile_catalogues, cache_dir=self._base / "translations")
        session = self._session = await open_session(
            self._base,
            secrets=MemorySecrets(),
            heynow_config=SANDBOX,
            options=WorkspaceOptions(poll_policy=POLLING),
        )
        preferences = Preferences(QSettings(str(self._base / "settings.ini"), QSettings.Format.IniFormat))
        first, *others = LANGUAGES
        preferences.language = first
        # As `make run` offers it: the banner's way to the agent's own accounts (never taken here).
        shell = self._shell = Shell(
            session,
            preferences,
            Translations(catalogues),
            lambda: open_accounts_session(self._base),
            available=primary_screen_area if self._scaled else lambda: SCREEN,
        )
        window = await shell.open()
        await session.workspace.start_background()
        window.show()
        await self._stage(window)
        if self._scaled:
            await self._grab_language(window, f"x{SCALE}-{first}")
            return
        await self._grab_language(window, first)
        for language in others:
            window = await self._switch(shell, language)
            await self._grab_language(window, language)
        shutil.copyfile(self._out_dir / "main-en.png", self._out_dir / "main-window.png")

        QApplication.setPalette(dark_palette())  # as a dark desktop theme gives it
        window = await self._switch(shell, first)
        await self._grab_language(window, f"dark-{first}")

    async def _switch(self, shell: Shell, language: str) -> MainWindow:
        """The window rebuilt in `language`, the way Settings does it, once its panes are loaded."""
        window = shell.switch_language(language)
        await _until(lambda: window.agenda_pane.model.rowCount() > 0, 10, "the agenda in the new window")
        await asyncio.sleep(SETTLE_S)
        return window

    async def _grab_language(self, window: MainWindow, suffix: str) -> None:
        self._grab_all(window, suffix)
        await self._grab_behind_tabs(window, suffix)
        await self._grab_quick_replies(window, suffix)
        await self._grab_search(window, suffix)

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
        window.notices.dismiss_all_but_latest()
        shots = {
            "main": window,
            "accounts": window.accounts_pane,
            "inbox": window.inbox_pane,
            "contact": window.notes_panel,
            "chat": window.chat_pane,
            "sender": window.sender_pane,
            "timeline": window.timeline_pane,
        }
        dialogs = {"shortcuts": window.show_shortcuts(), "set-aside": window.show_set_aside()}
        for name, widget in {**shots, **dialogs}.items():
            self._save(widget.grab(), f"{name}-{language}")
        for dialog in dialogs.values():
            dialog.close()

    async def _grab_behind_tabs(self, window: MainWindow, language: str) -> None:
        """The panes and sender tabs behind others: each brought up, laid out, grabbed."""
        agenda_dock, inbox_dock = window.docks[2], window.docks[1]
        agenda_dock.raise_()
        await asyncio.sleep(SHOWN_S)
        self._save(window.agenda_pane.grab(), f"agenda-{language}")
        inbox_dock.raise_()
        sender = window.sender_pane
        for name, tab in (("sender-template", sender.templates), ("sender-bulk", sender.bulk)):
            sender.tabs.setCurrentWidget(tab)
            await asyncio.sleep(SHOWN_S)
            self._save(sender.grab(), f"{name}-{language}")
        sender.show_composer()

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


def _scaled_run(out_dir: str) -> int:
    """The scaled variant in its own process: Qt reads QT_SCALE_FACTOR when the application starts."""
    env = {**os.environ, "QT_SCALE_FACTOR": SCALE}
    return subprocess.run([sys.executable, "-m", "console.ui.screenshots", out_dir, SCALED], env=env, check=False).returncode


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2) or (len(argv) == 2 and argv[1] != SCALED):
        print(f"usage: python -m console.ui.screenshots OUT_DIR [{SCALED}]", file=sys.stderr)
        return 2
    scaled = len(argv) == 2
    create_application()
    with tempfile.TemporaryDirectory(prefix="centralita-shots-") as base:
        shoot = _Shoot(Path(base), Path(argv[0]), scaled)
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            try:
                runner.run(shoot.take())
            finally:
                runner.run(shoot.close())
    return 0 if scaled else _scaled_run(argv[0])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

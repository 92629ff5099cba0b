"""The first paint: the cached inbox and conversation shown before the workspace opens, then
the live window in its place with the same rows, live; no snapshot from an older schema."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QLocale, QSettings, Qt
from pytestqt.qtbot import QtBot

from console.domain.accounts import Account
from console.domain.phones import parse_phone
from console.services.inbox import WINDOW_PROVIDERS
from console.store.location import DATABASE_FILE
from console.store.types import utcnow
from console.ui.i18n import SOURCE_LANGUAGE, Translations, compile_catalogues
from console.ui.inbox.model import PAGE_SIZE
from console.ui.inbox.roles import ROW_ROLE
from console.ui.models.messages import ITEM_ROLE
from console.ui.panes.chat import PAGE
from console.ui.preferences import Preferences
from console.ui.session import ConsoleSession, open_accounts_session
from console.ui.shell import Shell
from console.ui.start import first_paint
from console.ui.start.cached_window import CachedWindow
from console.ui.start.first_paint import cached_window, show_painted
from console.ui.start.live import first_pages, take_place
from tests.conftest import MemorySecrets
from tests.ui.support import FAST_OPTIONS, Run

CUSTOMERS = (("+525544332211", "Ana"), ("+525599887766", "Beto"), ("+525511112222", "Carla"))


def _open(tmp_path: Path, secrets: MemorySecrets, run: Run) -> ConsoleSession:
    return run(open_accounts_session(tmp_path, secrets=secrets, options=FAST_OPTIONS))


@pytest.fixture
def stored(tmp_path: Path, secrets: MemorySecrets, run: Run) -> tuple[Account, int]:
    """A data dir with one account and three customers' conversations, stored through the
    workspace and closed again; (the account, Carla's contact id: the last one open)."""
    session = _open(tmp_path, secrets, run)
    workspace = session.workspace
    try:
        account = run(
            workspace.accounts.add_heynow(
                "Ventas", base_url="http://127.0.0.1:9", username="demo", password="demo", platform_id="1"
            )
        )
        start = utcnow() - timedelta(hours=1)
        contact_id = 0
        for n, (number, name) in enumerate(CUSTOMERS):
            for m in range(3):
                at = start + timedelta(minutes=10 * n + m)
                message = run(workspace.inbound.record(account, parse_phone(number), f"{name} {m}", f"in-{n}-{m}", at, name=name))
                assert message is not None
            contact = run(workspace.conversations.contact(message.conversation_id))
            assert contact is not None
            contact_id = contact.id
    finally:
        run(session.close())
    return account, contact_id


@pytest.fixture
def preferences(tmp_path: Path, stored: tuple[Account, int]) -> Preferences:
    chosen = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    account, contact_id = stored
    chosen.save_selection(tmp_path, account.id, contact_id)
    return chosen


def _titles(window: CachedWindow) -> list[str]:
    model = window.inbox_model
    return [model.index(i).data() for i in range(model.rowCount())]


def _bodies(window: CachedWindow) -> list[str]:
    model = window.chat_model
    return [model.index(i).data(ITEM_ROLE).message.body for i in range(model.rowCount())]


def _click_row(qtbot: QtBot, window: CachedWindow, row: int) -> None:
    view = window.inbox_list
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(window.inbox_model.index(row)).center())


def test_the_cached_rows_paint_before_the_workspace_opens_and_the_live_window_takes_their_place(
    tmp_path: Path, secrets: MemorySecrets, preferences: Preferences, stored: tuple[Account, int], qtbot: QtBot, run: Run
) -> None:
    cached = cached_window(tmp_path, preferences, Translations({}))
    assert cached is not None
    show_painted(cached)
    assert _titles(cached) == ["Carla", "Beto", "Ana"]  # newest activity first
    assert _bodies(cached) == ["Carla 0", "Carla 1", "Carla 2"]
    assert cached.inbox_list.currentIndex().row() == 0  # the open conversation selected

    session = _open(tmp_path, secrets, run)
    shell = Shell(session, preferences, Translations({}))
    try:
        live = run(shell.open())  # built on Carla, the selection saved before this start
        # The agent works in the cached window meanwhile: opening Beto reads his conversation
        # from the database, and is the selection the next start opens on.
        _click_row(qtbot, cached, 1)
        assert cached.header.text() == "Beto" and _bodies(cached) == ["Beto 0", "Beto 1", "Beto 2"]
        account, _carla = stored
        beto = cached.inbox_model.index(1).data(ROW_ROLE).contact_id
        assert preferences.selection(tmp_path) == (account.id, beto)
        # Typing waits for nobody; sending waits for the workspace, keeps the text and says so.
        cached.composer.setPlainText("¿Le sirve el martes?")
        qtbot.mouseClick(cached.send_button, Qt.MouseButton.LeftButton)
        assert cached.composer.toPlainText() == "¿Le sirve el martes?"
        assert cached.send_notice.isVisible() and cached.send_notice.text() == cached.statusBar().currentMessage()

        run(first_pages(live))
        take_place(live, cached)
        assert live.isVisible() and not cached.isVisible()
        assert live.sender_pane.text_edit.toPlainText() == "¿Le sirve el martes?"
        # The same rows, there the moment the live window shows: nothing blinks empty.
        model = live.inbox_pane.model
        assert [model.row(i).contact_title for i in range(model.rowCount())] == ["Carla", "Beto", "Ana"]
        # The conversation the agent opened in the cached window is the one open now.
        qtbot.waitUntil(lambda: live.inbox_pane.list.currentIndex().row() == 1)
        chat = live.chat_pane.model
        qtbot.waitUntil(lambda: [chat.message(i).body for i in range(chat.rowCount())] == ["Beto 0", "Beto 1", "Beto 2"])
        # The rows are live now: a customer writing tops the list.
        run(session.workspace.inbound.record(account, parse_phone("+525533334444"), "Hola", "in-new", utcnow(), name="Dora"))
        qtbot.waitUntil(lambda: model.rowCount() == 4 and model.row(0).contact_title == "Dora")
    finally:
        if shiboken6.isValid(cached):  # the test failed before the live window took its place
            cached.close()
        shell.close()
        if shell.window is not None:
            shell.window.close()
        run(session.close())


def test_a_send_before_the_workspace_opens_stays_in_the_composer_and_says_so_in_the_agents_language(
    tmp_path: Path, preferences: Preferences, qtbot: QtBot
) -> None:
    preferences.language = "es"
    translations = Translations(compile_catalogues())  # kept: its translators go with it
    cached = cached_window(tmp_path, preferences, translations)
    assert cached is not None
    try:
        show_painted(cached)
        qtbot.mouseClick(cached.send_button, Qt.MouseButton.LeftButton)
        assert not cached.send_notice.isVisible()  # nothing typed: nothing to keep
        cached.composer.setFocus()
        qtbot.keyClicks(cached.composer, "Hola")
        qtbot.keyClick(cached.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert cached.composer.toPlainText() == "Hola"
        assert cached.send_notice.isVisible()
        assert cached.send_notice.text().startswith("Aún no se envió")
    finally:
        cached.close()
        translations.apply(SOURCE_LANGUAGE)  # the tests after this one read English, numbers and the core's notices too
        QLocale.setDefault(QLocale.system())


def test_a_database_at_an_older_schema_revision_gets_no_snapshot(tmp_path: Path, preferences: Preferences) -> None:
    with sqlite3.connect(tmp_path / DATABASE_FILE) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0014'")
    assert cached_window(tmp_path, preferences, Translations({})) is None


def test_no_database_gets_no_snapshot(tmp_path: Path) -> None:
    chosen = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert cached_window(tmp_path / "nowhere", chosen, Translations({})) is None


# Domain types the first paint does not show: each module costs the classes it builds.
NOT_SHOWN_AT_FIRST = (
    "console.domain.capabilities",
    "console.domain.contact_views",
    "console.domain.new_conversation",
    "console.domain.recipients",
    "console.domain.search_views",
    "console.domain.unread",
)


def test_the_first_paint_loads_no_orm_http_client_asyncio_loop_or_types_it_does_not_show(
    tmp_path: Path, stored: tuple[Account, int]
) -> None:
    """A process of its own, as `centralita` starts: after the cached window has painted."""
    script = (
        "import json, sys; from pathlib import Path\n"
        "from console.ui.app import create_application\n"
        "from console.ui.start.first_paint import first_paint\n"
        "create_application()\n"
        f"window, _ = first_paint(Path({str(tmp_path)!r}))\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'alembic', 'httpx', 'aiohttp', 'qasync', 'babel', 'cryptography',"
        f" 'console.services') + {NOT_SHOWN_AT_FIRST!r}\n"
        "print(json.dumps([window is not None, sorted(name for name in heavy if name in sys.modules)]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == [True, []]


def test_the_snapshot_reads_as_the_live_window_does() -> None:
    assert first_paint.WINDOW_PROVIDERS == WINDOW_PROVIDERS
    assert first_paint.INBOX_ROWS == PAGE_SIZE
    assert first_paint.CHAT_ROWS <= PAGE


def test_closing_the_cached_window_before_the_live_one_quits_in_order(tmp_path: Path, stored: tuple[Account, int]) -> None:
    """The agent closes the window while the workspace is still opening: the opening ends,
    everything closes, and the process exits cleanly without ever showing the live window."""
    script = (
        "import sys; from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from console.ui.app import create_application, run_gui\n"
        "app = create_application()\n"
        "shown = []\n"
        "def close_cached():\n"
        "    for window in QApplication.topLevelWidgets():\n"
        "        shown.extend(type(w).__name__ for w in [window] if w.isVisible())\n"
        "        if type(window).__name__ == 'CachedWindow' and window.isVisible():\n"
        "            window.close()\n"
        "QTimer.singleShot(0, close_cached)  # the first turn of the loop that opens the workspace\n"
        f"code = run_gui(Path({str(tmp_path)!r}))\n"
        "print(code, sorted(set(shown)))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "0 ['CachedWindow']"

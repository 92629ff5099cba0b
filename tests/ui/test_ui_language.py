"""The core's messages in the window's language: after switching to Spanish, a refused send
and an account with wrong credentials (against the sandbox) read in Spanish, worded from
the notices the core raised, and the account form labels its fields in Spanish too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from console.domain.accounts import ConnectionState, ProviderKind
from console.domain.notices import Notice
from console.providers.registry import definition
from console.sandbox.heynow import DEMO_PLATFORM
from console.services.preflight import EMPTY_MESSAGE
from console.ui.accounts.account_form import AccountFormDialog
from console.ui.i18n import SOURCE_LANGUAGE, Translations, compile_catalogues
from console.ui.main_window import MainWindow
from console.ui.preferences import Preferences
from console.ui.session import ConsoleSession
from console.ui.shell import Shell
from console.wording.wordbook import Wordbook
from tests.ui.support import Driver, Run
from tests.ui.test_ui_accounts import _fill, _save
from tests.ui.test_ui_shell import choose_language


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return compile_catalogues(cache_dir=tmp_path_factory.mktemp("qm"))


@pytest.fixture
def shell(session: ConsoleSession, catalogues: dict[str, Path], tmp_path: Path, run: Run, qtbot: QtBot) -> Iterator[Shell]:
    translations = Translations(catalogues)
    preferences = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    run(session.workspace.start_background())
    opened = Shell(session, preferences, translations)
    window = run(opened.open())
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.selection.account is not None)
    yield opened
    opened.close()
    if opened.window is not None:
        opened.window.close()
    translations.apply(SOURCE_LANGUAGE)
    QLocale.setDefault(QLocale.system())  # as other tests expect it


def _switch_to_spanish(shell: Shell, qtbot: QtBot) -> tuple[MainWindow, Wordbook]:
    english = shell.window
    assert english is not None
    choose_language(english, qtbot, "Español")
    spanish = shell.window
    assert spanish is not None and spanish is not english
    qtbot.waitExposed(spanish)
    qtbot.waitUntil(lambda: spanish.selection.account is not None)
    words = Wordbook.for_locale(QLocale().name())
    assert words.language == "es"
    return spanish, words


def _in_spanish(words: Wordbook, notice: Notice) -> str:
    """The notice's Spanish text, checked to be a translation and not its English source."""
    said = words.say(notice)
    assert notice.code != "core.untranslated" and said != notice.english()
    return said


def test_a_refused_send_reads_in_spanish(shell: Shell, session: ConsoleSession, qtbot: QtBot) -> None:
    window, words = _switch_to_spanish(shell, qtbot)
    agent = Driver(qtbot, window, session)
    agent.sync_agenda()
    agent.click_contact(0)
    agent.type_message("   ")
    agent.click_send()

    feedback = window.sender_pane.feedback
    reason = _in_spanish(words, EMPTY_MESSAGE())
    qtbot.waitUntil(lambda: reason in feedback.text())
    assert EMPTY_MESSAGE().english() not in feedback.text()
    assert agent.sent_requests() == 0


def test_an_account_with_wrong_credentials_reads_in_spanish(
    shell: Shell, session: ConsoleSession, qtbot: QtBot, run: Run
) -> None:
    assert session.sandbox is not None
    window, words = _switch_to_spanish(shell, qtbot)
    pane = window.accounts_pane
    pane.add_actions[ProviderKind.HEYNOW].trigger()
    qtbot.waitUntil(lambda: isinstance(pane.dialog, AccountFormDialog) and pane.dialog.isVisible())
    form = pane.dialog
    assert isinstance(form, AccountFormDialog)

    labels = {label.buddy(): label.text() for label in form.findChildren(QLabel) if label.buddy() is not None}
    for field in definition(ProviderKind.HEYNOW).fields:
        assert labels[form.edits[field.key]].startswith(_in_spanish(words, field.label)), field.key
    secrets_where = _in_spanish(words, session.workspace.accounts.secrets_description)
    assert secrets_where in form.secrets_note.text()

    base_url = session.sandbox.base_urls["heynow"]
    _fill(qtbot, form, name="Soporte", base_url=base_url, username="demo", password="wrong", platform_id=DEMO_PLATFORM)
    _save(qtbot, form)
    qtbot.waitUntil(lambda: pane.dialog is None)
    account = run(session.workspace.accounts.by_name("Soporte"))
    clients = session.workspace.clients
    qtbot.waitUntil(lambda: clients.health(account.id).state is ConnectionState.WRONG_CREDENTIALS, timeout=10_000)
    detail = clients.health(account.id).detail
    assert detail is not None
    said = _in_spanish(words, detail)

    row = next(r for r in range(pane.model.rowCount()) if pane.model.account(r).name == "Soporte")
    qtbot.waitUntil(lambda: pane.model.index(row).data(Qt.ItemDataRole.ToolTipRole) == said)
    qtbot.waitUntil(lambda: f"Soporte: credenciales incorrectas — {said}" in window.health.accounts_label.toolTip())

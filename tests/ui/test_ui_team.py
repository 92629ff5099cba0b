"""The window in team mode, against two real `centralita server` processes on PostgreSQL:
the chat says, in Spanish, who else is on the open conversation and who has it, and the
Take action tells who won; a conversation transferred with a note reaches the other
console's window; the inbox lists mine, unassigned or all. Without a team the line, the
team's actions and the inbox's team buttons stay hidden and nothing is asked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.domain.accounts import Account
from console.ui.dialogs.transfer_conversation import TransferDialog
from console.ui.i18n import SOURCE_LANGUAGE, Translations, compile_catalogues
from console.ui.main_window import MainWindow
from console.ui.session import DEMO_ACCOUNT, ConsoleSession, open_session
from tests.conftest import MemorySecrets
from tests.test_relay import postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_server import Team, team  # noqa: F401 - the two servers' fixture
from tests.ui.sender_support import store_contact
from tests.ui.support import FAST_OPTIONS, FAST_SANDBOX, Driver, Run


@pytest.fixture
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    translations = Translations(compile_catalogues(cache_dir=tmp_path_factory.mktemp("qm")))
    translations.apply("es")
    yield
    translations.apply(SOURCE_LANGUAGE)
    QLocale.setDefault(QLocale.system())


async def _as(team: Team, agent: str, action: str, account: str, customer: str) -> int:  # noqa: F811
    """`agent` asks the server itself (the other process), as another console would."""
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{team.servers[1]}/team/conversations/{action}",
            json={"account": account, "customer": customer},
            headers={"Authorization": f"Bearer {team.tokens[agent]}"},
        )
        return answer.status_code


async def _ana(team: Team, action: str, account: str, customer: str) -> int:  # noqa: F811
    return await _as(team, "ana", action, account, customer)


def test_the_chat_says_in_spanish_who_else_is_on_the_conversation_and_who_has_it(
    team: Team,  # noqa: F811
    spanish: None,
    window: MainWindow,
    account: Account,
    agent: Driver,
    qtbot: QtBot,
    run: Run,
) -> None:
    bar = window.team_bar
    agent.sync_agenda()
    agent.click_contact(0)
    assert bar.isHidden() and window.health.team_label.isHidden()  # solo mode: no line, no request
    assert not window.take_action.isEnabled()  # nothing to take without a team

    assert run(agent.session.workspace.team.join(team.servers[0], team.tokens["bruno"])) == "bruno"
    contact = window.selection.contact
    assert contact is not None
    assert run(_ana(team, "open", account.name, contact.phone)) == 200
    agent.click_contact(1)
    agent.click_contact(0)  # opened again, now in team mode
    assert window.take_action.isEnabled()
    qtbot.waitUntil(lambda: bar.isVisible() and "ana está en esta conversación" in bar.label.text(), timeout=3000)
    window.health.refresh()
    assert window.health.team_label.isVisible() and window.health.team_label.text() == "Equipo: siguiendo"

    assert run(_ana(team, "take", account.name, contact.phone)) == 200
    qtbot.waitUntil(lambda: "ana la tiene" in bar.label.text(), timeout=3000)
    posted: list[str] = []
    bar.notice.connect(posted.append)
    window.take_action.trigger()
    qtbot.waitUntil(lambda: posted == ["ana tiene esta conversación."], timeout=3000)


def test_join_a_team_refuses_a_wrong_token_in_one_sentence(team: Team, window: MainWindow, agent: Driver, qtbot: QtBot) -> None:  # noqa: F811
    dialog = window.show_join_team()
    dialog.url_edit.setText(team.servers[0])
    dialog.token_edit.setText("not-a-token")
    dialog.accept()
    qtbot.waitUntil(lambda: "refused this agent's token" in dialog.error.text(), timeout=5000)
    assert dialog.isVisible() and dialog.agent is None
    dialog.token_edit.setText(team.tokens["ana"])
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.agent == "ana", timeout=5000)
    qtbot.waitUntil(lambda: agent.session.workspace.team.joined)


NUMBERS = {"Lucía Gómez": "+5491155550101", "Marcos Ruiz": "+5491155550102", "Nora Paz": "+5491155550103"}


@pytest.fixture
def bruno_console(tmp_path: Path, run: Run, qtbot: QtBot) -> Iterator[tuple[MainWindow, ConsoleSession]]:
    """A second console, Bruno's, with its own data folder and sandbox, on the same team server."""
    (tmp_path / "bruno").mkdir()
    opened = run(open_session(tmp_path / "bruno", secrets=MemorySecrets(), heynow_config=FAST_SANDBOX, options=FAST_OPTIONS))
    main = MainWindow(opened.workspace, sandbox=opened.is_sandbox)
    run(opened.workspace.start_background())
    main.show()
    qtbot.waitExposed(main)
    yield main, opened
    main.shutdown()
    main.close()
    run(opened.close())


def _conversations(run: Run, session: ConsoleSession, names: list[str]) -> dict[str, int]:
    """Conversations with these customers on the Hey Now demo account (the same name and numbers on every console)."""
    for name in names:
        store_contact(run, session, DEMO_ACCOUNT, NUMBERS[name], name)

    async def start() -> dict[str, int]:
        account = await session.workspace.accounts.by_name(DEMO_ACCOUNT)
        return {name: (await session.workspace.new_conversations.start(account, NUMBERS[name])).conversation_id for name in names}

    return run(start())


def _open(window: MainWindow, qtbot: QtBot, conversation_id: int) -> None:
    window.inbox_pane.open_conversation(conversation_id)
    qtbot.waitUntil(lambda: window.team_bar.key is not None)


def _titles(window: MainWindow) -> list[str]:
    model = window.inbox_pane.model
    return sorted(row.contact_title for row in (model.row(i) for i in range(model.rowCount())) if row is not None)


def _keys(window: MainWindow, qtbot: QtBot, keys: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    sequence = QKeySequence(keys)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, sequence.key(), sequence.keyboardModifiers())


def test_bruno_transfers_to_ana_with_a_note_ana_sees_it_in_spanish_and_releases_it(
    team: Team,  # noqa: F811
    spanish: None,
    window: MainWindow,
    session: ConsoleSession,
    bruno_console: tuple[MainWindow, ConsoleSession],
    run: Run,
    qtbot: QtBot,
) -> None:
    ana, (bruno, bruno_session) = window, bruno_console
    assert not ana.team_bar.isVisible() and not ana.transfer_action.isVisible()  # solo mode: nothing of it
    assert run(ana._team.join(team.servers[0], team.tokens["ana"])) == "ana"
    assert run(bruno._team.join(team.servers[1], team.tokens["bruno"])) == "bruno"
    [on_ana] = _conversations(run, session, ["Lucía Gómez"]).values()
    [on_bruno] = _conversations(run, bruno_session, ["Lucía Gómez"]).values()
    _open(ana, qtbot, on_ana)
    _open(bruno, qtbot, on_bruno)

    bruno.take_action.trigger()
    qtbot.waitUntil(lambda: "La tiene usted" in bruno.team_bar.label.text() and bruno.team_bar.transfer_button.isVisible())
    qtbot.mouseClick(bruno.team_bar.transfer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bruno.findChild(TransferDialog) is not None)
    dialog = bruno.findChild(TransferDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.agent_combo.count() == 1 and dialog.ok_button.isEnabled())
    assert dialog.agent_combo.currentText() == "ana"  # the colleagues, Bruno himself left out
    qtbot.keyClicks(dialog.note_edit, "Pide factura A, ver ticket 88")
    began = time.monotonic()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    line = ana.team_bar.label
    handed = "bruno se la pasó a usted: «Pide factura A, ver ticket 88»"
    qtbot.waitUntil(lambda: "La tiene usted" in line.text() and handed in line.text())
    assert time.monotonic() - began < 2.0, "Ana's window learnt the transfer too late"
    passed = bruno.team_bar
    qtbot.waitUntil(lambda: "Usted se la pasó a ana" in passed.label.text() and not passed.release_button.isVisible())

    qtbot.waitUntil(ana.team_bar.release_button.isVisible)
    qtbot.mouseClick(ana.team_bar.release_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "La tiene usted" not in line.text() and not ana.team_bar.release_button.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: "la tiene" not in passed.label.text() and "Usted se la pasó" not in passed.label.text())

    # Bruno's Ctrl+Shift+P on a conversation nobody has: the server's refusal, one sentence in Spanish.
    _keys(bruno, qtbot, "Ctrl+Shift+P")
    qtbot.waitUntil(lambda: (found := bruno.findChild(TransferDialog)) is not None and found is not dialog and found.isVisible())
    refused = next(found for found in bruno.findChildren(TransferDialog) if found.isVisible())
    qtbot.waitUntil(refused.ok_button.isEnabled)
    qtbot.mouseClick(refused.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: refused.error.text() == "Nadie tiene esta conversación; tómela primero.")
    assert refused.isVisible()
    refused.reject()


def test_mine_unassigned_and_all_list_the_right_conversations_and_follow_a_release(
    team: Team,  # noqa: F811
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
) -> None:
    pane = window.inbox_pane
    _conversations(run, session, list(NUMBERS))
    qtbot.waitUntil(lambda: _titles(window) == sorted(NUMBERS))
    shortcuts = [text for text, _ in window.shortcuts()]
    assert not pane.hold_bar.isVisible() and "Show: Mine" not in shortcuts  # solo mode: no such filter
    _keys(window, qtbot, "Alt+7")
    assert _titles(window) == sorted(NUMBERS)

    assert run(window._team.join(team.servers[0], team.tokens["ana"])) == "ana"
    qtbot.waitUntil(pane.hold_bar.isVisible)
    assert "Show: Mine" in [text for text, _ in window.shortcuts()]
    lucia, marcos = (NUMBERS[name].lstrip("+") for name in ("Lucía Gómez", "Marcos Ruiz"))
    assert run(_ana(team, "take", DEMO_ACCOUNT, lucia)) == 200
    assert run(_as(team, "bruno", "take", DEMO_ACCOUNT, marcos)) == 200

    _keys(window, qtbot, "Alt+7")
    qtbot.waitUntil(lambda: _titles(window) == ["Lucía Gómez"], timeout=3000)
    _keys(window, qtbot, "Alt+8")
    qtbot.waitUntil(lambda: _titles(window) == ["Nora Paz"])
    _keys(window, qtbot, "Alt+9")
    qtbot.waitUntil(lambda: _titles(window) == sorted(NUMBERS))
    _keys(window, qtbot, "Alt+8")
    qtbot.waitUntil(lambda: _titles(window) == ["Nora Paz"])

    resets: list[bool] = []
    pane.model.modelReset.connect(lambda: resets.append(True))
    assert run(_as(team, "bruno", "release", DEMO_ACCOUNT, marcos)) == 200  # learnt from the change log, placed in the list
    qtbot.waitUntil(lambda: _titles(window) == ["Marcos Ruiz", "Nora Paz"], timeout=3000)
    assert resets == []
    qtbot.keyClicks(pane.filter_edit, "nora")  # combined with the search
    qtbot.waitUntil(lambda: _titles(window) == ["Nora Paz"])


def test_labels_typed_in_team_mode_go_through_the_server(
    team: Team,  # noqa: F811
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
) -> None:
    """`test_ui_team_shared`, on this module's servers."""
    from tests.ui.test_ui_team_shared import label_typed_through_the_team  # it imports this module's fixture

    label_typed_through_the_team(team, window, session, run, qtbot)


async def _transfer(team: Team, agent: str, account: str, customer: str, to: str, note: str) -> int:  # noqa: F811
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{team.servers[1]}/team/conversations/transfer",
            json={"account": account, "customer": customer, "to": to, "note": note},
            headers={"Authorization": f"Bearer {team.tokens[agent]}"},
        )
        return answer.status_code


def _holder(window: MainWindow, title: str) -> tuple[str | None, str]:
    """Who the inbox row of `title` says has it, and what a screen reader hears of the row."""
    model = window.inbox_pane.model
    for index in range(model.rowCount()):
        row = model.row(index)
        if row is not None and row.contact_title == title:
            return row.holder, str(model.data(model.index(index), Qt.ItemDataRole.AccessibleTextRole))
    return None, ""


def test_the_inbox_rows_name_who_has_each_and_a_conversation_passed_to_bruno_is_notified(
    team: Team,  # noqa: F811
    spanish: None,
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
) -> None:
    bruno = window
    assert run(bruno._team.join(team.servers[0], team.tokens["bruno"])) == "bruno"
    conversations = _conversations(run, session, ["Lucía Gómez", "Marcos Ruiz"])
    _open(bruno, qtbot, conversations["Marcos Ruiz"])
    lucia, marcos = (NUMBERS[name].lstrip("+") for name in ("Lucía Gómez", "Marcos Ruiz"))
    assert _holder(bruno, "Lucía Gómez")[0] is None

    assert run(_ana(team, "take", DEMO_ACCOUNT, lucia)) == 200
    qtbot.waitUntil(lambda: _holder(bruno, "Lucía Gómez")[0] == "ana", timeout=3000)
    assert "ana tiene esta conversación." in _holder(bruno, "Lucía Gómez")[1]
    assert _holder(bruno, "Marcos Ruiz") == (None, _holder(bruno, "Marcos Ruiz")[1])

    # Passed to Bruno while another conversation is open: a notification names who and the note.
    assert run(_transfer(team, "ana", DEMO_ACCOUNT, lucia, "bruno", "Pide factura A")) == 200
    said = "ana le pasó una conversación: Lucía Gómez · +54 9 11 5555-0101: «Pide factura A»"  # the contact's title
    qtbot.waitUntil(lambda: said in bruno.notices.texts(), timeout=3000)
    qtbot.waitUntil(lambda: _holder(bruno, "Lucía Gómez")[0] == "bruno")
    # The open one passed to him: no notification (he is looking at it).
    assert run(_ana(team, "take", DEMO_ACCOUNT, marcos)) == 200
    assert run(_transfer(team, "ana", DEMO_ACCOUNT, marcos, "bruno", "")) == 200
    qtbot.waitUntil(lambda: _holder(bruno, "Marcos Ruiz")[0] == "bruno", timeout=3000)
    assert [text for text in bruno.notices.texts() if "le pasó" in text] == [said]


def test_scrolling_back_a_team_conversation_brings_its_older_messages_and_history_lists_the_notes_versions(
    team: Team,  # noqa: F811
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
) -> None:
    from tests.ui.test_ui_team_history import older_messages_scrolled_in

    older_messages_scrolled_in(team, window, session, run, qtbot)

"""A team conversation's past in the window: scrolling to the top of what the console keeps
fetches the older messages from the team server, in order, until the first
(`older_messages_scrolled_in`, run by `test_ui_team` on its servers), and History… beside the note
lists every version with who wrote it; with the server out of reach the chat shows what it keeps
and says so once, and History… says so in one sentence."""

from __future__ import annotations

import time

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from console.domain.team import TeamAccount
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store import team as team_store
from console.store import team_accounts
from console.store.tables import AccountRow
from console.team_server.store import TeamStore
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from tests.test_relay import _free_port
from tests.test_team_history import START, fill_conversation
from tests.test_team_server import Team
from tests.ui.support import Run

TEAM_ACCOUNT = "Historia equipo"


def _mirror(session: Session) -> int:
    team_accounts.mirror(session, [TeamAccount(TEAM_ACCOUNT, "heynow", {})])
    account_id = session.exec(select(AccountRow.id).where(AccountRow.name == TEAM_ACCOUNT)).one()
    assert account_id is not None
    return account_id


def _open(window: MainWindow, conversation_id: int, qtbot: QtBot) -> None:
    window.inbox_pane.open_conversation(conversation_id)
    qtbot.waitUntil(lambda: window.selection.contact is not None and not window.chat_pane.loading)


def _bodies(window: MainWindow) -> list[str]:
    model = window.chat_pane.model
    return [model.message(row).body for row in range(model.rowCount())]


def test_out_of_reach_the_chat_shows_what_it_keeps_says_so_once_and_the_history_says_why(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    run(session.workspace.db.run(team_store.join, f"http://127.0.0.1:{_free_port()}", "bruno"))
    session.workspace.secrets.set("team server", "agent token", "t0ken")

    def stored(db_session: Session) -> int:
        account_id = _mirror(db_session)
        contact_id = contact_queries.ensure_contact(db_session, account_id, "59899000111", "59899000111", "Lucía Gómez")
        for n in range(3):
            message_queries.record_incoming(db_session, account_id, contact_id, f"hola {n}", f"in-{n}", START)
        conversation_id = message_queries.conversation_for_contact(db_session, account_id, contact_id)
        assert conversation_id is not None
        return conversation_id

    notices: list[str] = []
    window.chat_pane.notice.connect(notices.append)
    _open(window, run(session.workspace.db.run(stored)), qtbot)
    qtbot.waitUntil(lambda: len(notices) == 1, timeout=5000)
    assert notices[0].startswith("Older messages could not be fetched from the team server: The team server")
    for _ in range(5):  # scrolling to the top again asks nobody until the server answers
        window.chat_pane.list.verticalScrollBar().setValue(0)
        window.chat_pane._fill_view()
        qtbot.wait(50)
    assert len(notices) == 1 and _bodies(window) == ["hola 0", "hola 1", "hola 2"]

    panel = window.notes_panel
    qtbot.waitUntil(panel.history_button.isVisible)
    qtbot.mouseClick(panel.history_button, Qt.MouseButton.LeftButton)
    dialog = panel.history
    assert dialog is not None
    qtbot.waitUntil(
        lambda: dialog.status.text() == "The team server cannot be reached, so the note's earlier versions cannot be shown now."
    )
    assert dialog.edits.count() == 0


def test_in_team_mode_a_note_of_the_consoles_own_account_has_no_history(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    run(session.workspace.db.run(team_store.join, f"http://127.0.0.1:{_free_port()}", "bruno"))
    session.workspace.secrets.set("team server", "agent token", "t0ken")
    account = window.selection.account
    assert account is not None and run(session.workspace.db.run(team_store.link)) is not None

    async def start() -> int:
        return (await session.workspace.new_conversations.start(account, "+59899111222")).conversation_id

    _open(window, run(start()), qtbot)
    panel = window.notes_panel
    qtbot.waitUntil(lambda: panel.note_edit.isEnabled())
    qtbot.wait(200)  # the panel has asked whether the note has a history
    assert panel.history_button.isHidden()


def older_messages_scrolled_in(team: Team, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot) -> None:
    """230 messages on the server: the window joined as Bruno shows the newest 50, and scrolling
    to the top brings the rest, in order, the oldest first at the top; Ana's two versions of the
    note show in History…, newest first, with her name."""
    customer = f"5989{time.time_ns() % 10**7:07d}"
    store = TeamStore.open(team.database_url)
    try:
        bodies = fill_conversation(store.engine, TEAM_ACCOUNT, customer, 230)
    finally:
        store.close()
    run(session.workspace.db.run(_mirror))
    assert run(window._team.join(team.servers[0], team.tokens["bruno"])) == "bruno"

    def conversation(db_session: Session) -> int | None:
        contact = db_session.exec(select(contact_queries.ContactRow).where(contact_queries.ContactRow.phone == customer)).first()
        if contact is None or contact.id is None:
            return None
        return message_queries.conversation_for_contact(db_session, contact.account_id, contact.id)

    qtbot.waitUntil(lambda: run(session.workspace.db.run(conversation)) is not None, timeout=5000)
    conversation_id = run(session.workspace.db.run(conversation))
    assert conversation_id is not None
    _open(window, conversation_id, qtbot)
    pane = window.chat_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() >= 50)
    assert _bodies(window)[-1] == bodies[-1]

    def scrolled_to_the_first() -> bool:
        pane.list.verticalScrollBar().setValue(0)
        return _bodies(window) == bodies

    qtbot.waitUntil(scrolled_to_the_first, timeout=10_000)

    async def ana_writes(text: str) -> int:
        async with httpx.AsyncClient() as http:
            answer = await http.post(
                f"{team.servers[1]}/team/notes",
                json={"account": TEAM_ACCOUNT, "customer": customer, "text": text},
                headers={"Authorization": f"Bearer {team.tokens['ana']}"},
            )
        return answer.status_code

    assert run(ana_writes("Pide factura A")) == 200
    assert run(ana_writes("Pide factura B")) == 200
    panel = window.notes_panel
    qtbot.waitUntil(panel.history_button.isVisible)
    qtbot.mouseClick(panel.history_button, Qt.MouseButton.LeftButton)
    dialog = panel.history
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.edits.count() == 2, timeout=5000)
    shown = [dialog.edits.item(row).text() for row in range(2)]
    assert [line.split("\n")[1] for line in shown] == ["Pide factura B", "Pide factura A"]
    assert all(line.startswith("ana, ") for line in shown) and dialog.status.text() == ""

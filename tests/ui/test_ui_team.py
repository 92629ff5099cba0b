"""The window in team mode, against two real `centralita server` processes on PostgreSQL:
the chat says, in Spanish, who else is on the open conversation and who has it, and the
Take action tells who won. Without a team the line stays hidden and nothing is asked."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from console.domain.accounts import Account
from console.ui.i18n import SOURCE_LANGUAGE, Translations, compile_catalogues
from console.ui.main_window import MainWindow
from tests.test_relay import postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_server import Team, team  # noqa: F401 - the two servers' fixture
from tests.ui.support import Driver, Run


@pytest.fixture
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    translations = Translations(compile_catalogues(cache_dir=tmp_path_factory.mktemp("qm")))
    translations.apply("es")
    yield
    translations.apply(SOURCE_LANGUAGE)
    QLocale.setDefault(QLocale.system())


async def _ana(team: Team, action: str, account: str, customer: str) -> int:  # noqa: F811
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{team.servers[1]}/team/conversations/{action}",
            json={"account": account, "customer": customer},
            headers={"Authorization": f"Bearer {team.tokens['ana']}"},
        )
        return answer.status_code


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

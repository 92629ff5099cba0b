"""The timeline pane: a sent message's events arriving live with the time between steps, the
account's day chart by state, the export of a message's history, and providers that report
no delivery states."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from console.domain.accounts import ProviderKind
from console.domain.lifecycle import DeliveryState
from console.ui.labels import delivery_state
from console.ui.main_window import MainWindow
from console.ui.models.timeline import TimelineTableModel
from console.ui.session import ConsoleSession
from console.ui.timeline.steps import step_text
from tests.ui.support import Driver, Run

OUTSIDER = "59899123456"  # never wrote to the demo channel: Hey Now refuses it
STEP = re.compile(r"^\+(\d+ ms|\d+[.,]\d s|\d+ s)$")


def shown_states(window: MainWindow) -> list[str]:
    model = window.timeline_pane.model
    return [model.index(row, TimelineTableModel.STATE).data() for row in range(model.rowCount())]


def bar_totals(window: MainWindow) -> dict[DeliveryState, int]:
    sets = window.timeline_pane.chart.bar_sets
    return {state: round(sum(bar.at(i) for i in range(bar.count()))) for state, bar in sets.items()}


def send_from_window(agent: Driver, text: str) -> None:
    agent.sync_agenda()
    agent.click_contact(2)
    agent.type_message(text)
    agent.click_send()


def test_events_arrive_live_with_the_time_between_steps(agent: Driver, window: MainWindow, qtbot: QtBot) -> None:
    model = window.timeline_pane.model
    seen: list[list[str]] = []
    model.modelReset.connect(lambda: seen.append(shown_states(window)))

    send_from_window(agent, "Hola, tu pedido esta en camino")
    read = delivery_state(DeliveryState.READ)
    qtbot.waitUntil(lambda: read in shown_states(window), timeout=10_000)

    states = shown_states(window)
    assert states[:2] == [delivery_state(DeliveryState.PENDING), delivery_state(DeliveryState.ACCEPTED)]
    assert states[-1] == read
    # The pane grew while the message progressed, not only once at the end.
    grown = [snapshot for snapshot in seen if snapshot and read not in snapshot]
    assert {snapshot[-1] for snapshot in grown} >= {delivery_state(DeliveryState.ACCEPTED)}
    assert len({len(snapshot) for snapshot in seen if snapshot}) >= 3

    steps = [model.index(row, TimelineTableModel.STEP).data() for row in range(model.rowCount())]
    assert steps[0] == ""
    for row in range(1, model.rowCount()):
        assert STEP.match(steps[row]), steps
        gap = model.state_event(row).at - model.state_event(row - 1).at
        assert steps[row] == step_text(gap)
    header = window.timeline_pane.header.text()
    assert "Hola, tu pedido esta en camino" in header and read in header
    assert window.timeline_pane.no_reports.isHidden()


def test_the_day_chart_counts_the_accounts_messages_by_state(
    agent: Driver, window: MainWindow, session: ConsoleSession, qtbot: QtBot, run: Run
) -> None:
    qtbot.waitUntil(lambda: "No messages" in window.timeline_pane.chart.chart().title())
    assert window.timeline_pane.chart.bar_sets == {}

    send_from_window(agent, "Hola")
    account = window.selection.account
    assert account is not None
    refused = run(session.workspace.outbox.send_text(account, OUTSIDER, "Hola"))
    assert refused.state is DeliveryState.FAILED

    expected = {DeliveryState.READ: 1, DeliveryState.FAILED: 1}
    qtbot.waitUntil(lambda: bar_totals(window) == expected, timeout=10_000)
    chart = window.timeline_pane.chart.chart()
    [series] = chart.series()
    assert [bar.color() for bar in series.barSets()] == [bar.color() for bar in window.timeline_pane.chart.bar_sets.values()]
    assert [bar.label() for bar in series.barSets()] == [
        f"{delivery_state(DeliveryState.READ)} (1)",
        f"{delivery_state(DeliveryState.FAILED)} (1)",
    ]
    hours = next(axis for axis in chart.axes(Qt.Orientation.Horizontal))
    hour = f"{refused.created_at.astimezone().hour:02d}"
    assert hour in hours.categories()
    failed = window.timeline_pane.chart.bar_sets[DeliveryState.FAILED]
    assert failed.at(hours.categories().index(hour)) == 1
    assert account.name in chart.title()


def test_chart_refreshes_at_most_once_a_second(
    window: MainWindow, session: ConsoleSession, qtbot: QtBot, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = session.workspace.history
    calls: list[int] = []
    original = history.day_chart

    async def counted(account_id: int, now=None):  # noqa: ANN001, ANN202
        calls.append(account_id)
        return await original(account_id, now)

    monkeypatch.setattr(history, "day_chart", counted)
    account = window.selection.account
    assert account is not None
    started = time.monotonic()
    for _ in range(8):
        run(session.workspace.outbox.send_text(account, OUTSIDER, "Hola"))
    qtbot.waitUntil(lambda: bar_totals(window) == {DeliveryState.FAILED: 8}, timeout=5_000)
    qtbot.wait(1200)
    elapsed = time.monotonic() - started
    assert 1 <= len(calls) <= 1 + int(elapsed), (calls, elapsed)


def test_export_writes_the_message_history_to_the_chosen_file(
    agent: Driver, window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane = window.timeline_pane
    assert not pane.export_button.isEnabled()
    send_from_window(agent, "Hola, recibiste la factura?")
    qtbot.waitUntil(lambda: delivery_state(DeliveryState.READ) in shown_states(window), timeout=10_000)

    target = tmp_path / "disputa.json"
    asked: list[str] = []

    def choose(parent: object, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    assert pane.export_button.isEnabled()
    qtbot.mouseClick(pane.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.feedback.isVisible() and str(target) in pane.feedback.text())

    assert asked and asked[0].endswith(f"message-{window.selection.message_id}-history.json")
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["message"]["id"] == window.selection.message_id
    assert document["message"]["body"] == "Hola, recibiste la factura?"
    states = [delivery_state(DeliveryState(event["state"])) for event in document["events"]]
    assert states == shown_states(window)
    assert all(event["at"].endswith("Z") for event in document["events"])


def test_export_tells_when_the_file_cannot_be_written(
    agent: Driver, window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane = window.timeline_pane
    send_from_window(agent, "Hola")
    qtbot.waitUntil(lambda: pane.model.rowCount() >= 2)
    missing = tmp_path / "no-such-folder" / "h.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_: (str(missing), "")))
    qtbot.mouseClick(pane.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.feedback.isVisible() and "Could not save" in pane.feedback.text())
    assert not missing.exists()


def test_a_provider_without_delivery_reports_says_so(window: MainWindow, session: ConsoleSession, qtbot: QtBot, run: Run) -> None:
    server = session.sandbox
    assert server is not None and server.sandbox is not None
    webhook = server.root_url + server.call(server.sandbox.timelinesai.webhook_url, "demo")
    accounts = session.workspace.accounts
    account = run(accounts.add_account("Soporte", ProviderKind.TIMELINESAI, {"webhook_url": webhook}))
    message = run(session.workspace.outbox.send_text(account, "+59899123456", "Hola"))

    pane = window.timeline_pane
    window.selection.set_message(message.id)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)
    assert pane.no_reports.isVisible()
    assert "This provider reports no delivery states" in pane.no_reports.text()
    assert "reports no delivery states" in pane.model.index(2, TimelineTableModel.DETAIL).data()

    window.selection.set_message(None)
    assert pane.no_reports.isHidden()
    assert not pane.export_button.isEnabled()


def test_the_day_chart_is_counted_once_its_pane_is_shown(
    session: ConsoleSession, qtbot: QtBot, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built before it is shown (the live window at start, a closed Timeline dock), the chart does not
    put its count on the database thread ahead of the inbox's and chat's first pages; shown, it counts."""
    history = session.workspace.history
    calls: list[int] = []
    original = history.day_chart

    async def counted(account_id: int, now=None):  # noqa: ANN001, ANN202
        calls.append(account_id)
        return await original(account_id, now)

    monkeypatch.setattr(history, "day_chart", counted)
    account = run(session.workspace.accounts.list())[0]
    window = MainWindow(session.workspace, sandbox=session.is_sandbox, account=account)
    qtbot.addWidget(window)
    qtbot.wait(100)
    assert calls == []
    window.show()
    qtbot.waitUntil(lambda: calls == [account.id])
    qtbot.waitUntil(lambda: account.name in window.timeline_pane.chart.chart().title())
    window.shutdown()

"""The timeline shows what the provider said behind each event, as a tooltip on its raw state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.domain.lifecycle import DeliveryState, EventSource
from console.ui.labels import delivery_state
from console.ui.main_window import MainWindow
from console.ui.models.timeline import PAYLOAD_PREVIEW_LINES, PAYLOAD_PREVIEW_WIDTH, TimelineTableModel, payload_preview
from tests.ui.support import Driver


def raw_tooltips(window: MainWindow) -> dict[EventSource, list[tuple[str | None, str | None]]]:
    """Per source, each event's (raw state, tooltip of its raw-state cell)."""
    model = window.timeline_pane.table.model()
    assert isinstance(model, TimelineTableModel)
    tips: dict[EventSource, list[tuple[str | None, str | None]]] = {}
    for row in range(model.rowCount()):
        event = model.state_event(row)
        tip = model.index(row, TimelineTableModel.RAW).data(Qt.ItemDataRole.ToolTipRole)
        tips.setdefault(event.source, []).append((event.raw_state, tip))
    return tips


def test_the_raw_state_of_an_event_shows_the_providers_answer(agent: Driver, window: MainWindow, qtbot: QtBot) -> None:
    agent.sync_agenda()
    agent.click_contact(2)
    agent.type_message("Hola, ¿recibiste el pedido?")
    agent.click_send()
    read = delivery_state(DeliveryState.READ)
    model = window.timeline_pane.model
    qtbot.waitUntil(
        lambda: read in [model.index(r, TimelineTableModel.STATE).data() for r in range(model.rowCount())], timeout=10_000
    )

    tips = raw_tooltips(window)
    [(_, answer)] = tips[EventSource.RESPONSE]
    assert answer is not None and answer.startswith("What the provider said")
    assert '"idMessageHey"' in answer
    polls = tips[EventSource.POLL]
    assert polls[-1][0] == "LU"
    # Hey Now answers a status call with a bare JSON string, shown as it came.
    assert all(tip is not None and tip.endswith(f'\n"{raw}"') for raw, tip in polls)
    # The console's own events had no provider behind them: their tooltip is the raw state shown.
    assert [tip for _, tip in tips[EventSource.LOCAL]] == ["—"] * len(tips[EventSource.LOCAL])


def test_a_long_payload_is_previewed_not_dumped() -> None:
    payload = "{" + ",".join(f'"k{i}": {i}' for i in range(500)) + "}"
    preview = payload_preview(payload)
    assert preview.splitlines()[:2] == ["{", '  "k0": 0,']
    assert len(preview.splitlines()) == PAYLOAD_PREVIEW_LINES + 1 and preview.endswith("…")
    assert payload_preview('"RU"') == '"RU"'
    assert payload_preview("not json") == "not json"
    wrapped = payload_preview("x" * 300).splitlines()
    assert [len(line) for line in wrapped] == [PAYLOAD_PREVIEW_WIDTH, PAYLOAD_PREVIEW_WIDTH, 60]

"""The template tab fetches a WhatsApp Cloud API account's templates from the (simulated)
account, and says which ones Meta has not approved."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.ui.main_window import MainWindow
from console.ui.selection import Selection
from console.ui.sender.draft import TemplateDraft
from console.ui.sender.template_tab import TemplateTab
from console.ui.session import BROADCASTERBOT_DEMO, CLOUDAPI_DEMO, ConsoleSession
from tests.ui.support import Run


def test_fetch_fills_the_catalogue_with_each_templates_review_status(session: ConsoleSession, run: Run, qtbot: QtBot) -> None:
    workspace = session.workspace
    cloud = run(workspace.accounts.by_name(CLOUDAPI_DEMO))
    other = run(workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    selection = Selection()
    tab = TemplateTab(workspace.outbox, workspace.accounts, workspace.templates, selection, TemplateDraft())
    qtbot.addWidget(tab)
    tab.show()

    selection.set_account(other)
    assert not tab.fetch_button.isVisible()  # Broadcasterbot lists no templates to fetch
    selection.set_account(cloud)
    assert tab.fetch_button.isVisible() and tab.template_combo.count() == 0
    qtbot.mouseClick(tab.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.template_combo.count() == 6, timeout=10_000)
    labels = [tab.template_combo.itemText(i) for i in range(tab.template_combo.count())]
    assert "bienvenida · es" in labels
    assert "recordatorio_turno · es · pending review" in labels
    assert "promo_verano · es · rejected" in labels
    assert "pedido_enviado · es · image" in labels



def test_a_review_from_meta_updates_the_list_and_keeps_what_is_filled_in(
    session: ConsoleSession, window: MainWindow, run: Run, qtbot: QtBot
) -> None:
    """Meta approves `recordatorio_turno` while the agent fills it in: its webhook reaches the
    embedded relay, the list drops "pending review" and the typed value stays."""
    assert session.sandbox is not None
    cloud = run(session.workspace.accounts.by_name(CLOUDAPI_DEMO))
    tab = window.sender_pane.templates
    window.selection.set_account(cloud)
    qtbot.mouseClick(tab.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.template_combo.count() == 6, timeout=10_000)
    labels = [tab.template_combo.itemText(i) for i in range(tab.template_combo.count())]
    tab.template_combo.setCurrentIndex(labels.index("recordatorio_turno · es · pending review"))
    tab.form.param_edits[0].setText("martes 10:00")

    review = {"name": "recordatorio_turno", "language": "es", "status": "APPROVED"}
    answer = httpx.post(f"{session.sandbox.root_url}/_sandbox/cloudapi/template-status", json=review, timeout=5)
    assert answer.status_code == 200
    qtbot.waitUntil(lambda: tab.template_combo.currentText() == "recordatorio_turno · es", timeout=10_000)
    assert tab.form.param_edits[0].text() == "martes 10:00"

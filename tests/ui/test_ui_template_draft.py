"""The template draft the template and bulk tabs share: the template tab writes it, the
bulk tab works from it alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.domain.content import TemplateContent
from console.ui.selection import Selection
from console.ui.sender.bulk_tab import BulkTab
from console.ui.sender.draft import TemplateDraft
from console.ui.sender.template_tab import TemplateTab
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession
from tests.ui.sender_support import ORDER_READY, registered_numbers
from tests.ui.support import Run


def test_the_template_tab_writes_the_chosen_template_and_its_values_to_the_draft(
    session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    workspace = session.workspace
    account = run(workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    run(workspace.templates.add(account, ORDER_READY))
    draft, selection = TemplateDraft(), Selection()
    tab = TemplateTab(workspace.outbox, workspace.accounts, workspace.templates, selection, draft)
    qtbot.addWidget(tab)
    changes: list[None] = []
    draft.changed.connect(lambda: changes.append(None))

    selection.set_account(account)
    qtbot.waitUntil(lambda: draft.template is not None)
    assert draft.account == account and draft.template == ORDER_READY
    qtbot.keyClicks(tab.form.param_edits[0], "Ana")
    assert draft.content is not None and draft.content.params == ("Ana", "")
    assert len(changes) >= 4  # one per change: the account, the template, each letter


def test_the_bulk_tab_reads_recipients_for_the_drafted_template_only(
    session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    workspace = session.workspace
    account = run(workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    draft = TemplateDraft()
    bulk = BulkTab(workspace.bulk, workspace.accounts, draft)
    qtbot.addWidget(bulk)
    assert bulk.template_label.text() == "Choose a template in the Template tab first."

    draft.update(account, ORDER_READY, TemplateContent(ORDER_READY.name, ("", ""), language=ORDER_READY.language))
    assert bulk.template_label.text() == "Template: pedido_listo"
    numbers = registered_numbers(session)[:2]
    QApplication.clipboard().setText("\n".join(f"{n};Cliente {i};P-{i}" for i, n in enumerate(numbers)))
    bulk.recipients_edit.setFocus()
    qtbot.keyClick(bulk.recipients_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bulk.parse_label.text() == bulk.tr("%n recipient(s)", "", 2), timeout=5000)
    assert bulk.start_button.isEnabled()

    draft.update(account, None, None)  # the agent cleared the template
    assert bulk.template_label.text() == "Choose a template in the Template tab first."
    assert not bulk.start_button.isEnabled()

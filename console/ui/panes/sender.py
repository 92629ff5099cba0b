"""Sender pane: the composer, the template sender and bulk runs, as tabs; the last two
share the template being filled in (`TemplateDraft`).

The main window connects the chat pane's `session_window_changed` to
`set_session_window`, and its Ctrl+T action to `show_templates`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget

from console.services.accounts import AccountService
from console.services.bots import BotBridge
from console.services.bulk import BulkService
from console.services.outbox import Outbox
from console.services.quick_replies import QuickReplyService
from console.services.templates import TemplateService
from console.ui.selection import Selection
from console.ui.sender.bulk_tab import BulkTab
from console.ui.sender.composer import ComposerTab
from console.ui.sender.draft import TemplateDraft
from console.ui.sender.feedback import FeedbackLabel
from console.ui.sender.template_tab import TemplateTab

if TYPE_CHECKING:
    from console.domain.sessions import SessionWindow


SEND_KEYS = (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"))  # the main key and the keypad's


class SenderPane(QWidget):
    notice = Signal(str)
    sent = Signal(object)  # MessageSummary: a text or a template the provider accepted

    def __init__(
        self,
        outbox: Outbox,
        accounts: AccountService,
        bots: BotBridge,
        templates: TemplateService,
        bulk: BulkService,
        quick_replies: QuickReplyService,
        selection: Selection,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.composer = ComposerTab(outbox, accounts, bots, quick_replies, selection)
        self.draft = TemplateDraft(self)
        self.templates = TemplateTab(outbox, accounts, templates, selection, self.draft)
        self.bulk = BulkTab(bulk, accounts, self.draft)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Ways to send"))
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.composer, self.tr("Message"))
        self.tabs.addTab(self.templates, self.tr("Template"))
        self.tabs.addTab(self.bulk, self.tr("Send to many"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        for tab in (self.composer, self.templates, self.bulk):
            tab.notice.connect(self.notice)
        self.composer.templates_requested.connect(self.show_templates)
        self.composer.sent.connect(self.sent)
        self.templates.sent.connect(self.sent)
        for keys in SEND_KEYS:
            QShortcut(keys, self, self.send_current, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.templates.bulk_requested.connect(self.show_bulk)
        self.bulk.resume_bar_shown.connect(self.show_bulk)

    # The composer's widgets, where the rest of the window and its tests reach them.
    @property
    def text_edit(self) -> QPlainTextEdit:
        return self.composer.text_edit

    @property
    def send_button(self) -> QPushButton:
        return self.composer.send_button

    @property
    def feedback(self) -> FeedbackLabel:
        return self.composer.feedback

    def take_over(self, other: SenderPane) -> None:
        """Everything the agent had in `other`, the pane of the window this one replaces (a
        language switch): the text, the template form, the bulk recipients and summary, the tab."""
        self.text_edit.setPlainText(other.text_edit.toPlainText())
        self.templates.carry_over(other.templates.form.content())
        self.bulk.take_over(other.bulk)
        self.tabs.setCurrentIndex(other.tabs.currentIndex())

    def send_current(self) -> None:
        """Ctrl+Enter: send what the open tab holds, a text or a template (bulk runs start
        with their own button, never by a key)."""
        if self.tabs.currentWidget() is self.composer:
            self.composer.send_or_forward()
        elif self.tabs.currentWidget() is self.templates:
            self.templates.send()

    def set_session_window(self, state: SessionWindow | None) -> None:
        """Follow the open conversation's 24 h window (None: the provider has none)."""
        self.composer.set_session_window(state)

    def show_composer(self) -> None:
        self.tabs.setCurrentWidget(self.composer)
        self.composer.text_edit.setFocus()

    def show_templates(self) -> None:
        """Ctrl+T: the template tab, ready to choose a template."""
        self.tabs.setCurrentWidget(self.templates)
        self.templates.template_combo.setFocus()

    def show_bulk(self) -> None:
        self.tabs.setCurrentWidget(self.bulk)

"""The template being filled in, shared by the tabs that send it.

The template tab writes it as the agent chooses a template and types its values; the
bulk tab reads it to check recipients and start a run. Neither tab knows the other.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.domain.accounts import Account
from console.domain.content import TemplateContent
from console.domain.templates import Template


class TemplateDraft(QObject):
    changed = Signal()  # the account, the template or its values changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._account: Account | None = None
        self._template: Template | None = None
        self._content: TemplateContent | None = None

    @property
    def account(self) -> Account | None:
        """The account the template belongs to."""
        return self._account

    @property
    def template(self) -> Template | None:
        return self._template

    @property
    def content(self) -> TemplateContent | None:
        """The template with the values typed so far; None with no template chosen."""
        return self._content

    def update(self, account: Account | None, template: Template | None, content: TemplateContent | None) -> None:
        self._account, self._template, self._content = account, template, content
        self.changed.emit()

"""What the agent is working on: the account, the contact and the message, shared by the panes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.domain.accounts import Account
from console.domain.contact_views import ContactView


class Selection(QObject):
    """Panes set and follow the current selection here instead of knowing each other."""

    account_changed = Signal(object)  # Account | None
    contact_changed = Signal(object)  # ContactView | None
    message_changed = Signal(object)  # message id (int) | None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._account: Account | None = None
        self._contact: ContactView | None = None
        self._message_id: int | None = None

    @property
    def account(self) -> Account | None:
        return self._account

    @property
    def contact(self) -> ContactView | None:
        return self._contact

    @property
    def message_id(self) -> int | None:
        return self._message_id

    def set_account(self, account: Account | None) -> None:
        if account == self._account:
            return
        previous_id = None if self._account is None else self._account.id
        switched = previous_id != (None if account is None else account.id)
        self._account = account
        self.account_changed.emit(account)
        if switched:
            self.set_contact(None)

    def set_contact(self, contact: ContactView | None) -> None:
        if contact == self._contact:
            return
        self._contact = contact
        self.contact_changed.emit(contact)
        self.set_message(None)

    def set_message(self, message_id: int | None) -> None:
        if message_id == self._message_id:
            return
        self._message_id = message_id
        self.message_changed.emit(message_id)

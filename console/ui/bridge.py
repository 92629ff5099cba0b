"""The workspace's `Topics` as Qt signals, so views observe services the Qt way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from console.services.topics import Topics


class TopicsBridge(QObject):
    """Re-emits every topic; a signal crossing threads is queued to the receiver's thread."""

    message_changed = Signal(object)  # MessageSummary
    account_health = Signal(object)  # HealthChanged
    accounts_changed = Signal()
    agenda_changed = Signal(object)  # AgendaChanged
    unread_changed = Signal(object)  # UnreadChanged
    conversation_changed = Signal(object)  # ConversationChanged
    callback_problem = Signal(object)  # CallbackProblem
    templates_changed = Signal(int)  # the account id
    team_changed = Signal(object)  # TeamConversationChanged
    team_agent = Signal(object)  # the agent's name in team mode, None in solo mode
    bulk_run_changed = Signal(int)  # a bulk run the team server owns moved (the local run's id)
    team_offline = Signal(object)  # why the team server cannot be reached (a Notice); None when it can again
    team_passed = Signal(object)  # PassedToYou

    def __init__(self, topics: Topics, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribers: list[Callable[[], None]] = [
            topics.message_changed.subscribe(self.message_changed.emit),
            topics.account_health.subscribe(self.account_health.emit),
            topics.accounts_changed.subscribe(lambda _: self.accounts_changed.emit()),
            topics.agenda_changed.subscribe(self.agenda_changed.emit),
            topics.unread_changed.subscribe(self.unread_changed.emit),
            topics.conversation_changed.subscribe(self.conversation_changed.emit),
            topics.callback_problem.subscribe(self.callback_problem.emit),
            topics.templates_changed.subscribe(self.templates_changed.emit),
            topics.team_changed.subscribe(self.team_changed.emit),
            topics.team_agent.subscribe(self.team_agent.emit),
            topics.bulk_run_changed.subscribe(self.bulk_run_changed.emit),
            topics.team_offline.subscribe(self.team_offline.emit),
            topics.team_passed.subscribe(self.team_passed.emit),
        ]

    def detach(self) -> None:
        """Stop listening; the workspace may outlive the window."""
        for unsubscribe in self._unsubscribers:
            unsubscribe()
        self._unsubscribers.clear()

"""In team mode, a line under the chat's header: who else is on this conversation, who has
it and, when a colleague passed it on, who did and their note, as the team server's change
log said; taking, transferring (the window's dialog) and releasing it. Hidden in solo mode.

Opening a conversation tells the server (the service renews it while it stays open).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from console.domain.contact_views import ContactView
from console.domain.notices import NoticeError
from console.domain.team import ConversationTeam, handover_notice
from console.services.team import TeamService
from console.services.topics import TeamConversationChanged
from console.ui.bridge import TopicsBridge
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder
from console.ui.wording import say

SHOW, TAKE, RELEASE = "show", "take", "release"
REFRESH_MS = 15_000  # a colleague's presence ends when it expires, with no change to say so


class TeamBar(QWidget):
    notice = Signal(str)
    takeable = Signal(bool)  # a conversation is open in team mode: Take has something to ask

    def __init__(self, team: TeamService, bridge: TopicsBridge, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._team = team
        self._selection = selection
        self._tasks = TaskHolder(self)
        self._key: tuple[str, str] | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Team"))
        # The holder's own buttons; the window's Go menu has them too, with their keys.
        self.transfer_button = QPushButton(self.tr("Transfer…"))
        self.transfer_button.setToolTip(self.tr("Pass this conversation to a colleague, with a note"))
        self.release_button = QPushButton(self.tr("Release"))
        self.release_button.setToolTip(self.tr("Let this conversation go: nobody has it"))
        self.release_button.clicked.connect(self.release)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.transfer_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.release_button, 0, Qt.AlignmentFlag.AlignTop)
        self._show_buttons(False)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        bridge.team_changed.connect(self._on_team_changed)
        selection.contact_changed.connect(self._on_contact)
        self.hide()

    @property
    def key(self) -> tuple[str, str] | None:
        """The open conversation as the team server knows it (account name, customer); None in solo mode."""
        return self._key

    def _on_contact(self, contact: ContactView | None) -> None:
        account = self._selection.account
        if contact is None or account is None or contact.account_id != account.id or not self._team.joined:
            self._key = None
            self._team.closed()
            self.hide()
            self.takeable.emit(False)
            return
        self._key = (account.name, contact.phone)
        self.takeable.emit(True)
        self._team.opened(*self._key)
        self.refresh()

    def _on_team_changed(self, changed: TeamConversationChanged) -> None:
        if (changed.account, changed.customer) == self._key:
            self.refresh()

    def refresh(self) -> None:
        if self._key is not None:
            self._tasks.start(SHOW, self._show(self._key))

    async def _show(self, key: tuple[str, str]) -> None:
        found = await self._team.conversation(*key)
        if key != self._key:
            return
        text = "" if found is None else self.describe(found)
        self.label.setText(text)
        self.label.setToolTip(found.handover.note if found is not None and found.handover is not None else "")
        self._show_buttons(found is not None and found.holder is not None and found.holder == self._team.agent)
        self.setVisible(bool(text))

    def _show_buttons(self, mine: bool) -> None:
        self.transfer_button.setVisible(mine)
        self.release_button.setVisible(mine)

    def describe(self, found: ConversationTeam) -> str:
        """The line shown: the colleagues on it, then who has it; empty when it concerns nobody else."""
        me = self._team.agent
        parts = []
        others = [agent for agent in found.present if agent != me]
        if others:
            parts.append(self.tr("{names} is on this conversation", "", len(others)).format(names=", ".join(others)))
        if found.holder is not None:
            parts.append(self.tr("You have it") if found.holder == me else self.tr("{name} has it").format(name=found.holder))
        if found.handover is not None:
            parts.append(say(handover_notice(found.handover, me)))
        return " · ".join(parts)

    def take(self) -> None:
        """Ask the server for the open conversation; who has it, when another does."""
        if self._key is not None and not self._tasks.running(TAKE):
            self._tasks.start(TAKE, self._take(self._key))

    async def _take(self, key: tuple[str, str]) -> None:
        try:
            await self._team.take(*key)
        except NoticeError as error:  # another has it (named), or the server out of reach
            self.notice.emit(say(error))
        self.refresh()

    def release(self) -> None:
        """Let the open conversation go; the server's refusal, when it is not this agent's."""
        if self._key is not None and not self._tasks.running(RELEASE):
            self._tasks.start(RELEASE, self._release(self._key))

    async def _release(self, key: tuple[str, str]) -> None:
        try:
            await self._team.release(*key)
        except NoticeError as error:
            self.notice.emit(say(error))
        self.refresh()

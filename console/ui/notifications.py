"""Desktop notifications for what the agent may be missing: a customer's message, a failed
send, a callback set aside.

Nothing is announced for the conversation open in front of the agent. The decision is
made here; the system tray shows it where the desktop has one, and the window's notice
area shows it always (it listens to `posted`, which says whether it is a warning).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from console.domain.contact_views import ContactView
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.team import PASSED_YOU_ONE, WITH_NOTE
from console.services.conversations import ConversationService
from console.services.topics import CallbackProblem, PassedToYou
from console.ui.bridge import TopicsBridge
from console.ui.labels import contact_title, message_line
from console.ui.models.set_aside import provider_title
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder
from console.ui.wording import say

PREVIEW_CHARS = 120
REMEMBERED = 1000  # message ids already announced, so a repeated state change stays quiet
SHOW_MS = 8000


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"


class Notifier(QObject):
    notified = Signal(str, str)  # title, body
    posted = Signal(str, str, bool)  # title, body, and whether it warns of a problem

    def __init__(
        self,
        bridge: TopicsBridge,
        selection: Selection,
        conversations: ConversationService,
        window: QWidget,
        icon: QIcon,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._selection = selection
        self._conversations = conversations
        self._window = window
        self._announced: OrderedDict[int, None] = OrderedDict()
        self._tasks = TaskHolder(self)
        self.sound = False  # ring when a customer writes (Settings; off by default)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(self.tr("Centralita"))
            self.tray.messageClicked.connect(self._bring_window_up)
            self.tray.activated.connect(lambda _reason: self._bring_window_up())
            self.tray.show()
        bridge.message_changed.connect(self._on_message)
        bridge.callback_problem.connect(self._on_callback_set_aside)
        bridge.team_passed.connect(self._on_passed)

    def _on_message(self, message: MessageSummary) -> None:
        if message.id in self._announced or (message.kind is MessageKind.NOTICE and message.direction is not Direction.INCOMING):
            return
        failed = message.direction is Direction.OUTGOING and message.state is DeliveryState.FAILED
        if not failed and message.direction is not Direction.INCOMING:
            return
        self._remember(message.id)
        self._tasks.start(f"message:{message.id}", self._announce(message, failed))

    def _remember(self, message_id: int) -> None:
        self._announced[message_id] = None
        while len(self._announced) > REMEMBERED:
            self._announced.popitem(last=False)

    async def _announce(self, message: MessageSummary, failed: bool) -> None:
        contact = await self._conversations.contact(message.conversation_id)
        if contact is not None and self._in_view(contact):
            return
        who = self.tr("a customer") if contact is None else contact_title(contact)
        if failed:
            title = self.tr("Message to {contact} not sent").format(contact=who)
            reason = say(message.failure_reason) if message.failure_reason else self.tr("the provider refused it")
            body = self.tr("“{text}”: {reason}").format(text=_preview(message.body), reason=reason)
        else:
            title = self.tr("New message from {contact}").format(contact=who)
            item = await self._conversations.chat_message(message.id)
            body = _preview(message.body if item is None else message_line(item))
        self.notify(title, body, warning=failed)
        if self.sound and not failed:
            QApplication.beep()

    def _on_passed(self, passed: PassedToYou) -> None:
        """Team mode: a colleague passed this agent a conversation (said unless it is the open one)."""
        self._tasks.start(f"passed:{passed.conversation_id}", self._announce_passed(passed))

    async def _announce_passed(self, passed: PassedToYou) -> None:
        contact = await self._conversations.contact(passed.conversation_id)
        if contact is None or self._in_view(contact):
            return
        who, note = contact_title(contact), _preview(passed.note)
        self.notify(say(PASSED_YOU_ONE(by=passed.by)), say(WITH_NOTE(handover=who, note=note)) if note else who)

    def set_unread(self, conversations: int) -> None:
        """The tray's tooltip counts the conversations with unread messages."""
        if self.tray is not None:
            title = self.tr("Centralita")
            unread = self.tr("%n unread conversation(s)", "", conversations)
            self.tray.setToolTip(f"{title}: {unread}" if conversations else title)

    def _on_callback_set_aside(self, problem: CallbackProblem) -> None:
        title = self.tr("A {provider} callback was set aside").format(provider=provider_title(problem.provider))
        body = self.tr("{reason}. It said: {body}").format(reason=say(problem.reason), body=_preview(problem.body))
        self.notify(title, body, warning=True)

    def notify(self, title: str, body: str, *, warning: bool = False) -> None:
        """Every notification goes out here: the tray where the desktop has one, and
        `notified` and `posted` (the window's notice area listens)."""
        if self.tray is not None:
            icon = QSystemTrayIcon.MessageIcon.Warning if warning else QSystemTrayIcon.MessageIcon.Information
            self.tray.showMessage(title, body, icon, SHOW_MS)
        self.notified.emit(title, body)
        self.posted.emit(title, body, warning)

    def _in_view(self, contact: ContactView) -> bool:
        """The contact's conversation is open in a window the agent can see."""
        selected = self._selection.contact
        visible = self._window.isVisible() and not self._window.isMinimized()
        return visible and selected is not None and selected.id == contact.id

    def _bring_window_up(self) -> None:
        if self._window.isMinimized():
            self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()

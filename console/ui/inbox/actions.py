"""The inbox's keys in the window: find a conversation, the filters (in team mode also mine,
unassigned, all), next waiting, resolve, send and resolve, take a conversation from the bot
and give it back, a new conversation, back to the list. Each is a window action, listed in Help with what it does."""

from __future__ import annotations

from collections.abc import Awaitable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from console.domain.contact_views import ContactView
from console.domain.errors import InvalidInput
from console.domain.messages import MessageSummary
from console.domain.new_conversation import StartedConversation
from console.domain.notices import Notice
from console.services.accounts import AccountService
from console.services.conversations import NO_BOT, WITH_THE_BOT, ConversationService
from console.services.inbox import InboxService
from console.services.new_conversation import ConversationStarter
from console.services.team_guard import TeamReadOnly
from console.ui.inbox.filters import Hold, View
from console.ui.inbox.new_conversation import NewConversationDialog
from console.ui.inbox.pane import InboxPane
from console.ui.panes.sender import SenderPane
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder
from console.ui.wording import say


class InboxKeys(QObject):
    notice = Signal(str)  # an edit refused, in one sentence

    def __init__(
        self,
        window: QMainWindow,
        pane: InboxPane,
        sender: SenderPane,
        selection: Selection,
        inbox: InboxService,
        conversations: ConversationService,
        accounts: AccountService,
        starter: ConversationStarter,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._pane = pane
        self._sender = sender
        self._selection = selection
        self._inbox = inbox
        self._conversations = conversations
        self._accounts = accounts
        self._starter = starter
        self._tasks = TaskHolder(self)
        self._resolve_after_send: int | None = None  # the conversation "Send and resolve" waits on
        self._resolve_for_contact: int | None = None  # whose conversation it is
        self.dialog: NewConversationDialog | None = None

        self.find = self._action(self.tr("Find a conversation"), "Ctrl+K", pane.focus_filter)
        self.back = self._action(self.tr("Back to the conversations list"), "Esc", pane.focus_list)
        self.previous = self._action(self.tr("Previous conversation"), "Alt+Up", lambda: pane.select_relative(-1))
        self.next = self._action(self.tr("Next conversation"), "Alt+Down", lambda: pane.select_relative(1))
        self.next_waiting = self._action(self.tr("Next waiting conversation"), "Ctrl+J", self.open_next_waiting)
        self.resolve = self._action(self.tr("Resolve the conversation"), "Ctrl+E", self.resolve_current)
        self.send_and_resolve = self._action(self.tr("Send and resolve"), "Ctrl+Shift+Enter", self.send_then_resolve)
        self.send_and_resolve.setShortcuts([QKeySequence("Ctrl+Shift+Enter"), QKeySequence("Ctrl+Shift+Return")])
        self.take_from_bot = self._action(self.tr("Take the conversation from the bot"), "Ctrl+Shift+T", self.take_current)
        self.give_back = self._action(self.tr("Give the conversation back to the bot"), "Ctrl+Shift+B", self.give_back_current)
        self.new_conversation = self._action(self.tr("New conversation…"), "Ctrl+N", self.open_new_conversation)
        self.views = [
            self._action(self.tr("Show: {view}").format(view=view.title), f"Alt+{view.value + 1}", self._shower(view))
            for view in View
        ]
        self.holds = [  # team mode only: the window shows them when a team is followed
            self._action(self.tr("Show: {hold}").format(hold=hold.title), hold.keys, self._holder(hold)) for hold in Hold
        ]
        self.set_team_mode(False)
        pane.opened.connect(sender.show_composer)
        sender.sent.connect(self._on_sent)
        selection.contact_changed.connect(self._forget_pending_resolve)

    def _action(self, text: str, keys: str, slot: object) -> QAction:
        action = QAction(text, self._window)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    def _shower(self, view: View) -> object:
        return lambda: self._pane.show_view(view)

    def _holder(self, hold: Hold) -> object:
        return lambda: self._pane.show_hold(hold)

    def set_team_mode(self, on: bool) -> None:
        for action in self.holds:
            action.setVisible(on)

    @property
    def actions(self) -> list[QAction]:
        """In the order Help lists them; the views last, then team mode's."""
        main = [self.find, self.back, self.previous, self.next, self.next_waiting, self.resolve, self.send_and_resolve]
        main += [self.take_from_bot, self.give_back]
        return [*main, self.new_conversation, *self.views, *self.holds]

    # ---- resolve ------------------------------------------------------------------

    def _current_conversation(self) -> int | None:
        """The conversation open in the chat (picked in the inbox or in the agenda), as listed."""
        contact = self._selection.contact
        row = None if contact is None else self._pane.model.row_of_contact(contact.id)
        listed = None if row is None else self._pane.model.row(row)
        return None if listed is None else listed.conversation_id

    def resolve_current(self) -> None:
        conversation_id = self._current_conversation()
        if conversation_id is not None:
            self._tasks.start(f"resolve:{conversation_id}", self._resolve(conversation_id))

    async def _resolve(self, conversation_id: int) -> None:
        try:
            await self._conversations.resolve(conversation_id)
        except TeamReadOnly as refused:
            self.notice.emit(say(refused))
        except InvalidInput as refused:  # the team server could not be asked, or refused: the reason alone
            self.notice.emit(say(refused.reason if isinstance(refused.reason, Notice) else refused))

    def send_then_resolve(self) -> None:
        """Send what the sender holds; the conversation is resolved once the provider took it."""
        self._resolve_after_send = self._current_conversation()
        contact = self._selection.contact
        self._resolve_for_contact = None if contact is None else contact.id
        if self._resolve_after_send is not None:
            self._sender.send_current()

    def _on_sent(self, message: MessageSummary) -> None:
        conversation_id, self._resolve_after_send = self._resolve_after_send, None
        if conversation_id is not None and conversation_id == message.conversation_id:
            self._tasks.start(f"resolve:{conversation_id}", self._resolve(conversation_id))

    def _forget_pending_resolve(self, _contact: ContactView | None) -> None:
        """A send refused before the agent moved to another conversation resolves nothing later
        (the same contact read afresh, its unread count cleared, keeps it)."""
        # By the contact, not by its row: the list may be reloading at that moment.
        contact = self._selection.contact
        if self._resolve_after_send is not None and (contact is None or contact.id != self._resolve_for_contact):
            self._resolve_after_send = None

    # ---- the bot's hand ----------------------------------------------------------------

    def take_current(self) -> None:
        """An agent answers the open conversation: the bot stops receiving the customer's messages."""
        conversation_id = self._current_conversation()
        if conversation_id is not None:
            done = self.tr("You answer this conversation now; the bot no longer receives it.")
            self._tasks.start(f"hand:{conversation_id}", self._hand(self._conversations.take_from_bot(conversation_id), done))

    def give_back_current(self) -> None:
        conversation_id = self._current_conversation()
        if conversation_id is not None:
            done = self.tr("The bot answers this conversation again.")
            self._tasks.start(f"hand:{conversation_id}", self._hand(self._conversations.give_back_to_bot(conversation_id), done))

    async def _hand(self, change: Awaitable[None], done: str) -> None:
        try:
            await change
        except TeamReadOnly as refused:
            self.notice.emit(say(refused))
            return
        except InvalidInput as refused:
            self._window.statusBar().showMessage(self._refusal(refused), 5000)
            return
        self._window.statusBar().showMessage(done, 5000)

    def _refusal(self, refused: InvalidInput) -> str:
        if refused.reason == NO_BOT():
            return self.tr("No bot answers this conversation.")
        if refused.reason == WITH_THE_BOT():
            return self.tr("The bot already answers this conversation.")
        return self.tr("You already answer this conversation.")

    # ---- next waiting ---------------------------------------------------------------

    def open_next_waiting(self) -> None:
        self._tasks.start("next", self._next_waiting())

    async def _next_waiting(self) -> None:
        found = await self._inbox.next_waiting(self._current_conversation(), self._pane.model.filter)
        if found is None:
            self._window.statusBar().showMessage(self.tr("Nobody is waiting for an answer."), 5000)
            return
        self._pane.open_conversation(found.conversation_id, self._sender.show_composer)

    # ---- new conversation -------------------------------------------------------------

    def open_new_conversation(self) -> None:
        self._tasks.start("new", self._open_dialog())

    async def _open_dialog(self) -> None:
        accounts = await self._accounts.list()
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = self.dialog = NewConversationDialog(self._starter, accounts, self._selection.account, self._window)
        dialog.started.connect(self._on_started)
        dialog.open()

    def _on_started(self, started: StartedConversation) -> None:
        then = self._sender.show_templates if started.template_first else self._sender.show_composer
        self._pane.open_conversation(started.conversation_id, then)

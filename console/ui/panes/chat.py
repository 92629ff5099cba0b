"""Chat pane: the selected contact's conversation as bubbles, live as messages arrive and change.

Only the newest page is loaded when a conversation opens; older pages are prepended as
the agent scrolls up, keeping what they were reading in place. Opened at an older message
(a search result), the pages around it are loaded instead, and newer ones as the agent
scrolls down. At most `KEPT` rows are loaded: a page added at one end drops as many rows
at the other, which load again when the agent scrolls back there (their heights, measured
once, are kept by the delegate). So each page costs the same however far back the agent
is: with every page kept, scrolling to the oldest of 50k messages held the loop up to
85-116 ms at a time as the list, its index and the collector's passes grew with it.

In team mode a conversation's older messages may be on the team server only (a console that
joined has each conversation's newest ones): once the pages kept here are all shown, scrolling
to the top fetches the page before them, which is stored here and shown as the next page. With
the server out of reach the chat shows what is kept, says so once, and asks again when the
server answers (or for a conversation opened `ASK_AGAIN_AFTER` later).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QMenu, QVBoxLayout, QWidget

from console.domain.attachments import map_url
from console.domain.contact_views import ContactView
from console.domain.content import LocationContent, MediaContent
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageSummary
from console.domain.notices import Notice, NoticeError
from console.domain.sessions import SessionWindow, session_window
from console.domain.views import ChatMessage
from console.services.conversations import ConversationService
from console.ui.bridge import TopicsBridge
from console.ui.chat.bubble_delegate import BubbleDelegate
from console.ui.chat.media import MediaLoader
from console.ui.chat.session_banner import SessionBanner
from console.ui.chat.verify_text import verify_text
from console.ui.labels import contact_title
from console.ui.models.messages import MessageListModel
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder
from console.ui.wording import say

LOAD = "load"
OLDER = "older"
NEWER = "newer"
WINDOW = "window"
VERIFY = "verify"
REVEAL = "reveal"
PAGE = 200
AROUND = PAGE // 2  # messages loaded on each side of one opened far back
KEPT = 3 * PAGE  # rows loaded at most
MEASURED = 25  # rows of a new page measured per loop turn (~1-2 ms)
MINUTE_MS = 60_000
ASK_AGAIN_AFTER = 30.0  # seconds before a conversation opened asks an unreachable team server for older messages again
NEAR_TOP_PX = 200  # start fetching the older (newer) page this close to the top (bottom)
# Rows laid out per event-loop turn, so a long history never blocks the loop. The first batch
# must hold a prepended page and the rows on screen: their positions keep the reader's place.
LAYOUT_BATCH = PAGE + 100
ScrollHint = QAbstractItemView.ScrollHint


class ChatPane(QWidget):
    session_window_changed = Signal(object)  # SessionWindow | None (the provider has no window)
    notice = Signal(str)

    def __init__(
        self, conversations: ConversationService, bridge: TopicsBridge, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._conversations = conversations
        self._selection = selection
        self._tasks = TaskHolder(self)
        self._conversation_id: int | None = None
        self._has_older = False
        self._has_newer = False  # opened at an older message: newer pages load as the agent scrolls down
        self._on_server = True  # a team conversation's server may have older messages than those kept here
        self._server_lost_at: float | None = None  # asking it failed then: asked again when it answers, or later
        self._arrived_while_loading: list[MessageSummary] = []
        self._window: SessionWindow | None = None
        self._unseen = False  # the customer wrote while the window was not active
        self._reads = itertools.count()  # marking read is never superseded: each one runs to its end
        self.model = MessageListModel(self)
        self.media = MediaLoader(conversations, self)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-weight: bold; padding: 4px 2px;")
        self.session_banner = SessionBanner()
        self.verify_result = QLabel()
        self.verify_result.setWordWrap(True)
        self.verify_result.hide()
        self.list = QListView()
        self.list.setAccessibleName(self.tr("Conversation"))
        self.list.setModel(self.model)
        self.delegate = BubbleDelegate(self.list, self.media)
        self.list.setItemDelegate(self.delegate)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(LAYOUT_BATCH)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # bubbles wrap instead
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.verticalScrollBar().setSingleStep(24)
        self.list.setMouseTracking(True)
        self.list.setStyleSheet("QListView { background: palette(window); border: none; }")
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_context_menu)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.list.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.media.changed.connect(self._repaint_media)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.session_banner)
        layout.addWidget(self.verify_result)
        layout.addWidget(self.list, 1)
        self._layout = layout

        self._minute = QTimer(self)
        self._minute.setInterval(MINUTE_MS)
        self._minute.timeout.connect(self._refresh_window)
        self._minute.start()

        bridge.message_changed.connect(self._on_message_changed)
        bridge.team_offline.connect(self._on_team_offline)
        selection.contact_changed.connect(self._on_contact)
        selection.message_changed.connect(self._show_selected_message)
        self._on_contact(selection.contact)

    # -- opening a conversation ------------------------------------------------------

    @property
    def loading(self) -> bool:
        """The open conversation's newest page is still being read."""
        return self._tasks.running(LOAD)

    def add_bar(self, bar: QWidget) -> None:
        """Put a bar (the find bar) between the chat's header and its bubbles."""
        self._layout.insertWidget(self._layout.indexOf(self.list), bar)

    def _on_contact(self, contact: ContactView | None) -> None:
        for key in (LOAD, OLDER, NEWER, WINDOW, VERIFY, REVEAL):
            self._tasks.cancel(key)
        self.delegate.highlighted_id = None
        self._conversation_id = None
        self._unseen = False
        self._has_older = self._has_newer = False
        lost = self._server_lost_at
        self._on_server = lost is None or time.monotonic() - lost > ASK_AGAIN_AFTER
        self.verify_result.hide()
        self.model.replace([])
        self._set_window(None)
        if contact is None:
            self.header.setText(self.tr("Choose a conversation in the inbox, or a contact in the agenda, to see it here."))
            return
        self.header.setText(contact_title(contact))
        self._start_load(contact)
        self._tasks.start(WINDOW, self._load_window(contact))

    def _start_load(self, contact: ContactView) -> None:
        self._arrived_while_loading.clear()
        self._tasks.start(LOAD, self._load(contact))

    async def _load(self, contact: ContactView) -> None:
        conversation_id = await self._conversations.conversation_id(contact.account_id, contact.id)
        page = [] if conversation_id is None else await self._conversations.chat_page(conversation_id, limit=PAGE)
        await self._measure(page, None)  # a few rows per loop turn, as for the pages scrolled to later
        self._conversation_id = conversation_id
        self._has_older = len(page) == PAGE
        self._has_newer = False
        self.model.replace(page)
        # Changes published while the query ran may be newer than what it read.
        arrived, self._arrived_while_loading = self._arrived_while_loading, []
        for message in arrived:
            if message.conversation_id == conversation_id:
                await self._apply(message)
        self.list.scrollToBottom()
        if self._selection.message_id is not None:
            self._go_to(self._selection.message_id)
        self._fill_view()
        if not self._has_older and self._on_server:  # once this load has ended: older messages may be on the team server
            QTimer.singleShot(0, self._fill_view)
        if conversation_id is not None:
            self._seen_or_not()

    async def _load_window(self, contact: ContactView) -> None:
        account = self._selection.account
        if account is None or account.id != contact.account_id:
            return
        window = await self._conversations.session_window(account, contact.id)
        self._set_window(window)

    # -- older and newer history ---------------------------------------------------------

    def _on_scrolled(self, value: int) -> None:
        if value <= NEAR_TOP_PX:
            self._load_older_soon()
        elif value >= self.list.verticalScrollBar().maximum() - NEAR_TOP_PX:
            self._load_newer_soon()

    def _fill_view(self) -> None:
        """Keep loading pages until there is something to scroll (or nothing more)."""
        bar = self.list.verticalScrollBar()
        if bar.maximum() == 0 or bar.value() <= NEAR_TOP_PX:
            self._load_older_soon()
        if bar.maximum() == 0 or bar.value() >= bar.maximum() - NEAR_TOP_PX:
            self._load_newer_soon()

    def _busy(self) -> bool:
        return any(self._tasks.running(key) for key in (LOAD, OLDER, NEWER, REVEAL))

    def _load_older_soon(self) -> None:
        if (self._has_older or self._on_server) and self._conversation_id is not None and not self._busy():
            self._tasks.start(OLDER, self._load_older(self._conversation_id))

    def _load_newer_soon(self) -> None:
        if self._has_newer and self._conversation_id is not None and not self._busy():
            self._tasks.start(NEWER, self._load_newer(self._conversation_id))

    async def _load_newer(self, conversation_id: int) -> None:
        after = self.model.newest_id
        assert after is not None
        page = await self._conversations.chat_page_after(conversation_id, after, limit=PAGE)
        if conversation_id != self._conversation_id:
            return
        await self._measure(page, self.model.item(self.model.rowCount() - 1))
        self._has_newer = len(page) == PAGE

        def extend() -> None:
            self.model.extend(page)  # below what the agent reads
            excess = self.model.rowCount() - KEPT
            if excess > 0:  # far above what the agent reads: the rows on screen move up
                self.model.drop_oldest(excess)
                self._has_older = True

        self._keeping_place(extend)
        QTimer.singleShot(0, self._fill_view)

    async def _load_older(self, conversation_id: int) -> None:
        before = self.model.oldest_id
        page = await self._conversations.chat_page(conversation_id, before_id=before, limit=PAGE)
        more = len(page) == PAGE
        if not more and self._on_server:  # every page kept here is shown
            more, page = await self._older_from_server(conversation_id, before, page)
        if conversation_id != self._conversation_id:
            return
        self._has_older = more
        if not page:  # the server's page held only messages kept here already: on to the next
            if more:
                QTimer.singleShot(0, self._fill_view)
            return
        await self._measure(page, None)

        def prepend() -> None:
            self.model.prepend(page)
            excess = self.model.rowCount() - KEPT
            if excess > 0:  # far below what the agent reads
                self.model.drop_newest(excess)
                self._has_newer = True

        self._keeping_place(prepend)
        QTimer.singleShot(0, self._fill_view)

    async def _older_from_server(
        self, conversation_id: int, before: int | None, page: list[ChatMessage]
    ) -> tuple[bool, list[ChatMessage]]:
        """A team conversation's page before those kept here, fetched and stored: whether there
        are older ones still, and the page to show."""
        try:
            fetched = await self._conversations.older_from_team(conversation_id, PAGE)
        except NoticeError as error:
            if conversation_id == self._conversation_id:
                self._on_server, self._server_lost_at = False, time.monotonic()
                self.notice.emit(
                    self.tr("Older messages could not be fetched from the team server: {reason}").format(reason=say(error))
                )
            return False, page
        if conversation_id == self._conversation_id:
            self._on_server = fetched is not None and fetched.more
        if fetched is None or not fetched.stored:
            return fetched is not None and fetched.more, page
        page = await self._conversations.chat_page(conversation_id, before_id=before, limit=PAGE)
        return len(page) == PAGE or fetched.more, page

    def _on_team_offline(self, problem: Notice | None) -> None:
        if problem is None and self._server_lost_at is not None:  # the team server answers again: ask it for what it has
            self._on_server, self._server_lost_at = True, None
            self._fill_view()

    async def _measure(self, page: list[ChatMessage], after: ChatMessage | None) -> None:
        """Measure a page's rows a few at a time, giving the loop back in between."""
        rows = list(zip(page, self.model.separators(page, after), strict=True))
        for start in range(0, len(rows), MEASURED):
            self.delegate.measure(rows[start : start + MEASURED])
            await asyncio.sleep(0)

    def _keeping_place(self, change: Callable[[], None]) -> None:
        """Make `change` to the rows and keep the bubble the agent is reading where it is on screen."""
        anchor = self.list.indexAt(QPoint(self.list.viewport().width() // 2, 0))
        anchor_id = self.model.message(anchor.row()).id if anchor.isValid() else None
        before = self.delegate.layout_at(anchor).bubble.top() if anchor.isValid() else 0
        change()
        self.list.doItemsLayout()  # lay out now, so positions are known before restoring
        row = None if anchor_id is None else self.model.row_of(anchor_id)
        if row is not None:
            after = self.delegate.layout_at(self.model.index(row)).bubble.top()
            bar = self.list.verticalScrollBar()
            bar.setValue(bar.value() + after - before)

    # -- live changes --------------------------------------------------------------------

    def _on_message_changed(self, message: MessageSummary) -> None:
        contact = self._selection.contact
        if contact is None:
            return
        if message.direction is Direction.INCOMING and self._conversation_id in (message.conversation_id, None):
            # The customer wrote (or may have, while loading): the window reopens.
            self._tasks.start(WINDOW, self._load_window(contact))
        if self._tasks.running(LOAD):
            self._arrived_while_loading.append(message)
        elif message.conversation_id == self._conversation_id:
            if message.direction is Direction.INCOMING:
                self._seen_or_not()
            if not self.model.update(message):
                self._tasks.start(f"new {message.id}", self._apply(message))
            elif message.id == self._selection.message_id:
                self._show_selected_message(message.id)
        elif self._conversation_id is None:
            # The first message to this contact may just have opened its conversation.
            self._start_load(contact)

    # -- unread ------------------------------------------------------------------------

    def _seen_or_not(self) -> None:
        """The open chat's messages are read once the agent looks: now, or when the window is next active."""
        if self.isActiveWindow() and self._conversation_id is not None:
            self._tasks.start(f"read {next(self._reads)}", self._conversations.mark_read(self._conversation_id))
        else:
            self._unseen = True

    def event(self, event: QEvent) -> bool:
        # Qt passes a window's activation on to its visible widgets.
        if event.type() == QEvent.Type.WindowActivate and self._unseen:
            self._unseen = False
            self._seen_or_not()
        return super().event(event)

    async def _apply(self, message: MessageSummary) -> None:
        """Show a change: update a loaded message, or fetch and append a new one."""
        if self.model.update(message):
            return
        if self._has_newer:
            # The chat shows older history: a new message waits below, unless the agent sent
            # it, who then sees the conversation's present with their message.
            contact = self._selection.contact
            if message.direction is Direction.OUTGOING and contact is not None:
                self._start_load(contact)  # first: the load then shows the selected message
                self._selection.set_message(message.id)
            return
        item = await self._conversations.chat_message(message.id)
        if item is None or item.message.conversation_id != self._conversation_id:
            return
        bar = self.list.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        self.model.append(item)
        if at_bottom or item.message.direction is Direction.OUTGOING:
            self.list.scrollToBottom()

    # -- the 24 h window -----------------------------------------------------------------

    def _set_window(self, window: SessionWindow | None) -> None:
        self._window = window
        self.session_banner.show_window(window)
        self.session_window_changed.emit(window)

    def _refresh_window(self) -> None:
        if self._window is not None:
            self._set_window(session_window(self._window.last_inbound_at, datetime.now(UTC)))

    @property
    def session_window(self) -> SessionWindow | None:
        return self._window

    # -- selection, menu, verify ---------------------------------------------------------

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            message_id = self.model.message(current.row()).id
            if message_id != self.delegate.highlighted_id:
                self._highlight(None)  # the agent moved on from the message they were shown
            self._selection.set_message(message_id)

    def reveal(self, message_id: int) -> None:
        """Select a message of the open conversation and mark it until the agent moves,
        loading older pages first when it is not on screen yet."""
        self._highlight(message_id)
        self._selection.set_message(message_id)
        self._show_selected_message(message_id)

    def _highlight(self, message_id: int | None) -> None:
        if self.delegate.highlighted_id != message_id:
            self.delegate.highlighted_id = message_id
            self.list.viewport().update()

    def _show_selected_message(self, message_id: int | None) -> None:
        if message_id is not None and not self._tasks.running(LOAD):  # else the load shows it once it ends
            self._go_to(message_id)

    def _go_to(self, message_id: int) -> None:
        row = self.model.row_of(message_id)
        if row is None:
            self._tasks.start(REVEAL, self._open_around(message_id))
            return
        index = self.model.index(row)
        if self.list.currentIndex() != index:
            self.list.setCurrentIndex(index)
        shown = message_id == self.delegate.highlighted_id
        self.list.scrollTo(index, ScrollHint.PositionAtCenter if shown else ScrollHint.EnsureVisible)

    async def _open_around(self, message_id: int) -> None:
        """Show the pages around a message of this conversation that is not loaded: however
        far back it is, two half pages are read, and the rest loads as the agent scrolls."""
        conversation_id = self._conversation_id
        found = await self._conversations.chat_message(message_id)
        if conversation_id is None or found is None or found.message.conversation_id != conversation_id:
            return
        for key in (OLDER, NEWER):
            self._tasks.cancel(key)
        older = await self._conversations.chat_page(conversation_id, before_id=message_id + 1, limit=AROUND)
        newer = await self._conversations.chat_page_after(conversation_id, message_id, limit=AROUND)
        if conversation_id != self._conversation_id or message_id != self._selection.message_id:
            return
        rows = older + newer
        await self._measure(rows, None)  # in one go with the list's layout, the new rows held the loop up
        if conversation_id != self._conversation_id or message_id != self._selection.message_id:
            return
        self._has_older, self._has_newer = len(older) == AROUND, len(newer) == AROUND
        self.model.replace(rows)
        self.list.doItemsLayout()  # positions are known before scrolling to the message
        self._go_to(message_id)
        QTimer.singleShot(0, self._fill_view)

    def _repaint_media(self, url: str) -> None:
        self.list.viewport().update()

    def context_menu(self, row: int) -> QMenu:
        """The actions for one message (built apart from showing it, so it can be tested)."""
        item = self.model.item(row)
        message = item.message
        menu = QMenu(self)
        menu.addAction(self.tr("Copy text"), lambda: QGuiApplication.clipboard().setText(message.body))
        if message.direction is Direction.OUTGOING and message.state is DeliveryState.UNKNOWN:
            menu.addAction(self.tr("Verify…"), lambda: self.verify(message.id))
        attachment = item.attachment
        if isinstance(attachment, LocationContent):
            url = map_url(attachment)
            menu.addAction(self.tr("Open map"), lambda: QDesktopServices.openUrl(QUrl(url)))
        elif isinstance(attachment, MediaContent) and attachment.media_id is None:  # a link the agent's browser can open
            url = attachment.url
            menu.addAction(self.tr("Open file"), lambda: QDesktopServices.openUrl(QUrl(url)))
        return menu

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        if index.isValid():
            self.context_menu(index.row()).exec(self.list.viewport().mapToGlobal(position))

    def verify(self, message_id: int) -> None:
        """Ask the provider about a message whose outcome is unknown; shows what was learnt."""
        self.verify_result.setText(self.tr("Asking the provider…"))
        self.verify_result.show()
        self._tasks.start(VERIFY, self._verify(message_id))

    async def _verify(self, message_id: int) -> None:
        result = await self._conversations.verify(message_id)
        self.model.update(result.message)
        text = verify_text(result)
        self.verify_result.setText(text)
        self.notice.emit(text)

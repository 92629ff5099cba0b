"""Quick replies in the composer: "/" at the start of the message lists the saved replies,
filtered as the agent types; ↑/↓ choose, Enter (or a click) inserts, Esc closes.

The list is a `QCompleter` popup: while it is open it takes the keyboard, hands every key
it does not use back to the text field (so typing goes on filtering), and the window's
shortcuts wait until it closes, so no key is lost and none is trapped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QStyle, QWidget

from console.domain.quick_replies import QuickReply, matching
from console.services.quick_replies import QuickReplyService
from console.ui.tasks import TaskHolder

TRIGGER = "/"
REPLY_ROLE = Qt.ItemDataRole.UserRole + 1
PREVIEW_LENGTH = 60
VISIBLE_ROWS = 8
LOAD = "load"
_POPUP_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab})


class ComposerEdit(QPlainTextEdit):
    """The message field. Tab moves on to the next control (a WhatsApp message has no use
    for a tab character). While the quick-reply list is open, the keys that list acts on
    (Enter inserts, Esc and Tab close) are left to it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.popup: QWidget | None = None
        self.dismissed = False  # Esc closed the list: it stays closed until "/" is typed anew

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.popup is not None and self.popup.isVisible() and event.key() in _POPUP_KEYS:
            if event.key() == Qt.Key.Key_Escape:
                self.dismissed = True
            event.ignore()
            return
        super().keyPressEvent(event)


class QuickReplyPopup(QObject):
    """Follows what is typed in `edit` and offers the replies of the account `account_id()` names."""

    chosen = Signal(object)  # the QuickReply to insert

    def __init__(self, edit: ComposerEdit, replies: QuickReplyService, account_id: Callable[[], int | None]) -> None:
        super().__init__(edit)
        self._edit = edit
        self._replies = replies
        self._account_id = account_id
        self._tasks = TaskHolder(self)
        self._loaded: list[QuickReply] | None = None  # None: not loaded for the current "/"
        self._listed_for: str | None = None  # what the list shows the replies for
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(edit)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(VISIBLE_ROWS)
        self.completer.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]
        edit.popup = self.completer.popup()
        edit.popup.installEventFilter(self)
        edit.textChanged.connect(self._follow)
        edit.cursorPositionChanged.connect(self._follow)

    @property
    def popup(self) -> QWidget:
        return self.completer.popup()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """The list's own keys are the list's while it is open: the window's shortcuts on the
        same keys (Esc: back to the conversations) wait."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and event.key() in _POPUP_KEYS:
            event.accept()
            return True
        return False

    def typed(self) -> str | None:
        """What follows "/" up to the cursor, when the message starts with it; else None."""
        text = self._edit.toPlainText()
        end = self._edit.textCursor().position()
        if not text.startswith(TRIGGER) or end == 0:
            return None
        typed = text[len(TRIGGER) : end]
        return None if "\n" in typed else typed

    def _follow(self) -> None:
        typed = self.typed()
        if typed is None:
            self._loaded = self._listed_for = None
            self._edit.dismissed = False
            self.popup.hide()
            return
        if self._edit.dismissed or typed == self._listed_for:
            return
        if self._loaded is None:
            if not self._tasks.running(LOAD):
                self._tasks.start(LOAD, self._load())
            return
        self._listed_for = typed
        self._show(matching(self._loaded, typed))

    async def _load(self) -> None:
        self._loaded = await self._replies.offered(self._account_id())
        self._follow()

    def _show(self, replies: list[QuickReply]) -> None:
        self.model.clear()
        file_icon = self._edit.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for reply in replies:
            item = QStandardItem(self._label(reply))
            item.setData(reply, REPLY_ROLE)
            item.setToolTip(reply.text if reply.media_url is None else f"{reply.text}\n{reply.media_url}")
            if reply.media_url is not None:
                item.setIcon(file_icon)
            self.model.appendRow(item)
        if not replies:
            self.popup.hide()
            return
        rect = self._edit.cursorRect()
        rect.setWidth(max(self._edit.width() // 2, self.popup.sizeHintForColumn(0) + 24))
        self.completer.complete(rect)
        self.popup.setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _label(self, reply: QuickReply) -> str:
        first_line = " ".join(reply.text.split())
        preview = first_line if len(first_line) <= PREVIEW_LENGTH else first_line[: PREVIEW_LENGTH - 1] + "…"
        return f"{TRIGGER}{reply.name} — {preview}"

    def _on_activated(self, index: QModelIndex) -> None:
        reply = index.data(REPLY_ROLE)
        if isinstance(reply, QuickReply):
            self.chosen.emit(reply)

    def replace_typed(self, text: str) -> None:
        """Put `text` where "/" and the letters typed after it are."""
        cursor = self._edit.textCursor()
        end = cursor.position()
        cursor.setPosition(0)
        cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        self._edit.setTextCursor(cursor)

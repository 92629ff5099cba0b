"""How an inbox row is painted: what is written where, read from the delegate's own calls."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QListView, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from console.domain.accounts import ProviderKind
from console.domain.inbox import BotHandling, ConversationStatus
from console.domain.messages import Direction, MessageKind
from console.domain.views import InboxRow
from console.ui.inbox.delegate import InboxRowDelegate
from console.ui.inbox.roles import ROW_ROLE
from console.ui.inbox.texts import bot_text


class RecordingPainter(QPainter):
    """A painter that notes every text it draws and where."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.texts: list[tuple[QRect, str]] = []

    def drawText(self, rect: QRect, flags: int, text: str) -> None:  # type: ignore[override]  # noqa: N802 - Qt's name
        self.texts.append((QRect(rect), text))
        super().drawText(rect, flags, text)


def test_a_long_bot_text_is_shortened_and_never_drawn_under_the_account_tag(qtbot: QtBot) -> None:
    now = datetime.now(UTC)
    row = InboxRow(
        conversation_id=1, account_id=1, account_name="WhatsApp Cloud API demo", provider=ProviderKind.CLOUDAPI,
        contact_id=1, contact_title="Sofía", contact_phone="59899123456", preview="Hola", last_kind=MessageKind.TEXT,
        last_direction=Direction.INCOMING, last_at=now, unread=1, status=ConversationStatus.OPEN, keeps_window=True,
        last_inbound_at=now, bot=BotHandling.HANDED_OVER,
    )  # fmt: skip
    model = QStandardItemModel()
    item = QStandardItem()
    item.setData(row, ROW_ROLE)
    model.appendRow(item)
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = InboxRowDelegate(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, 360, 60)  # the inbox's width on a 1366 px screen
    image = QImage(360, 60, QImage.Format.Format_ARGB32)
    painter = RecordingPainter(image)
    delegate.paint(painter, option, model.index(0, 0))
    painter.end()

    tag = next(rect for rect, text in painter.texts if text.startswith("WhatsApp"))
    handling = next((rect, text) for rect, text in painter.texts if text and bot_text(row).startswith(text.rstrip("…")))
    assert handling[0].left() > tag.right()  # beside the tag, not under it
    assert option.fontMetrics.horizontalAdvance(handling[1]) <= handling[0].width()
    preview = [text for rect, text in painter.texts if rect.left() > tag.right() and rect.right() < handling[0].left()]
    assert preview, "the last message keeps room beside the tag"

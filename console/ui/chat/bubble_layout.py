"""Where each part of a chat row goes: day separator, bubble, bot label, attachment, text, time, ticks.

Pure geometry in item coordinates (the row's top-left is 0,0), so painting, hit tests
and size hints agree, and tests can check sides and sizes without pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics

from console.domain.content import LocationContent, MediaContent, MediaKind
from console.domain.messages import Direction, MessageKind
from console.domain.views import ChatMessage
from console.ui.chat.template_text import bubble_text
from console.ui.chat.ticks import TICK_HEIGHT, TICK_WIDTH
from console.ui.wording import say

OUTER = 10  # between a bubble and the view's edge
PAD = 8  # inside a bubble
GAP = 4  # between parts of a bubble
SEPARATOR_HEIGHT = 30
ROW_GAP = 4
MAX_FRACTION = 0.72  # of the view's width, for one bubble
MIN_BUBBLE = 180
CHIP = QSize(260, 44)
THUMBNAIL = QSize(240, 180)  # the largest an image shows in a bubble
WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)


@dataclass(frozen=True, slots=True)
class BubbleLayout:
    size: QSize  # the whole row
    bubble: QRect
    separator: QRect | None = None
    label: QRect | None = None  # "Bot"
    attachment: QRect | None = None  # thumbnail, file chip or place
    map_link: QRect | None = None  # "Open map" inside a place
    text: QRect | None = None
    time: QRect | None = None
    ticks: QRect | None = None

    def translated(self, dx: int, dy: int) -> BubbleLayout:
        def move(rect: QRect | None) -> QRect | None:
            return None if rect is None else rect.translated(dx, dy)

        return BubbleLayout(
            self.size,
            self.bubble.translated(dx, dy),
            move(self.separator),
            move(self.label),
            move(self.attachment),
            move(self.map_link),
            move(self.text),
            move(self.time),
            move(self.ticks),
        )


def shown_text(item: ChatMessage) -> str | None:
    """The text inside the bubble: a media's caption, nothing for a place, a template as the
    customer read it, else the body."""
    if item.note is not None:
        return say(item.note)
    if item.template is not None:
        return bubble_text(item.template)
    attachment = item.attachment
    if isinstance(attachment, MediaContent):
        return attachment.caption or None
    if isinstance(attachment, LocationContent):
        return None
    return item.message.body or None


def attachment_size(item: ChatMessage, line_height: int, inner_max: int) -> QSize | None:
    attachment = item.attachment
    if isinstance(attachment, MediaContent):
        box = THUMBNAIL if attachment.kind is MediaKind.IMAGE else CHIP
        return QSize(min(box.width(), inner_max), box.height())
    if isinstance(attachment, LocationContent):
        lines = 1 + bool(attachment.place_name) + bool(attachment.address)
        return QSize(min(CHIP.width(), inner_max), lines * line_height + 2 * GAP)
    return None


@dataclass(frozen=True, slots=True)
class Texts:
    """The measured strings of one row."""

    day: str | None
    label: str | None
    time: str


def layout_row(
    item: ChatMessage, texts: Texts, width: int, metrics: QFontMetrics, small: QFontMetrics, label: QFontMetrics
) -> BubbleLayout:
    """`metrics` measure the text, `small` the time and separators, `label` the bold "Bot"."""
    top = 0
    separator = None
    if texts.day is not None:
        pill = small.horizontalAdvance(texts.day) + 2 * PAD + 8
        separator = QRect((width - pill) // 2, 6, pill, SEPARATOR_HEIGHT - 10)
        top = SEPARATOR_HEIGHT
    notice = item.message.kind is MessageKind.NOTICE and item.message.direction is not Direction.INCOMING
    max_bubble = max(MIN_BUBBLE, int((width - 2 * OUTER) * (0.86 if notice else MAX_FRACTION)))
    inner_max = max_bubble - 2 * PAD
    outgoing = item.message.direction is Direction.OUTGOING
    followed = item.message.sent_by_us  # its ticks are shown

    label_size = QSize(label.horizontalAdvance(texts.label), label.height()) if texts.label else None
    media_size = attachment_size(item, metrics.height(), inner_max)
    text = shown_text(item)
    text_size = metrics.boundingRect(QRect(0, 0, inner_max, 1_000_000), WRAP, text).size() if text else None
    time_width = small.horizontalAdvance(texts.time)
    meta_width = time_width + (GAP + TICK_WIDTH if followed else 0)
    meta_height = max(small.height(), TICK_HEIGHT)

    parts = [s for s in (label_size, media_size, text_size) if s is not None]
    inner_width = min(inner_max, max([meta_width] + [s.width() for s in parts]))
    inner_height = sum(s.height() + GAP for s in parts) + meta_height
    bubble_width, bubble_height = inner_width + 2 * PAD, inner_height + 2 * PAD
    if notice:
        left = (width - bubble_width) // 2
    elif outgoing:
        left = width - OUTER - bubble_width
    else:
        left = OUTER
    bubble = QRect(left, top, bubble_width, bubble_height)

    x, y = left + PAD, top + PAD
    rects: dict[str, QRect | None] = {"label": None, "attachment": None, "text": None, "map_link": None}
    for name, size in (("label", label_size), ("attachment", media_size), ("text", text_size)):
        if size is not None:
            rects[name] = QRect(x, y, size.width() if name != "attachment" else inner_width, size.height())
            y += size.height() + GAP
    if isinstance(item.attachment, LocationContent) and rects["attachment"] is not None:
        box = rects["attachment"]
        rects["map_link"] = QRect(
            box.left() + PAD + 14, box.bottom() - GAP - metrics.height() + 1, inner_width // 2, metrics.height()
        )
    meta_left = (left + (bubble_width - meta_width) // 2) if notice else (left + bubble_width - PAD - meta_width)
    time_rect = QRect(meta_left, y, time_width, meta_height)
    ticks = (
        QRect(meta_left + time_width + GAP, y + (meta_height - TICK_HEIGHT) // 2, TICK_WIDTH, TICK_HEIGHT) if followed else None
    )
    return BubbleLayout(
        size=QSize(width, top + bubble_height + ROW_GAP),
        bubble=bubble,
        separator=separator,
        label=rects["label"],
        attachment=rects["attachment"],
        map_link=rects["map_link"],
        text=rects["text"],
        time=time_rect,
        ticks=ticks,
    )

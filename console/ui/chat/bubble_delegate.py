"""Paints chat rows as bubbles: incoming left, outgoing right, bot answers marked, notices centred.

Size hints are cached per message, width and separator, so scrolling and repaints do
not measure text again, also for rows the chat dropped and loads again; only loaded rows
are ever measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QLocale, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from console.domain.attachments import file_name, map_url
from console.domain.content import LocationContent, MediaContent, MediaKind
from console.domain.messages import Direction, MessageKind
from console.domain.views import ChatMessage
from console.ui.chat.bubble_layout import GAP, PAD, BubbleLayout, Texts, layout_row, shown_text
from console.ui.chat.ticks import GREY, READ_BLUE, paint_ticks
from console.ui.contrast import is_dark, is_high_contrast, legible
from console.ui.labels import clock, data_size
from console.ui.models.messages import DAY_ROLE, ITEM_ROLE, MessageListModel

CACHE_LIMIT = 20_000
PAINTED_LIMIT = 300  # rows whose texts and layout painting keeps: several screens
HIGHLIGHT_PEN = 3
SELECTED_PEN = 2.5  # a 1 px outline in the highlight colour is lost on a dark palette
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Colours:
    incoming: QColor
    outgoing: QColor
    bot: QColor
    notice: QColor
    text: QColor
    muted: QColor
    bot_label: QColor
    border: QColor
    chip: QColor
    link: QColor
    found: QColor  # the border of a message a search opened
    found_fill: QColor  # its tint, over the bubble
    tick: QColor  # sent and delivered ticks
    tick_read: QColor


LIGHT = Colours(
    incoming=QColor("#ffffff"),
    outgoing=QColor("#d9fdd3"),
    bot=QColor("#ece6ff"),
    notice=QColor("#fff3c4"),
    text=QColor("#111b21"),
    muted=QColor("#667781"),
    bot_label=QColor("#5b3fc4"),
    border=QColor("#d1d7db"),
    chip=QColor(0, 0, 0, 18),
    link=QColor("#027eb5"),
    found=QColor("#f5a623"),
    found_fill=QColor(245, 166, 35, 48),
    tick=GREY,
    tick_read=READ_BLUE,
)
DARK = Colours(
    incoming=QColor("#202c33"),
    outgoing=QColor("#005c4b"),
    bot=QColor("#3b2f6b"),
    notice=QColor("#4a3f1a"),
    text=QColor("#e9edef"),
    muted=QColor("#8696a0"),
    bot_label=QColor("#b9a6ff"),
    border=QColor("#2f3b43"),
    chip=QColor(255, 255, 255, 24),
    link=QColor("#53bdeb"),
    found=QColor("#ffc14d"),
    found_fill=QColor(255, 193, 77, 40),
    tick=QColor("#aebac1"),
    tick_read=QColor("#53bdeb"),
)


def _high_contrast(palette: QPalette) -> Colours:
    """The theme's own colours: bubbles on its base, outlined and written in its text colour."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    link = legible(palette.color(QPalette.ColorRole.Link), (base,), text)
    found = legible(palette.color(QPalette.ColorRole.Highlight), (base,), text)
    chip = QColor(text)
    chip.setAlpha(30)
    found_fill = QColor(found)
    found_fill.setAlpha(40)
    return Colours(
        incoming=base,
        outgoing=base,
        bot=base,
        notice=base,
        text=text,
        muted=text,
        bot_label=text,
        border=text,
        chip=chip,
        link=link,
        found=found,
        found_fill=found_fill,
        tick=text,
        tick_read=link,
    )


def colours_for(palette: QPalette) -> Colours:
    if is_high_contrast(palette):
        return _high_contrast(palette)
    return DARK if is_dark(palette) else LIGHT


def selection_outline(palette: QPalette, colours: Colours, fill: QColor) -> QColor:
    """The selected bubble's outline: the palette's highlight where it stands out from the
    bubble and the chat behind it (on many dark palettes it does not), else the text colour."""
    behind = palette.color(QPalette.ColorRole.Window)
    return legible(palette.color(QPalette.ColorRole.Highlight), (fill, behind), colours.text)


def _glyph(kind: MediaKind) -> str:
    return {MediaKind.AUDIO: "♪", MediaKind.VIDEO: "▶", MediaKind.DOCUMENT: "≡", MediaKind.IMAGE: "▣"}[kind]


class MediaSource(Protocol):
    """What painting a bubble asks of its files (`chat.media.MediaLoader`): None while unknown."""

    def thumbnail(self, message_id: int, media: MediaContent) -> QPixmap | None: ...
    def failed(self, message_id: int, media: MediaContent) -> bool: ...
    def size(self, message_id: int, media: MediaContent) -> int | None: ...


class BubbleDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView, media: MediaSource) -> None:
        super().__init__(view)
        self._view = view
        self._media = media
        self._sizes: dict[tuple[int, int, str | None, str | None, bool], QSize] = {}
        self._font_sets: dict[str, tuple[QFont, QFont, QFont]] = {}
        self._painted_rows: dict[tuple[object, ...], tuple[Texts, BubbleLayout]] = {}
        self.highlighted_id: int | None = None  # the message a search opened, marked until the agent moves

    # -- geometry -------------------------------------------------------------------

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        """The body font, a smaller one for times and separators, and its bold for the "Bot" label."""
        key = option.font.key()
        fonts = self._font_sets.get(key)
        if fonts is None:
            font = QFont(option.font)  # a copy: the option's own dies with the option
            small = QFont(font)
            small.setPointSizeF(max(6.0, font.pointSizeF() * 0.82))
            bold = QFont(small)
            bold.setBold(True)
            fonts = self._font_sets[key] = (font, small, bold)
        return fonts

    def _layout(self, option: QStyleOptionViewItem, item: ChatMessage, texts: Texts) -> BubbleLayout:
        font, small, bold = self._fonts(option)
        if item.message.kind is MessageKind.NOTICE:  # painted in italics, which run wider: measured so
            font = QFont(font)
            font.setItalic(True)
        return layout_row(item, texts, self._width(), QFontMetrics(font), QFontMetrics(small), QFontMetrics(bold))

    def _texts(self, item: ChatMessage, day: str | None) -> Texts:
        marked = item.message.direction is Direction.BOT and item.message.kind is not MessageKind.NOTICE
        label = self.tr("Bot") if marked else None
        time = clock(item.message.created_at)
        if item.message.queued_for_team:  # stored here; the team server has not taken it yet
            time = self.tr("Queued for the team server · {time}").format(time=time)
        return Texts(day=day, label=label, time=time)

    def _width(self) -> int:
        return max(1, self._view.viewport().width())

    def layout(self, option: QStyleOptionViewItem, index: Index) -> BubbleLayout:
        """The row's layout in item coordinates."""
        item: ChatMessage = index.data(ITEM_ROLE)
        return self._layout(option, item, self._texts(item, index.data(DAY_ROLE)))

    def layout_at(self, index: Index) -> BubbleLayout:
        """The row's layout in viewport coordinates (hit tests, tests)."""
        option = QStyleOptionViewItem()
        self.initStyleOption(option, index)
        option.font = self._view.font()
        rect = self._view.visualRect(index)
        return self.layout(option, index).translated(rect.left(), rect.top())

    @staticmethod
    def _row(index: Index) -> tuple[ChatMessage, str | None] | None:
        """The row's message and day separator, read from the model itself: through
        `index.data` its two round trips through Qt were most of a size hint, which the list
        asks of every loaded row at each layout (after every page)."""
        model, row = index.model(), index.row()
        if not isinstance(model, MessageListModel) or not 0 <= row < model.rowCount():
            return None
        return model.item(row), model.day_separator(row)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        shown = self._row(index)
        if shown is None:
            return super().sizeHint(option, index)
        return self._size(option, *shown)

    def measure(self, rows: Sequence[tuple[ChatMessage, str | None]]) -> None:
        """Measure rows (a message and its day separator) before they are shown, so the
        list's layout finds their sizes known: a page measured in one go held the loop up."""
        option = QStyleOptionViewItem()
        option.font = self._view.font()
        for item, day in rows:
            self._size(option, item, day)

    def _size(self, option: QStyleOptionViewItem, item: ChatMessage, day: str | None) -> QSize:
        key = (item.message.id, self._width(), day, shown_text(item), item.message.queued_for_team)
        size = self._sizes.get(key)
        if size is None:
            # Bounded, the first measured forgotten first (a dict keeps insertion order):
            # emptying it at once had every loaded row measured again in one layout.
            if len(self._sizes) >= CACHE_LIMIT:
                del self._sizes[next(iter(self._sizes))]
            size = self._sizes[key] = self._layout(option, item, self._texts(item, day)).size
        return size

    # -- painting -------------------------------------------------------------------

    def _painted(
        self, option: QStyleOptionViewItem, fonts: tuple[QFont, QFont, QFont], item: ChatMessage, day: str | None
    ) -> tuple[Texts, BubbleLayout]:
        """The row's texts and layout in item coordinates, kept for the rows painted last:
        scrolling repaints the rows on screen again and again."""
        message = item.message
        # The font set is kept for good, so its identity stands for the font; the locale for
        # the time's format and the translations (a language change sets both).
        key = (message.id, self._width(), day, shown_text(item), message.queued_for_team, id(fonts), QLocale().name())
        painted = self._painted_rows.get(key)
        if painted is None:
            if len(self._painted_rows) >= PAINTED_LIMIT:
                del self._painted_rows[next(iter(self._painted_rows))]
            texts = self._texts(item, day)
            painted = self._painted_rows[key] = (texts, self._layout(option, item, texts))
        return painted

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        shown = self._row(index)
        if shown is None:
            return
        item = shown[0]
        fonts = font, small, bold = self._fonts(option)
        texts, layout = self._painted(option, fonts, *shown)
        layout = layout.translated(option.rect.left(), option.rect.top())
        colours = colours_for(option.palette)
        message = item.message
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if layout.separator is not None and texts.day is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours.notice if message.kind is MessageKind.NOTICE else colours.border)
            painter.drawRoundedRect(layout.separator, 9, 9)
            painter.setFont(small)
            painter.setPen(colours.text)
            painter.drawText(layout.separator, Qt.AlignmentFlag.AlignCenter, texts.day)

        fill = {Direction.OUTGOING: colours.outgoing, Direction.BOT: colours.bot}.get(message.direction, colours.incoming)
        if message.kind is MessageKind.NOTICE and message.direction is not Direction.INCOMING:
            fill = colours.notice  # the console's or the bot's notice; a customer's described message keeps their colour
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setPen(QPen(selection_outline(option.palette, colours, fill), SELECTED_PEN))
        else:
            painter.setPen(colours.border)
        painter.setBrush(fill)
        painter.drawRoundedRect(layout.bubble.adjusted(1, 1, -2, -2) if selected else layout.bubble.adjusted(0, 0, -1, -1), 8, 8)
        if message.id == self.highlighted_id:
            self._paint_highlight(painter, layout.bubble, colours)

        if layout.label is not None and texts.label is not None:
            painter.setFont(bold)
            painter.setPen(colours.bot_label)
            painter.drawText(layout.label, Qt.AlignmentFlag.AlignLeft, texts.label)
        if layout.attachment is not None:
            self._paint_attachment(painter, layout, item, font, small, colours)
        text = shown_text(item)
        if layout.text is not None and text:
            body_font = QFont(font)
            body_font.setItalic(message.kind is MessageKind.NOTICE)
            painter.setFont(body_font)
            painter.setPen(colours.text)
            painter.drawText(layout.text, int(Qt.TextFlag.TextWordWrap), text)
        if layout.time is not None:
            painter.setFont(small)
            painter.setPen(colours.muted)
            painter.drawText(layout.time, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, texts.time)
        if layout.ticks is not None:
            paint_ticks(painter, layout.ticks.toRectF(), message.state, colours.tick, colours.tick_read)
        painter.restore()

    def _paint_highlight(self, painter: QPainter, bubble: QRect, colours: Colours) -> None:
        painter.setPen(QPen(colours.found, HIGHLIGHT_PEN))
        painter.setBrush(colours.found_fill)
        inset = HIGHLIGHT_PEN // 2
        painter.drawRoundedRect(bubble.adjusted(inset, inset, -inset - 1, -inset - 1), 8, 8)

    def _paint_attachment(
        self, painter: QPainter, layout: BubbleLayout, item: ChatMessage, font: QFont, small: QFont, colours: Colours
    ) -> None:
        box = layout.attachment
        assert box is not None
        attachment = item.attachment
        if isinstance(attachment, MediaContent) and attachment.kind is MediaKind.IMAGE:
            pixmap = self._media.thumbnail(item.message.id, attachment)
            if pixmap is not None:
                target = QRect(0, 0, pixmap.width(), pixmap.height())
                target.moveCenter(box.center())
                painter.drawPixmap(target, pixmap)
                return
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours.chip)
            painter.drawRoundedRect(box, 6, 6)
            painter.setFont(small)
            painter.setPen(colours.muted)
            failed = self._media.failed(item.message.id, attachment)
            note = self.tr("Image unavailable") if failed else self.tr("Loading image…")
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{note}\n{file_name(attachment)}")
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.chip)
        painter.drawRoundedRect(box, 6, 6)
        inner = box.adjusted(PAD, GAP, -PAD, -GAP)
        if isinstance(attachment, MediaContent):
            icon = QRect(inner.left(), inner.top() + (inner.height() - 28) // 2, 28, 28)
            painter.setBrush(colours.link)
            painter.drawRoundedRect(icon, 4, 4)
            painter.setPen(QColor("white"))
            painter.setFont(font)
            painter.drawText(icon, Qt.AlignmentFlag.AlignCenter, _glyph(attachment.kind))
            text_rect = inner.adjusted(36, 0, 0, 0)
            metrics = QFontMetrics(font)
            name = metrics.elidedText(file_name(attachment), Qt.TextElideMode.ElideMiddle, text_rect.width())
            painter.setPen(colours.text)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, name)
            size = self._media.size(item.message.id, attachment)
            detail = data_size(size) if size is not None else self._kind_label(attachment.kind)
            painter.setFont(small)
            painter.setPen(colours.muted)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, detail)
            return
        if isinstance(attachment, LocationContent):
            self._paint_place(painter, box, attachment, font, colours, layout.map_link)

    def _paint_place(
        self, painter: QPainter, box: QRect, place: LocationContent, font: QFont, colours: Colours, link: QRect | None
    ) -> None:
        metrics = QFontMetrics(font)
        pin = QRect(box.left() + PAD - 2, box.top() + GAP + 2, 10, 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#d13438"))
        painter.drawEllipse(pin)
        x, y, width = box.left() + PAD + 14, box.top() + GAP, box.width() - 2 * PAD - 14
        for text, bold in ((place.place_name, True), (place.address, False)):
            if not text:
                continue
            shown = QFont(font)
            shown.setBold(bold)
            painter.setFont(shown)
            painter.setPen(colours.text)
            painter.drawText(
                QRect(x, y, width, metrics.height()),
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, width),
            )
            y += metrics.height()
        if link is not None:
            underlined = QFont(font)
            underlined.setUnderline(True)
            painter.setFont(underlined)
            painter.setPen(colours.link)
            painter.drawText(link, Qt.AlignmentFlag.AlignLeft, self.tr("Open map"))

    def _kind_label(self, kind: MediaKind) -> str:
        return {
            MediaKind.IMAGE: self.tr("Image"),
            MediaKind.VIDEO: self.tr("Video"),
            MediaKind.AUDIO: self.tr("Audio"),
            MediaKind.DOCUMENT: self.tr("Document"),
        }[kind]

    # -- interaction ----------------------------------------------------------------

    def editorEvent(self, event: QEvent, model: object, option: QStyleOptionViewItem, index: Index) -> bool:
        """A click on "Open map" opens the place in the agent's browser."""
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            item: ChatMessage = index.data(ITEM_ROLE)
            if item is not None and isinstance(item.attachment, LocationContent):
                layout = self.layout(option, index).translated(option.rect.left(), option.rect.top())
                if layout.map_link is not None and layout.map_link.contains(event.position().toPoint()):
                    _open_in_browser(map_url(item.attachment))
                    return True
        return super().editorEvent(event, model, option, index)  # type: ignore[arg-type]


def _open_in_browser(url: str) -> None:
    """Imported at the first click, not with the chat: the first paint shows no link opened."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl(url))

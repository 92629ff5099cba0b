"""Paints a search result on two lines: who and where (contact · account · time), then the
piece of the message around the match, the match in bold."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from console.domain.search_views import SearchHit
from console.ui.labels import local_time
from console.ui.search.hits_model import HIT_ROLE

Index = QModelIndex | QPersistentModelIndex
PAD = 6


def hit_html(hit: SearchHit) -> str:
    """The result as rich text: the heading line and the snippet with its match in bold."""
    start, end = hit.highlight
    text = hit.snippet
    snippet = f"{escape(text[:start])}<b>{escape(text[start:end])}</b>{escape(text[end:])}"
    heading = f"<b>{escape(hit.contact_title)}</b> · {escape(hit.account_name)} · {escape(local_time(hit.at))}"
    return f"<div>{heading}</div><div>{snippet}</div>"


class SearchHitDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(PAD)
        document.setHtml(hit_html(index.data(HIT_ROLE)))
        # Size hints come without a rect: the rows are as wide as the view.
        document.setTextWidth(max(1, option.rect.width() or self._view.viewport().width()))
        return document

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        style = option.widget.style() if option.widget is not None else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

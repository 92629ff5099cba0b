"""Light, dark and high-contrast palettes: the bubbles' text, the ticks, the selected
bubble's outline and the timeline's state colours all stand out from what lies behind them
(WCAG 2: 4.5:1 for text, 3:1 for marks), and a selected bubble on a dark palette is drawn
with an outline that shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory
from pytestqt.qtbot import QtBot

from console.domain.lifecycle import DeliveryState
from console.ui.chat.bubble_delegate import colours_for, selection_outline
from console.ui.contrast import GRAPHICS, contrast
from console.ui.palettes import dark_palette, high_contrast_palette
from console.ui.session import ConsoleSession
from console.ui.timeline.colors import state_colors
from console.ui.tones import Tone, tone_color
from tests.ui.support import Run
from tests.ui.test_ui_chat import Chat, _outgoing

TEXT = 4.5


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    assert style is not None
    return style.standardPalette()


PALETTES = {"light": light_palette, "dark": dark_palette, "high-contrast": high_contrast_palette}


@pytest.mark.parametrize("name", PALETTES)
def test_bubbles_ticks_and_the_selection_outline_stand_out(name: str) -> None:
    palette = PALETTES[name]()
    colours = colours_for(palette)
    behind = palette.color(QPalette.ColorRole.Window)
    for fill in (colours.incoming, colours.outgoing, colours.bot):
        assert contrast(colours.text, fill) >= TEXT, (name, fill.name())
        assert contrast(colours.tick, fill) >= GRAPHICS, (name, fill.name())
        assert contrast(colours.tick_read, fill) >= GRAPHICS, (name, fill.name())
        outline = selection_outline(palette, colours, fill)
        assert contrast(outline, fill) >= GRAPHICS and contrast(outline, behind) >= GRAPHICS, (name, outline.name())
    assert colours.tick_read != colours.tick  # read differs from delivered by more than shape


@pytest.mark.parametrize("name", PALETTES)
def test_the_state_colours_stand_out_from_the_timeline_and_chart(name: str) -> None:
    palette = PALETTES[name]()
    colours = state_colors(palette)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        for state, colour in colours.items():
            assert contrast(colour, palette.color(role)) >= GRAPHICS, (name, state, colour.name())
    assert len({colour.name() for colour in colours.values()}) == len(DeliveryState)


def count_like(image: QImage, rect: QRect, colour: QColor, tolerance: int = 30) -> int:
    found = 0
    for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1)):
        for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1)):
            pixel = image.pixelColor(x, y)
            distance = abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green()) + abs(pixel.blue() - colour.blue())
            found += distance <= tolerance
    return found


@pytest.fixture
def chat(qtbot: QtBot, session: ConsoleSession, run: Run) -> Iterator[Chat]:
    opened = Chat(qtbot, session, run)
    yield opened
    opened.close()


@pytest.fixture
def dark_desktop(qapp: QApplication) -> Iterator[QPalette]:
    """The system's palette turns dark, as when the desktop's theme does."""
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    yield qapp.palette()
    qapp.setPalette(before)


def test_a_selected_bubble_on_a_dark_palette_has_an_outline_that_shows(dark_desktop: QPalette, chat: Chat) -> None:
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_outgoing, account.id, contact.id, "Hola, ¿cómo va?", (DeliveryState.READ, None))
    chat.open(account, contact, 1)
    view = chat.pane.list
    view.setCurrentIndex(chat.pane.model.index(0))
    image = chat.grab()
    layout = chat.pane.delegate.layout_at(chat.pane.model.index(0))
    colours = colours_for(view.palette())
    outline = selection_outline(view.palette(), colours, colours.outgoing)
    assert contrast(outline, colours.outgoing) >= GRAPHICS
    edge = QRect(layout.bubble.left(), layout.bubble.top(), 4, layout.bubble.height())  # its left side
    assert count_like(image, edge, outline) >= layout.bubble.height() // 2
    assert layout.ticks is not None and count_like(image, layout.ticks, colours.tick_read) > 5
    assert view.selectionModel().isSelected(chat.pane.model.index(0))
    assert view.palette().color(QPalette.ColorRole.Window) == dark_desktop.color(QPalette.ColorRole.Window)


@pytest.mark.parametrize("name", PALETTES)
def test_error_warning_and_done_read_on_the_window(name: str) -> None:
    palette = PALETTES[name]()
    for tone in Tone:
        assert contrast(tone_color(tone, palette), palette.color(QPalette.ColorRole.Window)) >= TEXT, (name, tone)

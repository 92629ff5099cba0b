"""The chat pane over a real workspace: paging back through history, painted bubbles and ticks,
media and places, the 24 h window banner, and verifying a send whose outcome is unknown."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QObject, QRect, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QFont, QFontMetrics, QImage
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from console.domain.accounts import Account
from console.domain.contact_views import ContactView
from console.domain.content import Content, LocationContent, MediaContent, MediaKind
from console.domain.content_codec import summarize
from console.domain.inbox import NOTE
from console.domain.lifecycle import DeliveryState, EventSource, StateEvent
from console.domain.messages import MessageKind, MessageSummary
from console.domain.notice_codec import stored
from console.domain.phones import parse_phone
from console.domain.sessions import SessionWindow
from console.providers.base import SendOptions
from console.providers.chattigo.answers import OFFERED, SHARED_CONTACTS
from console.sandbox.media_host import MediaFile, MediaHost, png_bytes
from console.services.preflight import serialize
from console.store import callbacks as callback_queries
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store.types import utcnow
from console.ui.bridge import TopicsBridge
from console.ui.chat.bubble_delegate import colours_for
from console.ui.chat.bubble_layout import OUTER, WRAP, shown_text
from console.ui.chat.ticks import FAILED_RED, GREY, READ_BLUE, UNKNOWN_AMBER
from console.ui.models.messages import DAY_ROLE, ITEM_ROLE
from console.ui.panes.chat import AROUND, KEPT, PAGE, ChatPane
from console.ui.selection import Selection
from console.ui.session import CLOUDAPI_DEMO, DEMO_ACCOUNT, ConsoleSession
from console.ui.tasks import stop_work
from tests.conftest import add_broadcasterbot_account
from tests.ui.support import Run

CUSTOMER = "59899123456"
PIN_BLUE = QColor(0, 122, 204)  # the demo picture's colour


class Chat:
    """A chat pane on its own, with the selection it follows, over the session's workspace."""

    def __init__(self, qtbot: QtBot, session: ConsoleSession, run: Run) -> None:
        self.qtbot = qtbot
        self.run = run
        self.workspace = session.workspace
        self.bridge = TopicsBridge(self.workspace.topics)
        self.selection = Selection()
        self.pane = ChatPane(self.workspace.conversations, self.bridge, self.selection)
        self.windows: list[SessionWindow | None] = []
        self.pane.session_window_changed.connect(self.windows.append)
        self.pane.resize(760, 620)
        self.pane.show()
        qtbot.waitExposed(self.pane)

    def account(self, name: str = DEMO_ACCOUNT) -> Account:
        return self.run(self.workspace.accounts.by_name(name))

    def contact(self, account: Account, phone: str = CUSTOMER) -> ContactView:
        contact_id = self.run(self.workspace.db.run(contact_queries.ensure_contact, account.id, phone, phone))
        contact = self.run(self.workspace.db.run(contact_queries.contact_by_id, contact_id))
        assert contact is not None
        return contact

    def store(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.run(self.workspace.db.run(fn, *args))

    def open(self, account: Account, contact: ContactView, rows: int) -> None:
        self.selection.set_account(account)
        self.selection.set_contact(contact)
        self.qtbot.waitUntil(lambda: self.pane.model.rowCount() == rows and not self.pane._tasks.running("load"))

    def row_of_body(self, body: str) -> int:
        model = self.pane.model
        return next(row for row in range(model.rowCount()) if model.message(row).body == body)

    def grab(self) -> QImage:
        self.pane.list.viewport().update()
        self.qtbot.wait(50)
        return self.pane.list.viewport().grab().toImage()

    def close(self) -> None:
        stop_work(self.pane)
        self.bridge.detach()
        self.pane.close()
        self.pane.deleteLater()


@pytest.fixture
def chat(qtbot: QtBot, session: ConsoleSession, run: Run) -> Iterator[Chat]:
    opened = Chat(qtbot, session, run)
    yield opened
    opened.close()


def pixels_like(image: QImage, rect: QRect, colour: QColor, tolerance: int = 40) -> int:
    count = 0
    for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1)):
        for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1)):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green()) + abs(pixel.blue() - colour.blue())
                <= tolerance
            ):
                count += 1
    return count


def _history(session: Session, account_id: int, contact_id: int, count: int) -> None:
    start = utcnow() - timedelta(days=4)
    for n in range(count):
        at = start + timedelta(minutes=15 * n)
        message_queries.record_incoming(session, account_id, contact_id, f"message {n}", f"in-{n}", at)


def test_a_long_conversation_opens_on_its_last_page_and_scrolling_up_loads_older(chat: Chat, qtbot: QtBot) -> None:
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_history, account.id, contact.id, 2 * PAGE + 50)

    chat.open(account, contact, PAGE)
    model, bar = chat.pane.model, chat.pane.list.verticalScrollBar()
    assert model.message(PAGE - 1).body == f"message {2 * PAGE + 49}"
    assert model.message(0).body == f"message {PAGE + 50}"
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())

    reading = model.message(0).id
    bar.setValue(0)  # the agent scrolls to the top
    top_before = chat.pane.delegate.layout_at(model.index(0)).bubble.top()
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE)
    assert model.message(0).body == "message 50"
    row = model.row_of(reading)
    assert row == PAGE
    # What the agent was reading stays where it was.
    assert chat.pane.delegate.layout_at(model.index(row)).bubble.top() == top_before

    bar.setValue(0)
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE + 50)
    assert model.message(0).body == "message 0"
    bar.setValue(0)
    qtbot.wait(200)
    assert model.rowCount() == 2 * PAGE + 50  # nothing older: no more loads
    bodies = [model.message(r).body for r in range(model.rowCount())]
    assert bodies == [f"message {n}" for n in range(2 * PAGE + 50)]


def test_scrolling_far_back_keeps_a_bounded_window_of_rows_and_the_place_being_read(chat: Chat, qtbot: QtBot) -> None:
    """Older pages come in above and as many rows go below, so the chat never holds more than
    KEPT rows however far back the agent scrolls; scrolling down brings the newest back, and
    rows seen before are not measured again."""
    account = chat.account()
    contact = chat.contact(account)
    total = 4 * PAGE + 50
    chat.store(_history, account.id, contact.id, total)
    chat.open(account, contact, PAGE)
    pane = chat.pane
    model, bar = pane.model, pane.list.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    largest = 0
    while model.message(0).body != "message 0":
        oldest = model.oldest_id
        reading = model.message(0).id
        bar.setValue(0)  # the agent scrolls to the top
        top_before = pane.delegate.layout_at(model.index(0)).bubble.top()
        qtbot.waitUntil(lambda oldest=oldest: model.oldest_id != oldest)
        largest = max(largest, model.rowCount())
        row = model.row_of(reading)
        assert row is not None and pane.delegate.layout_at(model.index(row)).bubble.top() == top_before
    assert largest == KEPT and model.rowCount() == KEPT
    assert [model.message(r).body for r in range(KEPT)] == [f"message {n}" for n in range(KEPT)]
    assert model.day_separator(0) is not None  # the first loaded row always says its day

    measured = len(pane.delegate._sizes)
    while model.message(model.rowCount() - 1).body != f"message {total - 1}":
        newest = model.newest_id
        bar.setValue(bar.maximum())  # back down to the present
        qtbot.waitUntil(lambda newest=newest: model.newest_id != newest)
        assert model.rowCount() <= KEPT
    assert [model.message(r).body for r in range(model.rowCount())] == [f"message {n}" for n in range(total - KEPT, total)]
    assert len(pane.delegate._sizes) <= measured + total // PAGE  # heights kept (but a new first row's day label)


def _outgoing(session: Session, account_id: int, contact_id: int, body: str, *events: tuple[DeliveryState, str | None]) -> int:
    stored = message_queries.create_outgoing(session, account_id, contact_id, MessageKind.TEXT, body)
    for state, detail in events:
        source = EventSource.LOCAL if state is DeliveryState.UNKNOWN else EventSource.RESPONSE
        message_queries.record_event(session, stored.id, StateEvent(state, None, utcnow(), source, detail))
    return stored.id


NOT_ON_WHATSAPP = "The number 59899123456 has no WhatsApp account."


def test_ticks_follow_the_canonical_state_and_a_failure_explains_itself(chat: Chat, qtbot: QtBot) -> None:
    account = chat.account()
    contact = chat.contact(account)
    states = {
        "pending": (),
        "sent": ((DeliveryState.ACCEPTED, None), (DeliveryState.SENT, None)),
        "delivered": ((DeliveryState.DELIVERED, None),),
        "read": ((DeliveryState.READ, None),),
        "failed": ((DeliveryState.FAILED, NOT_ON_WHATSAPP),),
        "unknown": ((DeliveryState.UNKNOWN, "The connection dropped."),),
    }
    for body, events in states.items():
        chat.store(_outgoing, account.id, contact.id, body, *events)

    chat.open(account, contact, len(states))
    model = chat.pane.model
    failed = model.index(chat.row_of_body("failed"))
    assert failed.data(Qt.ItemDataRole.ToolTipRole) == NOT_ON_WHATSAPP
    assert "Verify" in model.index(chat.row_of_body("unknown")).data(Qt.ItemDataRole.ToolTipRole)

    image = chat.grab()

    def ticks(body: str) -> QRect:
        layout = chat.pane.delegate.layout_at(model.index(chat.row_of_body(body)))
        assert layout.ticks is not None
        assert layout.bubble.right() >= chat.pane.list.viewport().width() - OUTER - 2  # outgoing: on the right
        return layout.ticks

    assert pixels_like(image, ticks("failed"), FAILED_RED) > 10
    assert pixels_like(image, ticks("unknown"), UNKNOWN_AMBER) > 10
    assert pixels_like(image, ticks("read"), READ_BLUE) > 5
    for body in ("pending", "sent", "delivered"):
        assert pixels_like(image, ticks(body), GREY) > 3
        assert pixels_like(image, ticks(body), READ_BLUE, tolerance=20) == 0
        assert pixels_like(image, ticks(body), FAILED_RED, tolerance=20) == 0
    # Two checks cover more of the mark than one.
    assert pixels_like(image, ticks("delivered"), GREY) > pixels_like(image, ticks("sent"), GREY)


def _conversation_of_all_kinds(session: Session, account_id: int, contact_id: int) -> None:
    yesterday = utcnow() - timedelta(days=1)
    message_queries.record_incoming(session, account_id, contact_id, "Hola, ¿tienen talle M?", "in-1", yesterday)
    message_queries.create_outgoing(session, account_id, contact_id, MessageKind.TEXT, "Sí, tenemos.")
    callback_queries.add_bot_message(session, account_id, contact_id, MessageKind.TEXT, "Soy el asistente.", utcnow())
    callback_queries.add_bot_message(session, account_id, contact_id, MessageKind.NOTICE, "The bot closed the chat.", utcnow())


def test_bubbles_sit_on_their_side_bot_answers_are_marked_and_days_are_separated(chat: Chat) -> None:
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_conversation_of_all_kinds, account.id, contact.id)
    chat.open(account, contact, 4)

    model, delegate = chat.pane.model, chat.pane.delegate
    width = chat.pane.list.viewport().width()
    incoming, outgoing, bot, notice = (delegate.layout_at(model.index(row)) for row in range(4))
    assert incoming.bubble.left() == OUTER and incoming.ticks is None
    assert outgoing.bubble.right() >= width - OUTER - 2 and outgoing.ticks is not None
    assert bot.bubble.left() == OUTER and bot.label is not None and incoming.label is None
    assert abs(notice.bubble.center().x() - width // 2) <= 2

    assert model.index(0).data(DAY_ROLE) == "Yesterday"
    assert model.index(1).data(DAY_ROLE) == "Today"
    assert model.index(2).data(DAY_ROLE) is None
    assert incoming.separator is not None and bot.separator is None

    image = chat.grab()
    assert pixels_like(image, bot.label, QColor("#5b3fc4"), tolerance=120) > 5  # the "Bot" label is painted
    assert pixels_like(image, outgoing.bubble.adjusted(3, 3, -3, -3), QColor("#d9fdd3"), tolerance=6) > 100
    assert pixels_like(image, bot.bubble.adjusted(3, 3, -3, -3), QColor("#ece6ff"), tolerance=6) > 100
    assert pixels_like(image, notice.bubble.adjusted(3, 3, -3, -3), QColor("#fff3c4"), tolerance=6) > 100


def _bot_answers_described(session: Session, account_id: int, contact_id: int) -> None:
    offered = OFFERED(body="¿Qué necesita hoy?", options="Ventas · Soporte · Pedidos · Reclamos")
    contacts = SHARED_CONTACTS(count=2, names="Ana Pérez, Beto Gómez")
    for note in (offered, contacts):
        fields = {NOTE: stored(note)}
        callback_queries.add_bot_message(session, account_id, contact_id, MessageKind.NOTICE, note.english(), utcnow(), fields)


def test_a_bots_described_answer_is_painted_whole_in_italics(chat: Chat) -> None:
    """A notice is painted in italics, which run wider than the upright text: it is measured
    so, or its last words fall off the bubble."""
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_bot_answers_described, account.id, contact.id)
    chat.open(account, contact, 2)
    italic = QFont(chat.pane.list.font())
    italic.setItalic(True)
    for row in range(2):
        index = chat.pane.model.index(row)
        layout, text = chat.pane.delegate.layout_at(index), shown_text(index.data(ITEM_ROLE))
        assert layout.text is not None and text is not None and text.startswith("The bot ")
        needed = QFontMetrics(italic).boundingRect(QRect(0, 0, layout.text.width(), 1_000_000), WRAP, text)
        assert needed.width() <= layout.text.width() and needed.height() <= layout.text.height(), text


def _notice_kept_with_another_body(session: Session, account_id: int, contact_id: int) -> None:
    """A notice whose stored body (what search reads) is not what it says now."""
    fields = {NOTE: stored(SHARED_CONTACTS(count=1, names="Ana Pérez"))}
    body = "[contacts] Ana Pérez"
    callback_queries.add_bot_message(session, account_id, contact_id, MessageKind.NOTICE, body, utcnow(), fields)


def test_a_screen_reader_hears_a_notice_as_the_bubble_says_it(chat: Chat) -> None:
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_notice_kept_with_another_body, account.id, contact.id)
    chat.open(account, contact, 1)
    index = chat.pane.model.index(0)
    heard = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert shown_text(index.data(ITEM_ROLE)) in heard and "[contacts]" not in heard


def _store_sent(session: Session, account_id: int, contact_id: int, content: Content) -> int:
    kind = MessageKind.LOCATION if isinstance(content, LocationContent) else MessageKind.MEDIA
    stored = message_queries.create_outgoing(
        session, account_id, contact_id, kind, summarize(content), serialize(content, SendOptions())
    )
    return stored.id


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened_urls() -> Iterator[list[str]]:
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    yield catcher.urls
    QDesktopServices.unsetUrlHandler("https")


PDF = b"%PDF-1.4 " + b"x" * 2400
FILES = {"shop.png": MediaFile(png_bytes(64, 48, (0, 122, 204)), "image/png"), "bill.pdf": MediaFile(PDF, "application/pdf")}


@pytest.fixture
def media_host(run: Run) -> Iterator[MediaHost]:
    """A file host on its own thread (it cannot start on the thread where the Qt loop runs)."""
    host = run(asyncio.to_thread(MediaHost(FILES).start))
    yield host
    run(asyncio.to_thread(host.stop))


def test_pictures_load_in_the_background_files_show_a_chip_and_places_open_a_map(
    chat: Chat, qtbot: QtBot, media_host: MediaHost, opened_urls: list[str]
) -> None:
    account = chat.account()
    contact = chat.contact(account)
    picture = MediaContent(MediaKind.IMAGE, media_host.url("shop.png"), caption="Our shop")
    bill = MediaContent(MediaKind.DOCUMENT, media_host.url("bill.pdf"), filename="Factura 4821.pdf")
    place = LocationContent(-34.9011, -56.1645, place_name="Tienda Centro", address="18 de Julio 1234")
    for content in (picture, bill, place):
        chat.store(_store_sent, account.id, contact.id, content)
    chat.open(account, contact, 3)
    media = chat.pane.media

    first, second = (chat.pane.model.item(row).message.id for row in (0, 1))
    qtbot.waitUntil(lambda: media.thumbnail(first, picture) is not None and media.size(second, bill) is not None)
    assert media.size(second, bill) == len(PDF)
    assert media_host.count("GET", "shop.png") == 1 and media_host.count("GET", "bill.pdf") == 0
    assert any((chat.workspace.data_dir / "media").iterdir())

    image = chat.grab()
    layout = chat.pane.delegate.layout_at(chat.pane.model.index(0))
    assert layout.attachment is not None
    assert pixels_like(image, layout.attachment, PIN_BLUE, tolerance=10) > 1000  # the picture itself
    assert layout.text is not None  # its caption

    menu = chat.pane.context_menu(2)
    actions = {action.text(): action for action in menu.actions()}
    assert "Verify…" not in actions
    actions["Open map"].trigger()
    assert opened_urls[-1].startswith("https://www.openstreetmap.org/?mlat=-34.901100&mlon=-56.164500")

    link = chat.pane.delegate.layout_at(chat.pane.model.index(2)).map_link
    assert link is not None
    qtbot.mouseClick(chat.pane.list.viewport(), Qt.MouseButton.LeftButton, pos=link.center())
    assert len(opened_urls) == 2 and opened_urls[0] == opened_urls[1]


def test_a_cloud_api_customers_photo_is_fetched_with_the_account_token_for_its_thumbnail(
    chat: Chat, qtbot: QtBot, session: ConsoleSession
) -> None:
    server = session.sandbox
    assert server is not None
    simulator = server.sandbox.cloudapi
    photo = png_bytes(64, 48, (0, 122, 204))
    media_id = server.call(simulator.add_media, photo, "image/png")
    customer = "59899555777"
    server.call(simulator.customer_writes, customer, "", "Ana", None, {"type": "image", "image": {"id": media_id}})
    # The simulator signs the webhook; the session's relay checks it and the message joins the chat.
    account = chat.account(CLOUDAPI_DEMO)
    contact = chat.contact(account, customer)
    chat.selection.set_account(account)
    chat.selection.set_contact(contact)
    qtbot.waitUntil(lambda: chat.pane.model.rowCount() >= 1)  # the demo's Chattigo bot answers after it
    content = chat.pane.model.item(0).attachment
    assert isinstance(content, MediaContent) and content.media_id == media_id and content.url == ""
    message_id = chat.pane.model.item(0).message.id

    media = chat.pane.media
    qtbot.waitUntil(lambda: media.thumbnail(message_id, content) is not None)
    assert server.sandbox.log.count("cloudapi", "media_download") == 1
    layout = chat.pane.delegate.layout_at(chat.pane.model.index(0))
    assert layout.attachment is not None
    assert pixels_like(chat.grab(), layout.attachment, PIN_BLUE, tolerance=10) > 1000  # the customer's photo itself
    assert "Open file" not in {action.text() for action in chat.pane.context_menu(0).actions()}  # no link to hand out


def test_the_banner_shows_the_24h_window_and_follows_the_customer(chat: Chat, qtbot: QtBot, session: ConsoleSession) -> None:
    assert session.sandbox is not None
    bb = chat.run(add_broadcasterbot_account(chat.workspace, session.sandbox, CUSTOMER))
    contact = chat.contact(bb)
    chat.open(bb, contact, 0)
    banner = chat.pane.session_banner
    qtbot.waitUntil(lambda: banner.isVisible())
    assert banner.text() == "No message from this customer has reached this console: their 24 h window is unknown"
    assert chat.windows[-1] is not None and not chat.windows[-1].is_open

    wrote_at = utcnow() - timedelta(hours=10, minutes=40)
    chat.run(chat.workspace.inbound.record(bb, parse_phone(CUSTOMER), "Hola, ¿sigue la oferta?", "wamid-1", wrote_at))
    qtbot.waitUntil(lambda: banner.text().startswith("Session open for"))
    assert banner.text() in ("Session open for 13 h 19 min", "Session open for 13 h 20 min")
    last = chat.windows[-1]
    assert last is not None and last.is_open and last.last_inbound_at == wrote_at
    qtbot.waitUntil(lambda: chat.pane.model.rowCount() == 1)  # and the message arrived live

    heynow = chat.account()
    chat.open(heynow, chat.contact(heynow), 0)
    assert not banner.isVisible()
    assert chat.windows[-1] is None


def test_verify_explains_what_can_be_known_about_an_unknown_send(chat: Chat, qtbot: QtBot) -> None:
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_outgoing, account.id, contact.id, "¿Llegó?", (DeliveryState.UNKNOWN, "The connection dropped."))
    chat.store(_outgoing, account.id, contact.id, "No llegó", (DeliveryState.FAILED, NOT_ON_WHATSAPP))
    chat.open(account, contact, 2)

    assert "Verify…" not in [action.text() for action in chat.pane.context_menu(1).actions()]
    verify = next(action for action in chat.pane.context_menu(0).actions() if action.text() == "Verify…")
    verify.trigger()
    result = chat.pane.verify_result
    qtbot.waitUntil(lambda: "never answered with an id" in result.text())
    assert "Check with Hey Now" in result.text()
    assert chat.pane.model.message(0).state is DeliveryState.UNKNOWN


def _read_now(session: Session, message_id: int) -> MessageSummary:
    return message_queries.record_event(session, message_id, StateEvent(DeliveryState.READ, "LU", utcnow(), EventSource.POLL))


def test_states_and_new_messages_arrive_live(chat: Chat, qtbot: QtBot) -> None:
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_history, account.id, contact.id, 30)
    sent = chat.store(_outgoing, account.id, contact.id, "¿Te llegó?", (DeliveryState.ACCEPTED, None))
    chat.open(account, contact, 31)
    model, bar = chat.pane.model, chat.pane.list.verticalScrollBar()

    chat.workspace.topics.message_changed.publish(chat.store(_read_now, sent))
    qtbot.waitUntil(lambda: model.message(30).state is DeliveryState.READ)
    ticks = chat.pane.delegate.layout_at(model.index(30)).ticks
    assert ticks is not None and pixels_like(chat.grab(), ticks, READ_BLUE) > 5

    chat.run(chat.workspace.inbound.record(account, parse_phone(CUSTOMER), "¡Sí, gracias!", "in-new", utcnow()))
    qtbot.waitUntil(lambda: model.rowCount() == 32)
    assert model.message(31).body == "¡Sí, gracias!"
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())  # the agent was at the bottom: it stays there


def test_a_chat_opened_far_back_loads_around_the_message_then_newer_pages_downwards(chat: Chat, qtbot: QtBot) -> None:
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_history, account.id, contact.id, 3 * PAGE)
    chat.open(account, contact, PAGE)
    model, bar = chat.pane.model, chat.pane.list.verticalScrollBar()
    target = chat.store(message_queries.conversation_messages, model.message(0).conversation_id, None, 10**6)[50].id

    chat.pane.reveal(target)
    qtbot.waitUntil(lambda: model.row_of(target) is not None and chat.selection.message_id == target)
    assert model.message(0).body == "message 0"
    assert model.message(model.rowCount() - 1).body == f"message {50 + AROUND}"  # half a page below it
    assert chat.pane.list.currentIndex().row() == model.row_of(target)
    assert chat.pane.delegate.highlighted_id == target
    bubble = chat.pane.delegate.layout_at(model.index(model.row_of(target))).bubble
    assert pixels_like(chat.grab(), bubble, colours_for(chat.pane.list.palette()).found) > 20  # framed

    # A customer writes meanwhile: it waits below, after the history between.
    chat.run(chat.workspace.inbound.record(account, parse_phone(CUSTOMER), "¿Siguen ahí?", "in-late", utcnow()))
    qtbot.wait(300)
    assert "¿Siguen ahí?" not in [model.message(row).body for row in range(model.rowCount())]

    while model.message(model.rowCount() - 1).body != "¿Siguen ahí?":
        newest = model.newest_id
        bar.setValue(bar.maximum())  # the agent scrolls down
        qtbot.waitUntil(lambda newest=newest: model.newest_id != newest)
    bodies = [model.message(row).body for row in range(model.rowCount())]
    # At most KEPT rows stay loaded: the oldest went as the newest came.
    assert bodies == [f"message {n}" for n in range(3 * PAGE)][-(KEPT - 1) :] + ["¿Siguen ahí?"]


def test_a_conversation_opens_with_its_rows_measured_beforehand(chat: Chat, qtbot: QtBot) -> None:
    """The newest page is measured a few rows per loop turn before the list shows it."""
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_history, account.id, contact.id, PAGE + 10)
    model, delegate = chat.pane.model, chat.pane.delegate
    shown: list[int] = []
    model.modelReset.connect(lambda: shown.append(len(delegate._sizes)) if model.rowCount() else None)

    chat.open(account, contact, PAGE)
    assert shown == [PAGE]  # every size was known when the rows reached the list


def test_a_message_opened_far_back_shows_rows_measured_beforehand(chat: Chat, qtbot: QtBot) -> None:
    """The rows around the message are measured a few per loop turn before the list shows
    them: measured by the list's layout, all at once, they held the loop up."""
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_history, account.id, contact.id, 3 * PAGE)
    chat.open(account, contact, PAGE)
    model, pane = chat.pane.model, chat.pane
    target = model.message(0).id - PAGE
    measured: dict[str, int] = {}
    model.modelReset.connect(lambda: measured.setdefault("shown", len(pane.delegate._sizes)))
    pane.list.selectionModel().currentChanged.connect(lambda *_: measured.setdefault("laid out", len(pane.delegate._sizes)))

    pane.reveal(target)
    qtbot.waitUntil(lambda: model.row_of(target) is not None and pane.list.currentIndex().row() == model.row_of(target))
    assert model.rowCount() == 2 * AROUND
    assert measured["laid out"] == measured["shown"]  # the layout found every size known


def test_times_in_the_bubbles_follow_a_change_of_locale(chat: Chat) -> None:
    """Painting keeps the texts and layout of the rows on screen; a new locale (a language
    chosen) still shows each time in its format at the next paint."""
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_history, account.id, contact.id, 3)
    try:
        QLocale.setDefault(QLocale("en_US"))
        chat.open(account, contact, 3)
        time = chat.pane.delegate.layout_at(chat.pane.model.index(2)).time  # "9:45 AM", the widest
        assert time is not None
        twelve_hour = chat.grab().copy(time)
        QLocale.setDefault(QLocale("es_ES"))
        assert chat.grab().copy(time) != twelve_hour  # "9:45"
    finally:
        QLocale.setDefault(QLocale.system())


def test_sending_from_far_back_in_a_chat_brings_it_to_the_present(chat: Chat, qtbot: QtBot) -> None:
    account = chat.account()
    contact = chat.contact(account)
    chat.store(_history, account.id, contact.id, 3 * PAGE)
    chat.open(account, contact, PAGE)
    model = chat.pane.model
    target = model.message(0).id - PAGE  # 200 messages above the first page
    chat.pane.reveal(target)
    qtbot.waitUntil(lambda: model.row_of(target) is not None)

    sent = chat.run(chat.workspace.outbox.send_text(account, CUSTOMER, "Te respondo enseguida"))
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.message(model.rowCount() - 1).id == sent.id)
    assert model.message(0).body == f"message {2 * PAGE + 1}"  # the newest page, with what was sent
    assert chat.selection.message_id == sent.id

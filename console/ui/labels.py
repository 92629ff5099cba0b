"""Words and formats shown for core values, translatable."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale
from PySide6.QtGui import QColor

from console.domain.accounts import ConnectionState
from console.domain.attachments import file_name
from console.domain.content import LocationContent, MediaContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.phones import parse_phone
from console.domain.views import ChatMessage
from console.ui.wording import say

if TYPE_CHECKING:  # not built before the first paint, which shows no contact
    from console.domain.contact_views import ContactView

# Spelled out at each call so that `make translations` (lupdate) finds the strings.
translate = QCoreApplication.translate


def delivery_state(state: DeliveryState) -> str:
    return {
        DeliveryState.PENDING: translate("labels", "pending"),
        DeliveryState.UNKNOWN: translate("labels", "unknown"),
        DeliveryState.ACCEPTED: translate("labels", "accepted"),
        DeliveryState.SENT: translate("labels", "sent"),
        DeliveryState.DELIVERED: translate("labels", "delivered"),
        DeliveryState.READ: translate("labels", "read"),
        DeliveryState.FAILED: translate("labels", "failed"),
        DeliveryState.DELETED: translate("labels", "deleted"),
    }[state]


def event_source(source: EventSource) -> str:
    return {
        EventSource.LOCAL: translate("labels", "this console"),
        EventSource.RESPONSE: translate("labels", "send answer"),
        EventSource.POLL: translate("labels", "status poll"),
        EventSource.CALLBACK: translate("labels", "callback"),
    }[source]


def connection_state(state: ConnectionState) -> str:
    return {
        ConnectionState.UNKNOWN: translate("labels", "not checked yet"),
        ConnectionState.SIGNING_IN: translate("labels", "signing in…"),
        ConnectionState.CONNECTED: translate("labels", "connected"),
        ConnectionState.WRONG_CREDENTIALS: translate("labels", "wrong credentials"),
        ConnectionState.UNREACHABLE: translate("labels", "unreachable"),
        ConnectionState.ERROR: translate("labels", "error"),
    }[state]


CONNECTION_COLORS = {
    ConnectionState.UNKNOWN: QColor("#9e9e9e"),
    ConnectionState.SIGNING_IN: QColor("#f0a30a"),
    ConnectionState.CONNECTED: QColor("#2e9d48"),
    ConnectionState.WRONG_CREDENTIALS: QColor("#d13438"),
    ConnectionState.UNREACHABLE: QColor("#d13438"),
    ConnectionState.ERROR: QColor("#d13438"),
}


def clock(moment: datetime, *, seconds: bool = False, millis: bool = False) -> str:
    """Local wall-clock time in the agent's locale: "13:05" (es), "1:05 PM" (en_US); with
    `millis`, "1:05:09.250 PM": the milliseconds after the seconds, before any AM/PM."""
    locale = QLocale()
    time = _local(moment).time()
    if not (seconds or millis):
        return locale.toString(time, QLocale.FormatType.ShortFormat)
    fraction = f"'{locale.decimalPoint()}'zzz" if millis else ""
    return locale.toString(time, locale.timeFormat(QLocale.FormatType.ShortFormat).replace("mm", f"mm:ss{fraction}"))


def local_time(moment: datetime, *, seconds: bool = False, millis: bool = False) -> str:
    """Local wall-clock time; the date too (the locale's short date) when it is not today."""
    shown = clock(moment, seconds=seconds, millis=millis)
    day = _local(moment).date()
    if day == QDateTime.currentDateTime().date():
        return shown
    return f"{QLocale().toString(day, QLocale.FormatType.ShortFormat)} {shown}"


def data_size(size: int) -> str:
    """A file or download size in the agent's locale: "2,5 MB"."""
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def _local(moment: datetime) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000)).toLocalTime()


def precise_time(moment: datetime) -> str:
    """Local time to the millisecond, for timelines whose events are close together."""
    return local_time(moment, millis=True)


@lru_cache(maxsize=4096)
def readable_phone(raw: str) -> str:
    """`+598 99 123 456` when `raw` is a valid number, else `raw` unchanged."""
    try:
        return parse_phone(raw).international
    except InvalidInput:
        return raw


def has_name(contact: ContactView) -> bool:
    """Providers name a contact after its number when it has no profile name."""
    return contact.display_name != contact.phone


def contact_title(contact: ContactView) -> str:
    phone = readable_phone(contact.phone)
    return f"{contact.display_name} · {phone}" if has_name(contact) else phone


def message_line(item: ChatMessage) -> str:
    """A message as one line for a notification: what it carries in the agent's language
    ("📎 factura.pdf", "📍 Obelisco", "plantilla pedido_listo"), not its stored summary."""
    if item.note is not None:
        return say(item.note)
    if item.template is not None:
        return QCoreApplication.translate("InboxTexts", "template {name}").format(name=item.template.content.name)
    attachment = item.attachment
    if isinstance(attachment, MediaContent):
        return f"📎 {attachment.caption or file_name(attachment)}"
    if isinstance(attachment, LocationContent):
        return f"📍 {attachment.place_name or attachment.address or f'{attachment.latitude:.5f}, {attachment.longitude:.5f}'}"
    return item.message.body

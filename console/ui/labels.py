"""Words and formats shown for core values, translatable."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from console.domain.accounts import ConnectionState
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.phones import parse_phone
from console.store.contacts import ContactView


def _t(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def delivery_state(state: DeliveryState) -> str:
    return {
        DeliveryState.PENDING: _t("pending"),
        DeliveryState.UNKNOWN: _t("unknown"),
        DeliveryState.ACCEPTED: _t("accepted"),
        DeliveryState.SENT: _t("sent"),
        DeliveryState.DELIVERED: _t("delivered"),
        DeliveryState.READ: _t("read"),
        DeliveryState.FAILED: _t("failed"),
        DeliveryState.DELETED: _t("deleted"),
    }[state]


def event_source(source: EventSource) -> str:
    return {
        EventSource.LOCAL: _t("this console"),
        EventSource.RESPONSE: _t("send answer"),
        EventSource.POLL: _t("status poll"),
        EventSource.CALLBACK: _t("callback"),
    }[source]


def connection_state(state: ConnectionState) -> str:
    return {
        ConnectionState.UNKNOWN: _t("not checked yet"),
        ConnectionState.SIGNING_IN: _t("signing in…"),
        ConnectionState.CONNECTED: _t("connected"),
        ConnectionState.WRONG_CREDENTIALS: _t("wrong credentials"),
        ConnectionState.UNREACHABLE: _t("unreachable"),
        ConnectionState.ERROR: _t("error"),
    }[state]


CONNECTION_COLORS = {
    ConnectionState.UNKNOWN: QColor("#9e9e9e"),
    ConnectionState.SIGNING_IN: QColor("#f0a30a"),
    ConnectionState.CONNECTED: QColor("#2e9d48"),
    ConnectionState.WRONG_CREDENTIALS: QColor("#d13438"),
    ConnectionState.UNREACHABLE: QColor("#d13438"),
    ConnectionState.ERROR: QColor("#d13438"),
}


def local_time(moment: datetime, *, seconds: bool = False) -> str:
    """Local wall-clock time; the date too when it is not today."""
    local = moment.astimezone()
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    if local.date() == datetime.now().astimezone().date():
        return clock
    return f"{local:%Y-%m-%d} {clock}"


def precise_time(moment: datetime) -> str:
    """Local time to the millisecond, for timelines whose events are close together."""
    local = moment.astimezone()
    return f"{local_time(moment, seconds=True)}.{local.microsecond // 1000:03d}"


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

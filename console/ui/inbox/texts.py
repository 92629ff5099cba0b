"""How an inbox row reads: the summary of its last message, its time and the 24 h window left."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale
from PySide6.QtGui import QColor

from console.domain.accounts import ProviderKind
from console.domain.inbox import HELD, BotHandling, preview_line
from console.domain.messages import MessageKind
from console.domain.views import InboxRow
from console.ui.wording import say

# One colour per provider: the small tag beside the account's name.
PROVIDER_COLORS = {
    ProviderKind.HEYNOW: QColor("#1f77b4"),
    ProviderKind.BROADCASTERBOT: QColor("#d62728"),
    ProviderKind.CHATTIGO: QColor("#2ca02c"),
    ProviderKind.CLIENGO: QColor("#9467bd"),
    ProviderKind.TIMELINESAI: QColor("#ff7f0e"),
    ProviderKind.CLOUDAPI: QColor("#25d366"),
}


def summary(row: InboxRow) -> str:
    """The last message as one line, "template" in the agent's language."""
    if row.last_kind is MessageKind.TEMPLATE:
        return QCoreApplication.translate("InboxTexts", "template {name}").format(name=row.preview)
    if row.last_kind is None:
        return QCoreApplication.translate("InboxTexts", "(nothing written yet)")
    if row.note is not None:
        return say(row.note)
    return preview_line(row.last_kind, row.preview)


def bot_text(row: InboxRow) -> str:
    """Who answers where a bot does: "bot", or that the bot finished and an agent is awaited;
    nothing once an agent has it, or where no bot answers."""
    if row.bot is BotHandling.BOT:
        return QCoreApplication.translate("InboxTexts", "bot")
    if row.bot is BotHandling.HANDED_OVER:
        return QCoreApplication.translate("InboxTexts", "bot finished, waiting for an agent")
    return ""


def holder_text(row: InboxRow) -> str:
    """Team mode: "Ana has this conversation."; nothing when nobody has it."""
    return say(HELD(holder=row.holder)) if row.holder else ""


def row_time(moment: datetime | None, now: datetime) -> str:
    """Today: the time (13:05); another day: the short date, in the agent's locale."""
    if moment is None:
        return ""
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    today = QDateTime.fromSecsSinceEpoch(int(now.timestamp())).toLocalTime().date()
    locale = QLocale()
    if local.date() == today:
        return locale.toString(local.time(), QLocale.FormatType.ShortFormat)
    return locale.toString(local.date(), QLocale.FormatType.ShortFormat)


def window_text(row: InboxRow, now: datetime) -> str:
    """"2 h 10 min" or "closed"; empty where the provider keeps no 24 h window."""
    if not row.keeps_window:
        return ""
    left = row.window_left(now)
    if left is None:
        return QCoreApplication.translate("InboxTexts", "closed")
    hours, minutes = _hours_minutes(left)
    if hours:
        return QCoreApplication.translate("InboxTexts", "{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    return QCoreApplication.translate("InboxTexts", "{minutes} min").format(minutes=minutes)


def _hours_minutes(left: timedelta) -> tuple[int, int]:
    minutes = int(left.total_seconds() // 60)
    return minutes // 60, minutes % 60

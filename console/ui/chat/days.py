"""Day separator labels: "Today", "Yesterday", then the date in the agent's language."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QLocale


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def day_label(day: date, today: date) -> str:
    if day == today:
        return QCoreApplication.translate("days", "Today")
    if day == today - timedelta(days=1):
        return QCoreApplication.translate("days", "Yesterday")
    shown = QDate(day.year, day.month, day.day)
    if day.year == today.year:
        return QLocale().toString(shown, "dddd d MMMM")
    return QLocale().toString(shown, QLocale.FormatType.LongFormat)

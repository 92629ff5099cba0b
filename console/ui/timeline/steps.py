"""The time between two state events, the way an agent reads it: "+2.4 s", "+3 min"."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QLocale

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


# Spelled out at each call so that `make translations` (lupdate) finds the strings.
translate = QCoreApplication.translate


def _magnitude(seconds: float) -> str:
    if seconds < 0.9995:
        return translate("timeline", "{n} ms").format(n=round(seconds * 1000))
    if seconds < 9.95:
        return translate("timeline", "{n} s").format(n=QLocale().toString(seconds, "f", 1))
    whole = round(seconds)
    if whole < MINUTE:
        return translate("timeline", "{n} s").format(n=whole)
    if whole < 10 * MINUTE:
        minutes, rest = divmod(whole, MINUTE)
        return (
            translate("timeline", "{m} min {s} s").format(m=minutes, s=rest)
            if rest
            else translate("timeline", "{m} min").format(m=minutes)
        )
    minutes = round(seconds / MINUTE)
    if minutes < HOUR // MINUTE:
        return translate("timeline", "{m} min").format(m=minutes)
    if minutes < DAY // MINUTE:
        hours, rest = divmod(minutes, 60)
        return (
            translate("timeline", "{h} h {m} min").format(h=hours, m=rest)
            if rest
            else translate("timeline", "{h} h").format(h=hours)
        )
    days, rest = divmod(round(seconds / HOUR), 24)
    return translate("timeline", "{d} d {h} h").format(d=days, h=rest) if rest else translate("timeline", "{d} d").format(d=days)


def step_text(step: timedelta) -> str:
    """Signed: providers' clocks can put a later-learnt event before an earlier one."""
    seconds = step.total_seconds()
    sign = "+" if seconds >= 0 else "−"
    return sign + _magnitude(abs(seconds))

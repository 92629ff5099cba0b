"""The account's health line: its connection state and, when signed in, the token's time left."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication

from console.domain.accounts import AccountHealth, ConnectionState
from console.ui.labels import connection_state

# Spelled out at each call so that `make translations` (lupdate) finds the strings.
translate = QCoreApplication.translate


def time_left(seconds: float) -> str:
    """`5 h 12 min`, `12 min`, `less than a minute`."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return translate("health", "less than a minute")
    hours, minutes = divmod(minutes, 60)
    if hours:
        return translate("health", "{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    return translate("health", "{minutes} min").format(minutes=minutes)


def health_line(health: AccountHealth, expires_at: datetime | None, now: datetime | None = None) -> str:
    line = connection_state(health.state)
    if health.state is ConnectionState.CONNECTED and expires_at is not None:
        left = (expires_at - (now or datetime.now(UTC))).total_seconds()
        if left > 0:
            line += " · " + translate("health", "token expires in {time}").format(time=time_left(left))
        else:
            line += " · " + translate("health", "token expired; signs in again on the next request")
    return line

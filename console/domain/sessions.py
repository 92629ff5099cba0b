"""WhatsApp's customer-service window: free-form messages only within 24 h of the
customer's last message; outside it only a template can (re)open the conversation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

SESSION_WINDOW = timedelta(hours=24)


def session_remaining(last_inbound_at: datetime | None, now: datetime) -> timedelta | None:
    """Time left in the window, or None when it is closed (or never opened)."""
    if last_inbound_at is None:
        return None
    left = last_inbound_at + SESSION_WINDOW - now
    return left if left > timedelta(0) else None


@dataclass(frozen=True, slots=True)
class SessionWindow:
    """The customer-service window of one conversation at one moment."""

    last_inbound_at: datetime | None
    remaining: timedelta | None  # None: closed, only a template can reopen it

    @property
    def is_open(self) -> bool:
        return self.remaining is not None


def session_window(last_inbound_at: datetime | None, now: datetime) -> SessionWindow:
    return SessionWindow(last_inbound_at, session_remaining(last_inbound_at, now))

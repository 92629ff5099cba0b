"""WhatsApp's customer-service window: free-form messages only within 24 h of the
customer's last message; outside it only a template can (re)open the conversation."""

from __future__ import annotations

from datetime import datetime, timedelta

SESSION_WINDOW = timedelta(hours=24)


def session_remaining(last_inbound_at: datetime | None, now: datetime) -> timedelta | None:
    """Time left in the window, or None when it is closed (or never opened)."""
    if last_inbound_at is None:
        return None
    left = last_inbound_at + SESSION_WINDOW - now
    return left if left > timedelta(0) else None

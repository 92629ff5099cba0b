"""A contact as the window shows it, and the agenda's pages of contacts.

Built by the store, read by the services and the window (see `views`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    account_id: int
    external_id: str
    phone: str
    display_name: str
    in_agenda: bool
    last_inbound_at: datetime | None
    registered_at: datetime | None = None  # when the provider confirmed the registration (opt-in)
    unread: int = 0  # customer's messages the agent has not opened yet


@dataclass(frozen=True, slots=True)
class AgendaPlace:
    """A place in the agenda's order (named contacts by name, then unnamed ones by number),
    where a filter goes on: after the contact `last` = (display name, phone, search text,
    id), or at the start of its part when `last` is None."""

    unnamed: bool
    last: tuple[str, str, str, int] | None


@dataclass(frozen=True, slots=True)
class AgendaMatches:
    """Contacts matching a filter, in the agenda's order, found with bounded work.
    `after`: where the next answer goes on, None once the end of the agenda is reached (a
    short or empty answer with `after` set is not the end); `total`: how many contacts
    match in all, when this answer knows it; else `more_than`: a number they are known to
    exceed (0 when nothing is known)."""

    contacts: tuple[ContactView, ...]
    after: AgendaPlace | None
    total: int | None
    more_than: int = 0

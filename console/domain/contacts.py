"""Contacts of an account's agenda."""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.notices import Notice


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """One contact as a provider's agenda lists it, already in our terms."""

    external_id: str  # the provider's id for the customer (Hey Now: clientId)
    phone: str  # digits with country code, or the raw id when it is not a number
    display_name: str
    first_name: str | None = None
    last_name: str | None = None


@dataclass(frozen=True, slots=True)
class UnreadableContact:
    """One item of a provider's agenda that could not be read: kept raw, with the reason."""

    raw: str  # the item as the provider sent it (JSON text)
    reason: Notice  # why it could not be read


@dataclass(frozen=True, slots=True)
class AgendaListing:
    """A downloaded agenda, read item by item: one bad contact never loses the others."""

    entries: list[AgendaEntry]
    unreadable: list[UnreadableContact]

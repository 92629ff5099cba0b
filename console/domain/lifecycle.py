"""The canonical delivery lifecycle shared by every provider.

Providers report states in their own words; each observation becomes a `StateEvent`
with the canonical state, the provider's raw state, when and how it was learnt. The
state shown for a message is folded from those events and never moves backwards: a
late `sent` after `read` is kept in the timeline but does not demote the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from console.domain.notices import Notice


class DeliveryState(StrEnum):
    PENDING = "pending"  # stored here, no request made yet
    UNKNOWN = "unknown"  # the request may or may not have reached the provider
    ACCEPTED = "accepted"  # the provider took it
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    DELETED = "deleted"  # deleted or expired


class EventSource(StrEnum):
    LOCAL = "local"  # written by this console (queued, gave up following, ...)
    RESPONSE = "response"  # the provider's answer to our request
    POLL = "poll"
    CALLBACK = "callback"


_PROGRESS_RANK = {
    DeliveryState.PENDING: 0,
    DeliveryState.UNKNOWN: 1,
    DeliveryState.ACCEPTED: 2,
    DeliveryState.SENT: 3,
    DeliveryState.DELIVERED: 4,
    DeliveryState.READ: 5,
}

TERMINAL_STATES = frozenset({DeliveryState.READ, DeliveryState.FAILED, DeliveryState.DELETED})


def is_terminal(state: DeliveryState) -> bool:
    """No further delivery news is expected for a message in this state."""
    return state in TERMINAL_STATES


def fold_state(shown: DeliveryState, observed: DeliveryState) -> DeliveryState:
    """The state to show after observing `observed` while `shown` is displayed.

    Progress states only move forward. `deleted` is a later fact that ends any state.
    `failed` ends a message that was not yet delivered; a failure reported after a
    delivery is kept in the timeline only.
    """
    if shown in (DeliveryState.FAILED, DeliveryState.DELETED):
        return shown
    if observed is DeliveryState.DELETED:
        return observed
    if observed is DeliveryState.FAILED:
        return observed if _PROGRESS_RANK[shown] < _PROGRESS_RANK[DeliveryState.DELIVERED] else shown
    if _PROGRESS_RANK[observed] > _PROGRESS_RANK[shown]:
        return observed
    return shown


@dataclass(frozen=True, slots=True)
class StateEvent:
    """One observation of a message's state."""

    state: DeliveryState
    raw_state: str | None
    at: datetime
    source: EventSource
    detail: Notice | None = None  # what an agent reads (failure reason, note)
    # The provider's answer or callback body behind the event, as received (JSON as text):
    # what a dispute with the provider is argued from. Never holds a secret.
    payload: str | None = None

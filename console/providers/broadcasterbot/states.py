"""What Broadcasterbot's reports say (doc §6.1.2 and its "Tabla de estados"), for the send's
answer and the callbacks alike: a `status` ("success" or "failure") and a `state`.
"""

from __future__ import annotations

from console.domain.lifecycle import DeliveryState
from console.domain.notices import Notice, Wording

PROVIDER = "Broadcasterbot"

# `dispatched` means handed to WhatsApp's servers; WhatsApp has not sent it yet, which
# the doc reports separately as `sent`. So `dispatched` stays ACCEPTED (the raw state
# keeps the detail in the timeline) and only `sent` counts as SENT.
STATE_MAP: dict[str, DeliveryState] = {
    "queued": DeliveryState.ACCEPTED,
    "dispatched": DeliveryState.ACCEPTED,
    "sent": DeliveryState.SENT,
    "delivered": DeliveryState.DELIVERED,
    "read": DeliveryState.READ,
    "deleted": DeliveryState.DELETED,
    "failed": DeliveryState.FAILED,
    "no_opt_in": DeliveryState.FAILED,
    "no_capability": DeliveryState.FAILED,
}
PROGRESS = frozenset({DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ})
_ENDS = frozenset({DeliveryState.FAILED, DeliveryState.DELETED})

# The causes the table gives, in its words.
NOT_REGISTERED = Wording(
    "broadcasterbot.not_registered", "This contact is not registered at Broadcasterbot: register it before sending."
)
NO_WHATSAPP = Wording("broadcasterbot.no_whatsapp", "This number has no WhatsApp, so Broadcasterbot cannot send to it.")
DELETED_OR_EXPIRED = Wording(
    "broadcasterbot.deleted_or_expired", "Broadcasterbot reports the message was deleted, or expired, in WhatsApp."
)
FAILED_WITHOUT_CAUSE = Wording(
    "broadcasterbot.failed_without_cause", "Broadcasterbot reports that the message failed; it gives no cause."
)
FAILED_IN_STATE = Wording(
    "broadcasterbot.failed_in_state", "Broadcasterbot reports that the message failed ({state}); it gives no cause."
)


def state_of(status: str, raw_state: str | None) -> DeliveryState | None:
    """The state a report means; None when it cannot be known (a state the table does not list
    with a "success" status). The table's ends (`deleted`, the failures) win over the status;
    a "failure" status fails any other state."""
    mapped = STATE_MAP.get(raw_state or "")
    if mapped in _ENDS:
        return mapped
    if status == "failure":
        return DeliveryState.FAILED
    return mapped


def reason_of(state: DeliveryState, raw_state: str | None) -> Notice | None:
    """A sentence for a report that ends a message, naming no cause the provider did not give."""
    if state is DeliveryState.DELETED:
        return DELETED_OR_EXPIRED()
    if state is not DeliveryState.FAILED:
        return None
    if raw_state == "no_opt_in":
        return NOT_REGISTERED()
    if raw_state == "no_capability":
        return NO_WHATSAPP()
    # `failed` is only "El mensaje falló": the document gives no cause, so none is named.
    return FAILED_IN_STATE(state=raw_state) if raw_state else FAILED_WITHOUT_CAUSE()

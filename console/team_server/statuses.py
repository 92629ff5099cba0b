"""A delivery status learnt after the send's answer (a callback, a poll), folded into a team
message as the console folds it (`domain.lifecycle.fold_state`: progress never goes back).

A status and the answer naming its message may race: a callback can arrive before the send's
answer is recorded. Both take `lock_provider_id` first (a PostgreSQL transaction-scoped advisory
lock on the account and provider message id; SQLite's single writer serialises them anyway),
so either the status finds its message, or the answer finds the status kept for it. Lock order
everywhere: that lock, then the message's row, then the change counter (`store.append_change`).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from console.domain.lifecycle import DeliveryState, fold_state, is_terminal
from console.domain.notice_codec import stored
from console.domain.notices import Notice

__all__ = ["Folded", "folded", "lock_provider_id"]

STATUS_LOCK = 0x5354  # the advisory lock's first key: a team message's statuses
EXPLAINED = frozenset({DeliveryState.FAILED, DeliveryState.UNKNOWN, DeliveryState.DELETED})  # states that keep a reason


def lock_provider_id(connection: Connection, account: str, provider_message_id: str) -> None:
    if connection.dialect.name != "postgresql":
        return
    key = zlib.crc32(f"{account}\0{provider_message_id}".encode()) - 2**31  # PostgreSQL's int4
    connection.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"), {"space": STATUS_LOCK, "key": key})


@dataclass(frozen=True, slots=True)
class Folded:
    state: str
    raw_state: str | None
    detail: str | None  # `notice_codec.stored`

    def values(self) -> dict[str, Any]:
        """The row's new values; a message in a final state is no longer polled."""
        values: dict[str, Any] = {"state": self.state, "raw_state": self.raw_state, "detail": self.detail}
        if is_terminal(DeliveryState(self.state)):
            values["next_poll_ms"] = None
        return values


def folded(row: Any, state: DeliveryState, raw_state: str | None, detail: Notice | None) -> Folded | None:
    """The message's (state, raw state, detail) once this status is folded in; None when
    nothing the consoles see changes (a repeated or older report)."""
    shown = DeliveryState(row.state) if row.state in DeliveryState.__members__.values() else DeliveryState.PENDING
    new = fold_state(shown, state)
    if new is not state or (new is shown and raw_state is None):
        return None
    after = Folded(new.value, raw_state, stored(detail) if new in EXPLAINED else None)
    return None if after == Folded(row.state, row.raw_state, row.detail) else after

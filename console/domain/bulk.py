"""A bulk run of one template to many recipients: its states and what a view shows of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from console.domain.notices import Notice


class RunStatus(StrEnum):
    RUNNING = "running"  # sending, or the console closed while it was
    STOPPED = "stopped"  # the agent cancelled; what is left can still be resumed
    FINISHED = "finished"  # every recipient has an outcome (or was skipped)


class Outcome(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"  # the request may be on its way
    SENT = "sent"
    FAILED = "failed"  # refused before or by the provider: it did not reach the customer
    VERIFY = "verify"  # it may or may not have left: never re-sent automatically
    SKIPPED = "skipped"  # discarded by the agent before it was sent


@dataclass(frozen=True, slots=True)
class RecipientView:
    id: int
    position: int
    recipient: str
    params: dict[str, Any]
    outcome: Outcome
    message_id: int | None
    detail: Notice | None


@dataclass(frozen=True, slots=True)
class RunView:
    id: int
    account_id: int
    template: dict[str, Any]
    status: RunStatus
    total: int
    created_at: datetime
    counts: dict[Outcome, int]

    @property
    def remaining(self) -> int:
        return self.counts.get(Outcome.QUEUED, 0)

    @property
    def done(self) -> int:
        return self.total - self.remaining - self.counts.get(Outcome.SENDING, 0)

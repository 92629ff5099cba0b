"""A message's delivery history for the timeline and for export, and an account's day by state.

The export is what an agent hands a provider in a dispute: the message as stored (what
was asked), every state event in the order it was learnt with the provider's raw answer
or callback behind it, times in ISO-8601 UTC. Account settings are left out and secrets
never reach the database, so none can leak into it.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from console.domain.accounts import PROVIDER_TITLES, ProviderKind
from console.domain.lifecycle import DeliveryState, StateEvent
from console.domain.messages import MessageSummary
from console.domain.notices import Notice
from console.providers.registry import capabilities
from console.store import history as history_queries
from console.store.database import Database
from console.store.history import MessageRecord
from console.store.missing import NO_MESSAGE, Missing
from console.store.types import utcnow

EXPORT_FORMAT = "centralita.message-history/1"
HOURS = 24
# The order states stack in, from the bottom: the lifecycle's progress, then its ends.
STATE_ORDER = (
    DeliveryState.PENDING,
    DeliveryState.UNKNOWN,
    DeliveryState.ACCEPTED,
    DeliveryState.SENT,
    DeliveryState.DELIVERED,
    DeliveryState.READ,
    DeliveryState.FAILED,
    DeliveryState.DELETED,
)


@dataclass(frozen=True, slots=True)
class MessageTimeline:
    message: MessageSummary
    provider: ProviderKind
    delivery_reports: bool  # False: the provider never says more than "accepted"
    events: list[StateEvent]


@dataclass(frozen=True, slots=True)
class DayChart:
    """Outgoing messages of one local day by hour of creation, per current state."""

    day: date
    counts: dict[DeliveryState, list[int]] = field(default_factory=dict)  # HOURS values per state seen

    @property
    def states(self) -> list[DeliveryState]:
        return [state for state in STATE_ORDER if state in self.counts]

    def total(self, state: DeliveryState | None = None) -> int:
        if state is not None:
            return sum(self.counts.get(state, ()))
        return sum(sum(values) for values in self.counts.values())


class HistoryService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def timeline(self, message_id: int) -> MessageTimeline | None:
        record = await self._db.run(history_queries.message_record, message_id)
        if record is None:
            return None
        reports = capabilities(record.provider).delivery_reports
        return MessageTimeline(record.message, record.provider, reports, record.events)

    async def day_chart(self, account_id: int, now: datetime | None = None) -> DayChart:
        """Today on the computer's clock (the day of `now`, when given)."""
        local = (now or utcnow()).astimezone()
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        offset = local.utcoffset() or timedelta(0)
        rows = await self._db.run(
            history_queries.outgoing_by_hour,
            account_id,
            start,
            start + timedelta(days=1),
            int(offset.total_seconds() // 60),
        )
        counts: dict[DeliveryState, list[int]] = {}
        for row in rows:
            counts.setdefault(row.state, [0] * HOURS)[row.hour] += row.count
        return DayChart(start.date(), counts)

    async def export(self, message_id: int, path: Path) -> Path:
        """Write the message's full history as JSON to `path` (replaced whole, never half-written)."""
        record = await self._db.run(history_queries.message_record, message_id)
        if record is None:
            raise Missing(NO_MESSAGE(id=str(message_id)))
        document = history_document(record, exported_at=utcnow())
        await asyncio.to_thread(_write_json, path, document)
        return path


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def history_document(record: MessageRecord, *, exported_at: datetime) -> dict[str, Any]:
    message = record.message
    return {
        "format": EXPORT_FORMAT,
        "exported_at": iso_utc(exported_at),
        "account": {
            "id": record.account_id,
            "name": record.account_name,
            "provider": record.provider.value,
            "provider_title": PROVIDER_TITLES[record.provider],
            "delivery_reports": capabilities(record.provider).delivery_reports,
        },
        "contact": {"phone": record.contact_phone, "name": record.contact_name},
        "message": {
            "id": message.id,
            "direction": message.direction.value,
            "kind": message.kind.value,
            "body": message.body,
            "content": record.content,
            "state": message.state.value,
            "raw_state": message.raw_state,
            "provider_message_id": message.provider_message_id,
            "failure_reason": _english(message.failure_reason),
            "created_at": iso_utc(message.created_at),
            "updated_at": iso_utc(record.updated_at),
        },
        "events": [
            {
                "at": iso_utc(event.at),
                "state": event.state.value,
                "raw_state": event.raw_state,
                "source": event.source.value,
                "detail": _english(event.detail),
                "payload": payload_value(event.payload),
            }
            for event in record.events
        ],
    }


def _english(notice: Notice | None) -> str | None:
    """A reason as the export keeps it: the English text, the same for every reader of the file."""
    return None if notice is None else notice.english()


def payload_value(payload: str | None) -> Any:
    """A stored payload as the export shows it: parsed back when it is JSON, else its text."""
    if payload is None:
        return None
    try:
        return json.loads(payload)
    except ValueError:
        return payload


def _write_json(path: Path, document: dict[str, Any]) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)

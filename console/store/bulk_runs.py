"""Bulk run queries: recipients and their outcomes, persisted around every send.

A recipient is marked `sending` before its request and gets its outcome after it, so
after a crash a `sending` recipient is known to have possibly left: it becomes `verify`,
never `queued` again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from console.domain.bulk import Outcome, RecipientView, RunStatus, RunView
from console.domain.notice_codec import restored, stored
from console.domain.notices import Notice, Wording
from console.store.tables import BulkRecipientRow, BulkRunRow

STOPPED_WHILE_SENDING = Wording(
    "bulk.stopped_while_sending",
    "The console stopped while this was being sent; check with the provider before sending it again.",
)


@dataclass(frozen=True, slots=True)
class NewRecipient:
    recipient: str
    params: dict[str, Any]


def create_run(session: Session, account_id: int, template: dict[str, Any], recipients: Sequence[NewRecipient]) -> int:
    run = BulkRunRow(account_id=account_id, template_json=json.dumps(template), total=len(recipients))
    session.add(run)
    session.flush()
    assert run.id is not None
    rows = [
        {
            "run_id": run.id,
            "position": position,
            "recipient": item.recipient,
            "params_json": json.dumps(item.params),
            "outcome": Outcome.QUEUED.value,
        }
        for position, item in enumerate(recipients, 1)
    ]
    if rows:
        session.connection().execute(BulkRecipientRow.__table__.insert(), rows)
    return run.id


def _counts(session: Session, run_id: int) -> dict[Outcome, int]:
    rows = session.exec(
        select(BulkRecipientRow.outcome, func.count())
        .where(BulkRecipientRow.run_id == run_id)
        .group_by(col(BulkRecipientRow.outcome))
    )
    return {Outcome(outcome): count for outcome, count in rows}


def _run_view(session: Session, row: BulkRunRow) -> RunView:
    assert row.id is not None
    return RunView(
        row.id,
        row.account_id,
        json.loads(row.template_json),
        RunStatus(row.status),
        row.total,
        row.created_at,
        _counts(session, row.id),
    )


def run_by_id(session: Session, run_id: int) -> RunView | None:
    row = session.get(BulkRunRow, run_id)
    return None if row is None else _run_view(session, row)


def unfinished_runs(session: Session, account_id: int | None = None) -> list[RunView]:
    """Runs that still have recipients to send, oldest first."""
    statement = select(BulkRunRow).where(BulkRunRow.status != RunStatus.FINISHED.value)
    if account_id is not None:
        statement = statement.where(BulkRunRow.account_id == account_id)
    return [_run_view(session, row) for row in session.exec(statement.order_by(col(BulkRunRow.id)))]


def start(session: Session, run_id: int) -> int:
    """Mark the run running; recipients left `sending` by a crash become `verify`. Returns how many."""
    session.execute(update(BulkRunRow).where(col(BulkRunRow.id) == run_id).values(status=RunStatus.RUNNING.value))
    result = session.execute(
        update(BulkRecipientRow)
        .where(col(BulkRecipientRow.run_id) == run_id, col(BulkRecipientRow.outcome) == Outcome.SENDING.value)
        .values(
            outcome=Outcome.VERIFY.value,
            detail=stored(STOPPED_WHILE_SENDING()),
        )
    )
    return result.rowcount or 0


def claim_next(session: Session, run_id: int) -> RecipientView | None:
    """The next queued recipient, marked `sending` in the same transaction."""
    row = session.exec(
        select(BulkRecipientRow)
        .where(BulkRecipientRow.run_id == run_id, BulkRecipientRow.outcome == Outcome.QUEUED.value)
        .order_by(col(BulkRecipientRow.position))
        .limit(1)
    ).first()
    if row is None:
        return None
    row.outcome = Outcome.SENDING.value
    session.add(row)
    session.flush()
    return _recipient_view(row)


def record_outcome(session: Session, recipient_id: int, outcome: Outcome, message_id: int | None, detail: Notice | None) -> None:
    session.execute(
        update(BulkRecipientRow)
        .where(col(BulkRecipientRow.id) == recipient_id)
        .values(outcome=outcome.value, message_id=message_id, detail=stored(detail))
    )


def set_status(session: Session, run_id: int, status: RunStatus) -> None:
    session.execute(update(BulkRunRow).where(col(BulkRunRow.id) == run_id).values(status=status.value))


def finish_if_done(session: Session, run_id: int) -> RunView | None:
    """Mark the run finished when nothing is queued or in flight; the run as it is now."""
    counts = _counts(session, run_id)
    if not counts.get(Outcome.QUEUED) and not counts.get(Outcome.SENDING):
        set_status(session, run_id, RunStatus.FINISHED)
    return run_by_id(session, run_id)


def discard(session: Session, run_id: int) -> None:
    """Skip what was not sent and close the run."""
    session.execute(
        update(BulkRecipientRow)
        .where(col(BulkRecipientRow.run_id) == run_id, col(BulkRecipientRow.outcome) == Outcome.QUEUED.value)
        .values(outcome=Outcome.SKIPPED.value)
    )
    set_status(session, run_id, RunStatus.FINISHED)


def recipients(session: Session, run_id: int) -> list[RecipientView]:
    rows = session.exec(
        select(BulkRecipientRow).where(BulkRecipientRow.run_id == run_id).order_by(col(BulkRecipientRow.position))
    )
    return [_recipient_view(row) for row in rows]


def _recipient_view(row: BulkRecipientRow) -> RecipientView:
    assert row.id is not None
    return RecipientView(
        row.id,
        row.position,
        row.recipient,
        json.loads(row.params_json),
        Outcome(row.outcome),
        row.message_id,
        restored(row.detail),
    )

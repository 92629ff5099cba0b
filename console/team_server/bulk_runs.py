"""Bulk runs the server owns: one template sent to many recipients by the server's send worker.

A console posts the run once (`POST /team/runs`, idempotent on its `client_key`); the server
stores the run, its items and one `team_message` per item in one transaction before anything
is sent, so the items follow the outbox rules of every other message (`messages`): claimed with
`SKIP LOCKED`, marked before the request, never sent again when they may have left. Each item's
message is a `message` change (it appears in its customer's chat on every console).

A template with a header file sends the same link to every item; the run and each item's message
keep it whole (a signed link with its query), and what consoles are told shows it without its
secrets (`media.shown_content`).

Progress is a `run` change: the run and each item's outcome (`domain.bulk.Outcome` values, in
the recipients' order), written when the outcomes changed since the last one (`publish`, run by
every process, one at a time per run). A run is `finished` once no item is queued or being sent.
Cancelling stops the items no worker has claimed: their messages become `failed` (the run's
outcome `skipped`), in one transaction; an item a worker has already claimed goes on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, select, update
from sqlalchemy.dialects import postgresql, sqlite

from console.domain.bulk import Outcome, RunStatus
from console.domain.lifecycle import DeliveryState
from console.domain.notice_codec import stored
from console.domain.notices import Wording
from console.domain.team_runs import item_key
from console.relay.store import utc_now
from console.team_server.bot_hands import agent_takes
from console.team_server.media import shown_content
from console.team_server.messages import SENDING, message_of
from console.team_server.schema import team_message, team_run, team_run_item
from console.team_server.store import Change, Refusal, append_changes

__all__ = ["CANCELLED", "Item", "Run", "RunStore", "runs_to_show"]

CANCELLED = Wording("team.run_cancelled", "not sent: {agent} cancelled the run")
RUN_KEY_REUSED = Wording("team.run_key_reused", "client_key {key} was already used for another run; make a new one for each run")
NO_RUN = Wording("team.no_run", "the server has no run {id}")

_OUTCOME_OF_STATE = {
    DeliveryState.PENDING.value: Outcome.QUEUED,
    SENDING: Outcome.SENDING,
    DeliveryState.UNKNOWN.value: Outcome.VERIFY,
    DeliveryState.FAILED.value: Outcome.FAILED,
}


@dataclass(frozen=True, slots=True)
class Item:
    customer: str  # the conversation's key, as `send_checks.CheckedSend.customer`
    kind: str
    content: dict[str, Any]  # as kept with the message: `services.preflight.serialize`
    params: dict[str, Any]  # {"params": […], "named_params": {…}}: what the consoles show of it


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    client_key: str
    account: str
    agent: str
    template: dict[str, Any]  # {"name", "language", "send_anyway"} and a header file's "media_url" (whole), "filename"
    status: str  # a `RunStatus` value: running or finished
    outcomes: list[str]  # an `Outcome` value per item, as last published
    cancelled_by: str | None
    created_at: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "client_key": self.client_key,
            "account": self.account,
            "agent": self.agent,
            "template": shown_content(self.template),
            "status": self.status,
            "total": len(self.outcomes),
            "outcomes": self.outcomes,
            "cancelled_by": self.cancelled_by,
            "created_at": self.created_at,
        }


def _run_of(row: Row[Any]) -> Run:
    template = json.loads(row.template)
    outcomes = json.loads(row.outcomes)
    return Run(row.id, row.client_key, row.account, row.agent, template, row.status, outcomes, row.cancelled_by, row.created_at)


def _dialect(connection: Connection) -> Any:
    return postgresql if connection.dialect.name == "postgresql" else sqlite


def _outcomes(connection: Connection, run_id: int) -> list[str]:
    rows = connection.execute(
        select(team_run_item.c.cancelled, team_message.c.state)
        .join(team_message, team_message.c.id == team_run_item.c.message_id)
        .where(team_run_item.c.run_id == run_id)
        .order_by(team_run_item.c.position)
    ).all()
    return [(Outcome.SKIPPED if row.cancelled else _OUTCOME_OF_STATE.get(row.state, Outcome.SENT)).value for row in rows]


def _progress(connection: Connection, row: Row[Any]) -> tuple[Run, bool]:
    """The run with its items' outcomes now, stored; whether they changed since the last `run` change."""
    outcomes = _outcomes(connection, row.id)
    unfinished = any(o in (Outcome.QUEUED.value, Outcome.SENDING.value) for o in outcomes)
    status = RunStatus.RUNNING.value if unfinished else RunStatus.FINISHED.value
    text = json.dumps(outcomes)
    if text == row.outcomes and status == row.status:
        return _run_of(row), False
    moved = update(team_run).where(team_run.c.id == row.id).values(outcomes=text, status=status, updated_at=utc_now())
    updated = connection.execute(moved.returning(team_run)).one()
    return _run_of(updated), True


def runs_to_show(connection: Connection, since: str) -> list[dict[str, Any]]:
    """The runs not finished, and those that moved at or after `since`, each as the `run` change that
    made it would carry it (with its recipients): what a joining console needs to show them."""
    rows = connection.execute(
        select(team_run)
        .where((team_run.c.status != RunStatus.FINISHED.value) | (team_run.c.updated_at >= since))
        .order_by(team_run.c.id)
    ).all()
    shown = []
    for row in rows:
        items = connection.execute(
            select(team_message.c.customer, team_message.c.content)
            .join(team_run_item, team_run_item.c.message_id == team_message.c.id)
            .where(team_run_item.c.run_id == row.id)
            .order_by(team_run_item.c.position)
        ).all()
        recipients = [
            {"customer": item.customer, "params": content.get("params") or [], "named_params": content.get("named_params") or {}}
            for item, content in ((item, json.loads(item.content)) for item in items)
        ]
        shown.append({**_run_of(row).as_json(), "recipients": recipients})
    return shown


def _run_change(run: Run, **extra: Any) -> tuple[str, str, str, str, dict[str, Any]]:
    return (run.agent, "run", run.account, "", {"run": {**run.as_json(), **extra}})


class RunStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def by_client_key(self, client_key: str) -> Run | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(team_run).where(team_run.c.client_key == client_key)).first()
        return None if row is None else _run_of(row)

    def create(
        self, agent: str, client_key: str, account: str, template: dict[str, Any], items: list[Item]
    ) -> tuple[Run, list[Change]]:
        """The run, its items and their messages stored `pending`, with a `run` change (carrying the
        recipients) and each message's `message` change; for a `client_key` already used for this
        run, the run as it stands and no change."""
        now = utc_now()
        template_text = json.dumps(template, ensure_ascii=False, sort_keys=True)
        outcomes = [Outcome.QUEUED.value] * len(items)
        with self.engine.begin() as connection:
            inserted = connection.execute(
                _dialect(connection)
                .insert(team_run)
                .values(
                    client_key=client_key,
                    account=account,
                    agent=agent,
                    template=template_text,
                    status=RunStatus.RUNNING.value,
                    total=len(items),
                    outcomes=json.dumps(outcomes),
                    created_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=["client_key"])
                .returning(team_run)
            ).first()
            if inserted is None:
                row = connection.execute(select(team_run).where(team_run.c.client_key == client_key)).one()
                if (row.agent, row.account, row.template, row.total) != (agent, account, template_text, len(items)):
                    raise Refusal(RUN_KEY_REUSED(key=client_key), 409)
                return _run_of(row), []
            run = _run_of(inserted)
            rows = connection.execute(
                team_message.insert().returning(team_message, sort_by_parameter_order=True),
                [
                    {
                        "client_key": item_key(client_key, position),
                        "account": account,
                        "customer": item.customer,
                        "agent": agent,
                        "kind": item.kind,
                        "content": json.dumps(item.content, ensure_ascii=False, sort_keys=True),
                        "state": DeliveryState.PENDING.value,
                        "attempts": 0,
                        "next_try_ms": 0,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for position, item in enumerate(items, 1)
                ],
            ).all()
            connection.execute(
                team_run_item.insert(),
                [{"run_id": run.id, "position": n, "message_id": row.id, "cancelled": False} for n, row in enumerate(rows, 1)],
            )
            recipients = [{"customer": item.customer, **item.params} for item in items]
            messages = [message_of(row) for row in rows]
            changes = append_changes(
                connection,
                [
                    *agent_takes(connection, account, [item.customer for item in items], agent),  # from a paired bot
                    _run_change(run, recipients=recipients),
                    *((agent, "message", account, m.customer, {"message": m.as_json()}) for m in messages),
                ],
            )
            return run, changes

    def cancel(self, agent: str, run_id: int) -> tuple[Run, list[Change]]:
        """Stop the run's items no worker has claimed; the run then, with its `run` change and a
        `message_state` change per stopped message."""
        with self.engine.begin() as connection:
            row = connection.execute(select(team_run).where(team_run.c.id == run_id).with_for_update()).first()
            if row is None:
                raise Refusal(NO_RUN(id=run_id), 404)
            items = select(team_run_item.c.message_id).where(team_run_item.c.run_id == run_id).scalar_subquery()
            # A row a worker is claiming is waited for, then seen `sending`: it is not stopped.
            stopped = connection.execute(
                update(team_message)
                .where(team_message.c.id.in_(items), team_message.c.state == DeliveryState.PENDING.value)
                .values(state=DeliveryState.FAILED.value, detail=stored(CANCELLED(agent=agent)), updated_at=utc_now())
                .returning(team_message)
            ).all()
            ids = [message.id for message in stopped]
            if ids:
                connection.execute(
                    update(team_run_item)
                    .where(team_run_item.c.run_id == run_id, team_run_item.c.message_id.in_(ids))
                    .values(cancelled=True)
                )
            if row.cancelled_by is None:
                row = connection.execute(
                    update(team_run).where(team_run.c.id == run_id).values(cancelled_by=agent).returning(team_run)
                ).one()
            run, _ = _progress(connection, row)
            messages = sorted((message_of(message) for message in stopped), key=lambda m: m.id)
            changes = append_changes(
                connection,
                [
                    *((m.agent, "message_state", m.account, m.customer, m.state_json()) for m in messages),
                    _run_change(run),
                ],
            )
            return run, changes

    def publish(self) -> list[Change]:
        """A `run` change for each running run whose outcomes changed since its last one; runs
        another process is publishing are skipped."""
        with self.engine.begin() as connection:
            rows = connection.execute(
                select(team_run)
                .where(team_run.c.status == RunStatus.RUNNING.value)
                .order_by(team_run.c.id)
                .with_for_update(skip_locked=True)
            ).all()
            changed = [run for run, moved in (_progress(connection, row) for row in rows) if moved]
            return append_changes(connection, [_run_change(run) for run in changed])

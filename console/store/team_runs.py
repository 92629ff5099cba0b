"""What the team server publishes about its accounts' catalogues and its bulk runs, as this
console keeps it: a `catalogue` change becomes the mirrored account's template catalogue; a
`run` change becomes a local bulk run (the bulk pane's), marked with the server's run id in
its template fields (`team_run`), whose recipients' outcomes follow the server's.

Neither is ever sent from here: the server sends a run's items, and the console only shows them.
A run this console starts is stored first, marked with its client key (`team_key`) and no server
id yet: queued until the server takes it (`queued_runs`), then marked with the server's id by the
answer or by its first `run` change, whichever comes first.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from console.domain.bulk import Outcome, RunStatus
from console.domain.notice_codec import stored
from console.domain.notices import Notice
from console.domain.team import TeamChange
from console.domain.team_customers import customer_address
from console.domain.team_runs import RUN_ID, RUN_KEY, TeamRun, item_key
from console.domain.templates import Template
from console.store import bulk_runs as bulk_queries
from console.store import templates as template_queries
from console.store.bulk_runs import NewRecipient
from console.store.tables import AccountRow, BulkRecipientRow, BulkRunRow, MessageRow

TEAM_RUN = RUN_ID  # the template field naming the server's run


def _team_account(session: Session, name: str) -> int | None:
    return session.exec(select(AccountRow.id).where(AccountRow.name == name, col(AccountRow.team))).first()


def apply_catalogue(session: Session, change: TeamChange) -> int | None:
    """The account's catalogue replaced by the server's; the account's id, None when it mirrors no such account."""
    if change.templates is None:
        return None
    return _replace(session, change.account, change.templates)


def replace_catalogues(session: Session, catalogues: dict[str, tuple[Template, ...]]) -> list[int]:
    """The mirrored accounts' catalogues as the server lists them; the ids of the accounts whose catalogue changed."""
    changed = (_replace(session, name, templates) for name, templates in catalogues.items())
    return [account_id for account_id in changed if account_id is not None]


def _replace(session: Session, account: str, templates: tuple[Template, ...]) -> int | None:
    account_id = _team_account(session, account)
    if account_id is None:
        return None
    if template_queries.list_templates(session, account_id) == sorted(templates, key=lambda t: (t.name, t.language)):
        return None
    template_queries.replace_templates(session, account_id, templates)
    return account_id


def local_run(session: Session, server_id: int) -> int | None:
    """The local run that shows the server's run `server_id`."""
    found = func.json_extract(BulkRunRow.template_json, f"$.{TEAM_RUN}")
    return session.exec(select(BulkRunRow.id).where(found == server_id)).first()


def team_run(session: Session, run_id: int) -> tuple[str | None, int | None]:
    """The client key and the server's id of a run the team server owns or will own; (None, None)
    for a run of this console's own, (key, None) for one queued here."""
    row = session.get(BulkRunRow, run_id)
    template = {} if row is None else json.loads(row.template_json)
    key, server_id = template.get(RUN_KEY), template.get(RUN_ID)
    return (None if key is None else str(key)), (None if server_id is None else int(server_id))


@dataclass(frozen=True, slots=True)
class QueuedRun:
    """A run stored here that the team server may not have yet: what posting it needs."""

    run_id: int
    account: str
    template: dict[str, Any]  # {"name", "language", "media_url", "filename", "send_anyway", "team_key", "agent"}
    recipients: list[tuple[str, dict[str, Any]]]  # ("+digits" or a user id, {"params", "named_params"}), in order


def queued_runs(session: Session) -> list[QueuedRun]:
    """The runs queued for the team server (not discarded), oldest first."""
    rows = session.exec(
        select(BulkRunRow, AccountRow.name)
        .join(AccountRow, col(AccountRow.id) == BulkRunRow.account_id)
        .where(
            func.json_extract(BulkRunRow.template_json, f"$.{RUN_KEY}").is_not(None),
            func.json_extract(BulkRunRow.template_json, f"$.{RUN_ID}").is_(None),
            BulkRunRow.status != RunStatus.FINISHED.value,
        )
        .order_by(col(BulkRunRow.id))
    ).all()
    found = []
    for row, account in rows:
        assert row.id is not None
        recipients = [(r.recipient, r.params) for r in bulk_queries.recipients(session, row.id)]
        found.append(QueuedRun(row.id, account, json.loads(row.template_json), recipients))
    return found


def refuse_queued(session: Session, run_id: int, reason: Notice) -> None:
    """The server refused a queued run (it stored nothing): every recipient failed, with its reason."""
    session.execute(
        update(BulkRecipientRow)
        .where(col(BulkRecipientRow.run_id) == run_id, col(BulkRecipientRow.outcome) == Outcome.QUEUED.value)
        .values(outcome=Outcome.FAILED.value, detail=stored(reason))
    )
    bulk_queries.set_status(session, run_id, RunStatus.FINISHED)


def forget_queued(session: Session, run_id: int) -> None:
    """A run the server refused as the agent started it: nothing of it is kept."""
    session.execute(delete(BulkRecipientRow).where(col(BulkRecipientRow.run_id) == run_id))
    session.execute(delete(BulkRunRow).where(col(BulkRunRow.id) == run_id))


def _queued_run(session: Session, run: TeamRun) -> int | None:
    """The local run queued under this run's key, now marked with the server's id."""
    key = func.json_extract(BulkRunRow.template_json, f"$.{RUN_KEY}")
    row = session.exec(select(BulkRunRow).where(key == run.client_key)).first()
    if row is None:
        return None
    row.template_json = json.dumps({**json.loads(row.template_json), RUN_ID: run.id})
    session.add(row)
    session.flush()
    return row.id


def apply_run(session: Session, run: TeamRun) -> int | None:
    """The run kept (made when its first change brings its recipients, or the one queued here under
    its key) with the server's outcomes; its local id, None when this console cannot show it (an
    account it does not mirror, or a change without the recipients of a run it never saw)."""
    run_id = local_run(session, run.id) or _queued_run(session, run)
    if run_id is None:
        account_id = _team_account(session, run.account)
        if account_id is None or run.recipients is None:
            return None
        template = {**run.template, RUN_ID: run.id, RUN_KEY: run.client_key, "agent": run.agent}
        recipients = [NewRecipient(customer_address(r.customer), r.params) for r in run.recipients]
        run_id = bulk_queries.create_run(session, account_id, template, recipients)
    rows = session.exec(
        select(BulkRecipientRow.id, BulkRecipientRow.position, BulkRecipientRow.outcome, BulkRecipientRow.message_id).where(
            BulkRecipientRow.run_id == run_id
        )
    ).all()
    moved: dict[Outcome, list[int]] = defaultdict(list)
    unlinked: dict[str, int] = {}
    for row_id, position, outcome, message_id in rows:
        if 0 < position <= len(run.outcomes) and run.outcomes[position - 1].value != outcome:
            moved[run.outcomes[position - 1]].append(row_id)
        if message_id is None:
            unlinked[item_key(run.client_key, position)] = row_id
    for outcome, ids in moved.items():
        session.execute(update(BulkRecipientRow).where(col(BulkRecipientRow.id).in_(ids)).values(outcome=outcome.value))
    _link_messages(session, unlinked)
    status = RunStatus.FINISHED if run.finished else RunStatus.RUNNING
    bulk_queries.set_status(session, run_id, status)
    return run_id


def _link_messages(session: Session, unlinked: dict[str, int]) -> None:
    """Recipients whose message this console now has (the server's `message` changes) point at it."""
    keys = list(unlinked)
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        found = session.exec(select(MessageRow.id, MessageRow.client_key).where(col(MessageRow.client_key).in_(batch))).all()
        for message_id, key in found:
            session.execute(
                update(BulkRecipientRow).where(col(BulkRecipientRow.id) == unlinked[str(key)]).values(message_id=message_id)
            )

"""What the team server publishes about its accounts' catalogues and its bulk runs, as this
console keeps it: a `catalogue` change becomes the mirrored account's template catalogue; a
`run` change becomes a local bulk run (the bulk pane's), marked with the server's run id in
its template fields (`team_run`), whose recipients' outcomes follow the server's.

Neither is ever sent from here: the server sends a run's items, and the console only shows them.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from console.domain.bulk import Outcome, RunStatus
from console.domain.team import TeamChange
from console.domain.team_runs import TeamRun, item_key
from console.domain.templates import Template
from console.store import bulk_runs as bulk_queries
from console.store import templates as template_queries
from console.store.bulk_runs import NewRecipient
from console.store.tables import AccountRow, BulkRecipientRow, BulkRunRow, MessageRow

TEAM_RUN = "team_run"  # the template field naming the server's run


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


def server_run(session: Session, run_id: int) -> int | None:
    """The server's id of the run a local run shows; None for a run of this console's own."""
    value = session.exec(
        select(func.json_extract(BulkRunRow.template_json, f"$.{TEAM_RUN}")).where(BulkRunRow.id == run_id)
    ).first()
    return None if value is None else int(value)


def apply_run(session: Session, run: TeamRun) -> int | None:
    """The run kept (made when its first change brings its recipients) with the server's outcomes;
    its local id, None when this console cannot show it (an account it does not mirror, or it
    joined after the run began)."""
    run_id = local_run(session, run.id)
    if run_id is None:
        account_id = _team_account(session, run.account)
        if account_id is None or run.recipients is None:
            return None
        template = {**run.template, TEAM_RUN: run.id, "team_key": run.client_key, "agent": run.agent}
        recipients = [NewRecipient("+" + r.customer, r.params) for r in run.recipients]
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

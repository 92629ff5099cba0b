"""A bulk run the team server owns, as its `run` changes describe it, and the keys of its items."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from console.domain.bulk import Outcome

__all__ = ["RUN_ID", "RUN_KEY", "TeamRun", "TeamRunRecipient", "item_key", "queued_for_team", "team_run_of"]

# The template fields of a console's bulk run that a team server owns: the server's run id (once
# the server has the run) and the run's client key (from the moment the console stored it).
RUN_ID, RUN_KEY = "team_run", "team_key"


def queued_for_team(template: dict[str, Any]) -> bool:
    """A bulk run stored for the team server that the server has not taken yet."""
    return RUN_KEY in template and RUN_ID not in template


def item_key(run_key: str, position: int) -> str:
    """The `client_key` of a run's item (`position` from 1): made from the run's, so the server and
    every console name the item's message alike, and a run posted again makes the same keys."""
    return str(uuid.uuid5(uuid.UUID(run_key), str(position)))


@dataclass(frozen=True, slots=True)
class TeamRunRecipient:
    customer: str  # the conversation's key (`team_customers`): a phone's digits, a user id
    params: dict[str, Any]  # {"params": […], "named_params": {…}}


@dataclass(frozen=True, slots=True)
class TeamRun:
    id: int
    client_key: str
    account: str
    agent: str  # who started it
    template: dict[str, Any]  # {"name", "language", "send_anyway"}, and "media_url" (without its secrets), "filename"
    finished: bool
    outcomes: tuple[Outcome, ...]  # each item's, in the recipients' order
    cancelled_by: str | None
    recipients: tuple[TeamRunRecipient, ...] | None  # only in the change that made the run


def team_run_of(item: Any) -> TeamRun:
    """A `run` change's (or a run answer's) run; `ValueError`, `KeyError` or `TypeError` when it is not one."""
    recipients = item.get("recipients")
    return TeamRun(
        id=int(item["id"]),
        client_key=str(uuid.UUID(str(item["client_key"]))),
        account=str(item["account"]),
        agent=str(item["agent"]),
        template=dict(item["template"]),
        finished=item["status"] == "finished",
        outcomes=tuple(Outcome(value) for value in item["outcomes"]),
        cancelled_by=None if item.get("cancelled_by") is None else str(item["cancelled_by"]),
        recipients=None
        if recipients is None
        else tuple(
            TeamRunRecipient(
                str(r["customer"]), {"params": list(r.get("params") or []), "named_params": dict(r.get("named_params") or {})}
            )
            for r in recipients
        ),
    )

"""The team server's catalogues and bulk runs applied with the change log's page
(`team.TeamFollower`), and announced once the page is committed."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from console.domain.team import TeamChange
from console.services.team_client import TeamClient
from console.services.topics import Topics
from console.store import team_runs
from console.store.database import Database

__all__ = ["RunChanges", "apply_runs", "sync_catalogues"]


@dataclass
class RunChanges:
    catalogues: set[int] = field(default_factory=set)  # accounts whose catalogue changed
    runs: set[int] = field(default_factory=set)  # local runs that moved

    def publish(self, topics: Topics) -> None:
        for account_id in sorted(self.catalogues):
            topics.templates_changed.publish(account_id)
        for run_id in sorted(self.runs):
            topics.bulk_run_changed.publish(run_id)


def apply_runs(session: Session, changes: list[TeamChange]) -> RunChanges:
    """`catalogue` and `run` changes applied (after the page's messages, so a run's recipients find theirs)."""
    shared = RunChanges()
    for change in changes:
        if change.kind == "catalogue" and (account_id := team_runs.apply_catalogue(session, change)) is not None:
            shared.catalogues.add(account_id)
        elif change.kind == "run" and change.run is not None and (run_id := team_runs.apply_run(session, change.run)) is not None:
            shared.runs.add(run_id)
    return shared


async def sync_catalogues(db: Database, client: TeamClient, topics: Topics) -> None:
    """Every mirrored account's catalogue as the server has it now (the change log brings the next ones)."""
    catalogues = await client.catalogues()
    changed = await db.run(team_runs.replace_catalogues, catalogues)
    RunChanges(catalogues=set(changed)).publish(topics)

"""Bulk runs on the team server's accounts: posted to the server, which stores and sends them
(`team_server.bulk_runs`); this console only shows them.

`create` posts the run under a new client key (the server stores a key once) and keeps it as a
local run marked with the server's id, so the bulk pane shows it as any other; the change log's
`run` changes move its recipients' outcomes, on every console (`store.team_runs`). `follow`
reports the progress until the server says the run is finished; cancelling it asks the server to
stop the items no server process has taken. A team run cannot be paused: the server sends it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from console.domain.accounts import Account
from console.domain.bulk import RunStatus, RunView
from console.domain.content import TemplateContent
from console.domain.errors import InvalidInput
from console.domain.notices import NoticeError, Wording
from console.domain.send_warnings import WarningKind
from console.domain.team_runs import TeamRun, TeamRunRecipient
from console.services.preflight import resolve_recipient
from console.services.team import NOT_JOINED
from console.services.team_client import SendRefused, TeamClient
from console.services.team_sender import TeamSender, refuse_not_yet
from console.services.topics import Topics
from console.store import bulk_runs as bulk_queries
from console.store import team_runs
from console.store.bulk_runs import NewRecipient
from console.store.database import Database
from console.store.missing import NO_BULK_RUN, Missing

MEDIA_RUNS = Wording(
    "team.bulk.media_template",
    "The team server does not run bulk sends of templates with media yet; send them one at a time, or from an "
    "account of this console.",
)

__all__ = ["TeamBulk"]

LOOK_EVERY = 0.5  # seconds between two reads of a followed run when no change announces it


class TeamBulk:
    def __init__(self, db: Database, topics: Topics, sender: TeamSender) -> None:
        self._db = db
        self._topics = topics
        self._sender = sender

    async def _client(self) -> TeamClient:
        client = self._sender.client
        if client is None and self._sender.find_client is not None:
            client = await self._sender.find_client()
        if client is None:
            raise NoticeError(NOT_JOINED())
        return client

    async def create(
        self,
        account: Account,
        template: TemplateContent,
        recipients: Sequence[NewRecipient],
        send_anyway: Collection[WarningKind],
    ) -> int:
        """Post the run; the local run that shows it. `InvalidInput` with the server's reason when it
        refuses the run (nothing was stored anywhere)."""
        if template.media_url is not None:
            raise InvalidInput("", MEDIA_RUNS())
        customers = [resolve_recipient(account, r.recipient, allow_unlisted=True) for r in recipients]
        for customer in customers:
            refuse_not_yet(customer)
        document = {
            "client_key": str(uuid.uuid4()),
            "account": account.name,
            "template": {"name": template.name, "language": template.language},
            "recipients": [{"customer": r.recipient, **r.params} for r in recipients],
            "send_anyway": sorted(kind.value for kind in send_anyway),
        }
        client = await self._client()
        try:
            run = await client.post_run(document)
        except SendRefused as refusal:
            raise InvalidInput("", refusal.notice) from None
        given = tuple(
            TeamRunRecipient(c.phone.digits if c.phone is not None else c.label, r.params)
            for c, r in zip(customers, recipients, strict=True)
        )
        return await self._keep(replace(run, recipients=run.recipients or given))

    async def _keep(self, run: TeamRun) -> int:
        run_id = await self._db.run(team_runs.apply_run, run)
        if run_id is None:
            raise Missing(NO_BULK_RUN(id=str(run.id)))
        self._topics.bulk_run_changed.publish(run_id)
        return run_id

    async def cancel(self, run_id: int, server_id: int) -> RunView:
        """Ask the server to stop what it has not taken; the local run as the answer leaves it."""
        run = await (await self._client()).cancel_run(server_id)
        await self._keep(run)
        view = await self._db.run(bulk_queries.run_by_id, run_id)
        assert view is not None
        return view

    async def follow(
        self, run_id: int, server_id: int, cancelled: Callable[[], bool], on_progress: Callable[[RunView], None]
    ) -> RunView:
        """Report the run's progress as the change log moves it, until it is finished or `cancelled()`
        (then cancelled at the server); the run as it ends."""
        moved = asyncio.Event()
        unsubscribe = self._topics.bulk_run_changed.subscribe(lambda changed: moved.set() if changed == run_id else None)
        try:
            while True:
                moved.clear()
                view = await self._db.run(bulk_queries.run_by_id, run_id)
                if view is None:
                    raise Missing(NO_BULK_RUN(id=str(run_id)))
                on_progress(view)
                if view.status is RunStatus.FINISHED:
                    return view
                if cancelled():
                    return await self.cancel(run_id, server_id)
                try:
                    async with asyncio.timeout(LOOK_EVERY):
                        await moved.wait()
                except TimeoutError:
                    pass
        finally:
            unsubscribe()

"""Bulk runs on the team server's accounts: posted to the server, which stores and sends them
(`team_server.bulk_runs`); this console only shows them.

`create` stores the run here first, with its recipients, under a new client key, then posts it
(the server stores a key once); when the server cannot be reached the run stays queued, shown in
the bulk pane as any other, and `flush` posts it again under the same key once the follower
reaches the server (`TeamSender.flush` runs it), so the server sends it once. The answer (or the
run's first `run` change) marks the local run with the server's id; the change log's `run`
changes move its recipients' outcomes, on every console (`store.team_runs`). `follow` reports the
progress until the server says the run is finished; cancelling it asks the server to stop the
items no server process has taken, or, while it is still queued here, discards it. A team run
cannot be paused: the server sends it.

A template with media is checked here as a single send of it is (its link's HEAD: reachable, its
size and type within the provider's limits) before anything is stored. Its link is kept with the
run without its secrets, as any send's; the whole link (a signed one's query) stays in this
process's memory until the server has the run (`team_posts` says the same of single sends), so a
run queued by a process that has since stopped, whose link was signed, fails unposted.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import replace
from typing import Any

from console.domain.accounts import Account
from console.domain.bulk import RunStatus, RunView
from console.domain.content import Content, TemplateContent
from console.domain.errors import InvalidInput
from console.domain.links import displayed_link
from console.domain.notices import NoticeError, Wording
from console.domain.send_warnings import PreflightReport, WarningKind, require_go_ahead
from console.domain.team_customers import customer_address
from console.domain.team_runs import RUN_KEY, TeamRun, TeamRunRecipient
from console.providers.errors import ProviderError
from console.services.preflight import resolve_recipient
from console.services.team import NOT_JOINED
from console.services.team_client import SendRefused, TeamClient
from console.services.team_posts import link_lost, team_customer
from console.services.team_sender import TeamSender
from console.services.topics import Topics
from console.store import bulk_runs as bulk_queries
from console.store import team as team_store
from console.store import team_runs
from console.store.bulk_runs import NewRecipient
from console.store.database import Database
from console.store.missing import NO_BULK_RUN, Missing
from console.store.team_runs import QueuedRun

LINK_LOST = Wording(
    "team.bulk.link_lost",
    "The console stopped before the team server took this bulk run, and its signed media link is not kept; "
    "start the run again.",
)

__all__ = ["SendCheck", "TeamBulk"]

# Exactly the checks a single send runs (`Outbox.check`): `InvalidInput`, or what needs a go-ahead.
SendCheck = Callable[[Account, str, Content], Awaitable[PreflightReport]]

log = logging.getLogger(__name__)

LOOK_EVERY = 0.5  # seconds between two reads of a followed run when no change announces it


def _document(run: QueuedRun, whole_link: str | None) -> dict[str, Any]:
    """The post of a queued run, from what the local run keeps and its media link as given."""
    template = run.template
    media = {"media_url": whole_link or template.get("media_url"), "filename": template.get("filename")}
    return {
        "client_key": template[RUN_KEY],
        "account": run.account,
        "template": {
            "name": template.get("name"),
            "language": template.get("language"),
            **{name: value for name, value in media.items() if value is not None},
        },
        "recipients": [{"customer": customer, **params} for customer, params in run.recipients],
        "send_anyway": list(template.get("send_anyway") or []),
    }


def _first_send(template: TemplateContent, first: NewRecipient) -> TemplateContent:
    """The run's template as its first recipient gets it."""
    named = first.params.get("named_params") or {}
    params = tuple(str(value) for value in first.params.get("params") or ())
    return replace(template, params=params, named_params={str(k): str(v) for k, v in dict(named).items()})


def _posted(run: TeamRun, queued: QueuedRun) -> TeamRun:
    """The server's answer with the recipients the console posted (the answer does not repeat them)."""
    given = tuple(TeamRunRecipient(customer.lstrip("+"), params) for customer, params in queued.recipients)
    return replace(run, recipients=run.recipients or given)


class TeamBulk:
    def __init__(self, db: Database, topics: Topics, sender: TeamSender, check: SendCheck) -> None:
        self._db = db
        self._topics = topics
        self._sender = sender
        self._check = check
        self._lock = asyncio.Lock()  # one post of the queued runs at a time; a discard waits for it
        self._links: dict[str, str] = {}  # the whole media links of this process's queued runs, by run key
        sender.also_flush.append(self.flush)

    async def _client(self) -> TeamClient | None:
        client = self._sender.client
        if client is None and self._sender.find_client is not None:
            client = await self._sender.find_client()
        return client

    async def create(
        self,
        account: Account,
        template: TemplateContent,
        recipients: Sequence[NewRecipient],
        send_anyway: Collection[WarningKind],
    ) -> int:
        """Store the run, queued for the server, then post it: the local run that shows it (still
        queued when the server could not be reached). `InvalidInput` with the server's reason when
        it refuses the run now, or with this console's (a media link a single send of the template
        would be refused, or held without a go-ahead, for: `NeedsSendAnyway`): nothing is kept,
        here or there."""
        keys = [team_customer(resolve_recipient(account, r.recipient, allow_unlisted=True)) for r in recipients]
        if template.media_url is not None:
            report = await self._check(account, recipients[0].recipient, _first_send(template, recipients[0]))
            require_go_ahead(report, [warning for warning in report.warnings if warning.kind in send_anyway])
        link = await self._db.run(team_store.link)
        key = str(uuid.uuid4())
        media = {} if template.media_url is None else {"media_url": displayed_link(template.media_url)}
        fields = {
            "name": template.name,
            "language": template.language,
            **media,
            **({} if template.filename is None else {"filename": template.filename}),
            "send_anyway": sorted(kind.value for kind in send_anyway),
            RUN_KEY: key,
            "agent": "" if link is None else link.agent,
        }
        rows = [NewRecipient(customer_address(c), r.params) for c, r in zip(keys, recipients, strict=True)]
        if template.media_url is not None:
            self._links[key] = template.media_url
        run_id = await self._db.run(bulk_queries.create_run, account.id, fields, rows)
        self._topics.bulk_run_changed.publish(run_id)
        try:
            await self.flush(refusing=run_id)
        except SendRefused as refusal:
            await self._db.run(team_runs.forget_queued, run_id)
            raise InvalidInput("", refusal.notice) from None
        return run_id

    async def flush(self, refusing: int | None = None) -> int:
        """Post every queued run, oldest first, until the server cannot be reached; how many it took
        or refused. A refused run fails (every recipient with the server's reason), except run
        `refusing`, whose refusal is raised (`SendRefused`) for the agent starting it."""
        async with self._lock:
            client = await self._client()
            if client is None:
                return 0
            done = 0
            for queued in await self._db.run(team_runs.queued_runs):
                key = queued.template[RUN_KEY]
                whole = self._links.get(key)
                if whole is None and link_lost(queued.template):
                    await self._db.run(team_runs.refuse_queued, queued.run_id, LINK_LOST())
                    self._topics.bulk_run_changed.publish(queued.run_id)
                    continue
                try:
                    run = await client.post_run(_document(queued, whole))
                except SendRefused as refusal:
                    self._links.pop(key, None)
                    if queued.run_id == refusing:
                        raise
                    await self._db.run(team_runs.refuse_queued, queued.run_id, refusal.notice)
                    self._topics.bulk_run_changed.publish(queued.run_id)
                except (ProviderError, NoticeError) as error:
                    log.info("the team server did not take a queued bulk run: %s", error)
                    return done
                else:
                    self._links.pop(key, None)
                    await self._keep(_posted(run, queued))
                done += 1
            return done

    async def _keep(self, run: TeamRun) -> int:
        run_id = await self._db.run(team_runs.apply_run, run)
        if run_id is None:
            raise Missing(NO_BULK_RUN(id=str(run.id)))
        self._topics.bulk_run_changed.publish(run_id)
        return run_id

    async def cancel(self, run_id: int) -> RunView:
        """Ask the server to stop what it has not taken (a run still queued here: discarded, never
        posted); the local run as it then stands."""
        async with self._lock:  # a post under way ends first: the run is then the server's, or not
            key, server_id = await self._db.run(team_runs.team_run, run_id)
            if server_id is None:
                await self._db.run(bulk_queries.discard, run_id)
                self._links.pop(str(key), None)
                self._topics.bulk_run_changed.publish(run_id)
        if server_id is not None:
            client = await self._client()
            if client is None:
                raise NoticeError(NOT_JOINED())
            await self._keep(await client.cancel_run(server_id))
        view = await self._db.run(bulk_queries.run_by_id, run_id)
        if view is None:
            raise Missing(NO_BULK_RUN(id=str(run_id)))
        return view

    async def follow(self, run_id: int, cancelled: Callable[[], bool], on_progress: Callable[[RunView], None]) -> RunView:
        """Report the run's progress as the change log moves it (queued here until the server takes
        it), until it is finished or `cancelled()` (then cancelled); the run as it ends."""
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
                    return await self.cancel(run_id)
                try:
                    async with asyncio.timeout(LOOK_EVERY):
                        await moved.wait()
                except TimeoutError:
                    pass
        finally:
            unsubscribe()

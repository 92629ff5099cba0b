"""Template catalogues and bulk runs on the team server: two server processes (in this process,
on one event loop) on a real PostgreSQL, the sandbox's WhatsApp Cloud API, and two consoles'
workspaces (two data folders) following them.

The server fetches the account's catalogue with the provider's client and publishes it once
(however many processes fetch it); each console keeps it as the account's catalogue, so its
pre-flight refuses a wrong template before anything is stored or posted, and the server refuses
one posted anyway. A 50-recipient run posted by console A reaches the sandbox once per
recipient and console B shows it finished in its bulk pane's store; cancelling a run stops the
items no server process has taken.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from console.domain.accounts import Account, ProviderKind
from console.domain.bulk import Outcome, RunStatus, RunView
from console.domain.content import TemplateContent
from console.domain.errors import InvalidInput
from console.domain.team_runs import queued_for_team
from console.domain.templates import Template
from console.sandbox import cloudapi
from console.sandbox.faults import Fault, FaultKind
from console.sandbox.server import SandboxServer
from console.services.bulk import BulkControl
from console.services.workspace import Workspace
from console.store import bulk_runs as bulk_queries
from console.store import templates as template_queries
from console.store.bulk_runs import NewRecipient
from console.store.secrets import MemorySecrets
from console.store.tables import BulkRunRow
from console.team_server.accounts import ServerAccounts
from console.team_server.claiming import WorkerOptions
from console.team_server.schema import team_change, team_message, team_run
from console.team_server.secrets import ServerSecrets
from console.team_server.server import TeamServer
from console.team_server.store import TeamStore
from tests.conftest import open_workspace, run_core
from tests.team_switch import Switch
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture

ACCOUNT = "Meta"
RUN_SIZE = 50
CONCURRENCY = 4  # sends under way at once per server process
FOLLOW_WAIT = 5.0


@dataclass
class Setting:
    database_url: str
    tokens: dict[str, str]
    sandbox: SandboxServer
    secrets: MemorySecrets


@pytest.fixture(scope="module")
def setting(postgres_cluster: Cluster) -> Iterator[Setting]:  # noqa: F811
    database_url = postgres_cluster.new_database()
    store = TeamStore.open(database_url)
    tokens = {name: store.add_agent(name) for name in ("ana", "bruno")}
    store_secrets = MemorySecrets()
    with SandboxServer() as sandbox:
        values = {
            "phone_number_id": cloudapi.DEMO_PHONE_NUMBER_ID,
            "waba_id": cloudapi.DEMO_WABA_ID,
            "access_token": cloudapi.DEMO_ACCESS_TOKEN,
            "app_secret": cloudapi.DEMO_APP_SECRET,
            "verify_token": cloudapi.DEMO_VERIFY_TOKEN,
            "graph_url": sandbox.base_urls[cloudapi.PROVIDER],
        }
        ServerAccounts(store.engine, ServerSecrets(store_secrets, {})).add(ACCOUNT, ProviderKind.CLOUDAPI, values)
        store.close()
        yield Setting(database_url, tokens, sandbox, store_secrets)


@contextlib.asynccontextmanager
async def servers(setting: Setting) -> AsyncIterator[list[TeamServer]]:
    token = secrets.token_urlsafe(32)
    options = WorkerOptions(concurrency=CONCURRENCY, lease=3.0, poll=0.2)
    started: list[TeamServer] = []
    try:
        for _ in range(2):
            opened = await asyncio.to_thread(
                TeamServer.open, setting.database_url, token, ServerSecrets(setting.secrets, {}), worker=options
            )
            started.append(await opened.start())
        yield started
    finally:
        for server in started:
            await server.stop()
            await asyncio.to_thread(server.store.close)


@contextlib.asynccontextmanager
async def consoles(setting: Setting, folder: Path, urls: list[str]) -> AsyncIterator[tuple[Workspace, Workspace]]:
    for name in ("ana", "bruno"):
        (folder / name).mkdir()
    async with (
        open_workspace(folder / "ana") as ana,
        open_workspace(folder / "bruno") as bruno,
    ):
        for workspace, url, name in ((ana, urls[0], "ana"), (bruno, urls[1], "bruno")):
            await workspace.team.join(url, setting.tokens[name])
            await workspace.team.start()
            await workspace.team.sync_accounts()
        yield ana, bruno


async def until(check: Any, timeout: float = FOLLOW_WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := await check()):
        if time.monotonic() > deadline:
            return value
        await asyncio.sleep(0.05)
    return value


async def account_of(workspace: Workspace) -> Account:
    found = await workspace.accounts.by_name(ACCOUNT)
    assert found is not None and found.team
    return found


async def catalogue(workspace: Workspace) -> list[Template]:
    account = await account_of(workspace)
    return await workspace.db.run(template_queries.list_templates, account.id)


def sandbox_sends(setting: Setting) -> Counter[str]:
    """How many sends reached the sandbox, per recipient (its digits)."""
    records = setting.sandbox.sandbox.log.records(cloudapi.PROVIDER)
    return Counter(json.loads(record.body)["to"].lstrip("+") for record in records if record.route == "send")


def count(server: TeamServer, table: Any, *where: Any) -> int:
    with server.store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def numbers(prefix: str) -> list[str]:
    return [f"+5989{prefix}{n:06d}" for n in range(RUN_SIZE)]


def test_the_catalogue_reaches_the_consoles_and_a_wrong_template_is_refused_before_any_request(
    setting: Setting, tmp_path: Path
) -> None:
    async def scenario() -> None:
        async with servers(setting) as started, consoles(setting, tmp_path, [s.root_url for s in started]) as (ana, bruno):
            for workspace in (ana, bruno):
                templates = await until(lambda w=workspace: catalogue(w))
                assert {(t.name, t.language, t.param_count, t.status) for t in templates} >= {
                    ("bienvenida", "es", 1, "APPROVED"),
                    ("recordatorio_turno", "es", 1, "PENDING"),
                }
            # Both processes fetched it; the log has it once.
            assert count(started[0], team_change, team_change.c.kind == "catalogue") == 1
            account = await account_of(ana)
            before = (sum(sandbox_sends(setting).values()), count(started[0], team_message))
            runs_before = count(started[0], team_run)
            with pytest.raises(InvalidInput) as refused:
                await ana.outbox.send(account, "+59899100200", TemplateContent("bienvenida", ("a", "b"), language="es"))
            assert refused.value.reason.code == "template.wrong_count"
            with pytest.raises(InvalidInput) as unapproved:
                await ana.outbox.send(account, "+59899100200", TemplateContent("recordatorio_turno", ("mañana",), language="es"))
            assert unapproved.value.reason.code == "templates.not_approved"
            assert (sum(sandbox_sends(setting).values()), count(started[0], team_message)) == before
            # The server checks a post against its catalogue too.
            async with httpx.AsyncClient() as http:
                answer = await http.post(
                    f"{started[1].root_url}/team/messages",
                    headers={"Authorization": f"Bearer {setting.tokens['bruno']}"},
                    json={
                        "client_key": str(uuid.uuid4()),
                        "account": ACCOUNT,
                        "customer": "+59899100200",
                        "content": {"type": "template", "name": "bienvenida", "params": [], "language": "es"},
                    },
                )
            assert answer.status_code == 422, answer.text
            assert answer.json()["values"]["reason"]["code"] == "template.wrong_count"
            # A run with one such recipient is refused whole, naming it; nothing is kept.
            rows = [NewRecipient(number, {"params": ["a"], "named_params": {}}) for number in numbers("3")[:5]]
            rows[2] = NewRecipient(rows[2].recipient, {"params": ["a", "b"], "named_params": {}})
            with pytest.raises(InvalidInput) as whole:
                await ana.bulk.create(account, TemplateContent("bienvenida", ("x",), language="es"), rows)
            assert whole.value.reason.code == "team.recipient_refused" and whole.value.reason.values["position"] == 3
            assert count(started[0], team_message) == before[1] and count(started[0], team_run) == runs_before
            assert await ana.bulk.unfinished() == []

    run_core(scenario())


def test_a_run_posted_by_one_console_reaches_each_recipient_once_and_the_other_console_sees_it(
    setting: Setting, tmp_path: Path
) -> None:
    recipients = numbers("1")

    async def scenario() -> None:
        async with servers(setting) as started, consoles(setting, tmp_path, [s.root_url for s in started]) as (ana, bruno):
            await until(lambda: catalogue(ana))
            seen_by_bruno: list[int] = []
            bruno.topics.bulk_run_changed.subscribe(seen_by_bruno.append)
            account = await account_of(ana)
            rows = [NewRecipient(number, {"params": [f"cliente {n}"], "named_params": {}}) for n, number in enumerate(recipients)]
            run_id = await ana.bulk.create(account, TemplateContent("bienvenida", ("x",), language="es"), rows)
            progress: list[RunView] = []
            final = await ana.bulk.run(run_id, BulkControl(), progress.append)
            assert final.status is RunStatus.FINISHED
            assert final.counts == {Outcome.SENT: RUN_SIZE}
            assert len(progress) >= 2 and progress[0].remaining > 0  # reported while the server sent it
            sends = sandbox_sends(setting)
            assert [sends[number[1:]] for number in recipients] == [1] * RUN_SIZE

            async def bruno_finished() -> RunView | None:
                runs = [await bruno.bulk.get(run_id) for run_id in set(seen_by_bruno)]
                return next((run for run in runs if run is not None and run.status is RunStatus.FINISHED), None)

            shown = await until(bruno_finished)
            assert shown is not None and shown.counts == {Outcome.SENT: RUN_SIZE}
            assert shown.template["name"] == "bienvenida" and shown.template["agent"] == "ana"
            summary = await bruno.bulk.recipients(shown.id)
            assert [row.recipient for row in summary] == recipients
            assert summary[7].params["params"] == ["cliente 7"]
            assert all(row.message_id is not None for row in summary)  # each in its customer's chat here too
            # Each item is one message on the server; the run posted again under its key is the same run.
            async with httpx.AsyncClient() as http:
                again = await http.post(
                    f"{started[1].root_url}/team/runs",
                    headers={"Authorization": f"Bearer {setting.tokens['ana']}"},
                    json={
                        "client_key": shown.template["team_key"],
                        "account": ACCOUNT,
                        "template": {"name": "bienvenida", "language": "es"},
                        "recipients": [{"customer": number, "params": ["x"]} for number in recipients],
                    },
                )
            assert again.status_code == 200 and again.json()["run"]["id"] == shown.template["team_run"]
            assert count(started[0], team_message, team_message.c.customer.in_([n[1:] for n in recipients])) == RUN_SIZE

    run_core(scenario())


def test_cancelling_a_run_stops_the_items_no_process_has_taken(setting: Setting, tmp_path: Path) -> None:
    recipients = numbers("2")

    async def scenario() -> None:
        async with servers(setting) as started, consoles(setting, tmp_path, [s.root_url for s in started]) as (ana, bruno):
            await until(lambda: catalogue(ana))
            account = await account_of(ana)
            rows = [NewRecipient(number, {"params": ["hola"], "named_params": {}}) for number in recipients]
            setting.sandbox.sandbox.faults.add(cloudapi.PROVIDER, "send", Fault(FaultKind.DELAY, 0.5))
            try:
                run_id = await ana.bulk.create(account, TemplateContent("bienvenida", ("x",), language="es"), rows)
                control = BulkControl()
                control.cancel()
                final = await ana.bulk.run(run_id, control, lambda view: None)
            finally:
                setting.sandbox.sandbox.faults.clear()
            skipped = final.counts.get(Outcome.SKIPPED, 0)
            # The processes send at most 2 × CONCURRENCY a time, each held 0.5 s: most were not claimed yet.
            assert skipped > 0

            async def settled() -> RunView | None:
                view = await ana.bulk.get(run_id)
                return view if view is not None and view.status is RunStatus.FINISHED else None

            done = await until(settled)
            assert done is not None and done.counts.get(Outcome.SKIPPED, 0) == skipped
            assert done.counts.get(Outcome.SENT, 0) + skipped == RUN_SIZE
            sends = sandbox_sends(setting)
            outcomes = [row.outcome for row in await ana.bulk.recipients(run_id)]
            for number, outcome in zip(recipients, outcomes, strict=True):
                assert sends[number[1:]] == (1 if outcome is Outcome.SENT else 0)

    run_core(scenario())


async def _offline(workspace: Workspace) -> bool:
    return workspace.team_guard.offline


def test_a_run_started_while_the_server_is_cut_off_is_queued_then_posted_once_when_it_is_back(
    setting: Setting, tmp_path: Path
) -> None:
    recipients = numbers("4")

    async def scenario() -> None:
        async with servers(setting) as started:
            switch = Switch(started[0].root_url)
            switch.on()
            try:
                async with consoles(setting, tmp_path, [switch.url, started[1].root_url]) as (ana, bruno):
                    await until(lambda: catalogue(ana))
                    account = await account_of(ana)
                    switch.off()
                    assert await until(lambda: _offline(ana))
                    rows = [NewRecipient(number, {"params": ["hola"], "named_params": {}}) for number in recipients]
                    run_id = await ana.bulk.create(account, TemplateContent("bienvenida", ("x",), language="es"), rows)
                    queued = await ana.bulk.get(run_id)
                    assert queued is not None and queued_for_team(queued.template) and queued.remaining == RUN_SIZE
                    assert [run.id for run in await ana.bulk.unfinished()] == [run_id]  # the bulk pane offers it
                    key = queued.template["team_key"]
                    progress: list[RunView] = []
                    following = asyncio.ensure_future(ana.bulk.run(run_id, BulkControl(), progress.append))
                    await asyncio.sleep(0.5)
                    assert not following.done() and progress and all(queued_for_team(view.template) for view in progress)
                    assert count(started[0], team_run, team_run.c.client_key == key) == 0
                    assert sum(sandbox_sends(setting)[n[1:]] for n in recipients) == 0

                    switch.on()  # the follower reaches the server: the run is posted under its key
                    final = await asyncio.wait_for(following, 20)
                    assert final.status is RunStatus.FINISHED and final.counts == {Outcome.SENT: RUN_SIZE}
                    assert final.template["team_run"] and not queued_for_team(final.template)
                    assert await ana.bulk.team.flush() == 0  # nothing left queued: nothing posted again
                    assert count(started[0], team_run, team_run.c.client_key == key) == 1
                    sends = sandbox_sends(setting)
                    assert [sends[number[1:]] for number in recipients] == [1] * RUN_SIZE

                    async def bruno_has_it() -> RunView | None:
                        runs = [run for run in await bruno_runs(bruno) if run.template.get("team_key") == key]
                        return runs[0] if runs and runs[0].status is RunStatus.FINISHED else None

                    shown = await until(bruno_has_it)
                    assert shown is not None and shown.counts == {Outcome.SENT: RUN_SIZE}
                    assert [run.id for run in await ana.bulk.unfinished()] == []
            finally:
                switch.off()

    run_core(scenario())


async def bruno_runs(workspace: Workspace) -> list[RunView]:
    """Every bulk run the console keeps."""
    return await workspace.db.run(_all_runs)


def _all_runs(session: Any) -> list[RunView]:
    ids = session.exec(select(BulkRunRow.id)).all()
    return [view for run_id in ids if (view := bulk_queries.run_by_id(session, run_id)) is not None]


def test_a_console_joining_while_a_run_is_sent_shows_the_run_and_follows_it_to_its_end(setting: Setting, tmp_path: Path) -> None:
    recipients = numbers("5")

    async def scenario() -> None:
        async with servers(setting) as started, consoles(setting, tmp_path, [s.root_url for s in started]) as (ana, _):
            await until(lambda: catalogue(ana))
            account = await account_of(ana)
            rows = [NewRecipient(number, {"params": [f"c{n}"], "named_params": {}}) for n, number in enumerate(recipients)]
            setting.sandbox.sandbox.faults.add(cloudapi.PROVIDER, "send", Fault(FaultKind.DELAY, 0.3))
            try:
                run_id = await ana.bulk.create(account, TemplateContent("bienvenida", ("x",), language="es"), rows)
                key = (await ana.bulk.get(run_id)).template["team_key"]  # type: ignore[union-attr]
                await until(lambda: _some_sent(started[0], key))
                (tmp_path / "late").mkdir()
                async with open_workspace(tmp_path / "late") as late:
                    await late.team.join(started[1].root_url, setting.tokens["bruno"])
                    await late.team.start()  # from the server's snapshot: the run is in it

                    async def shown() -> RunView | None:
                        runs = [run for run in await bruno_runs(late) if run.template.get("team_key") == key]
                        return runs[0] if runs else None

                    joined = await until(shown)
                    assert joined is not None and joined.status is RunStatus.RUNNING and joined.total == RUN_SIZE
                    assert [run.id for run in await late.bulk.unfinished()] == [joined.id]  # offered in its bulk pane
                    summary = await late.bulk.recipients(joined.id)
                    assert [row.recipient for row in summary] == recipients and summary[3].params["params"] == ["c3"]
                    final = await asyncio.wait_for(late.bulk.run(joined.id, BulkControl(), lambda view: None), 30)
                    assert final.status is RunStatus.FINISHED and final.counts == {Outcome.SENT: RUN_SIZE}
            finally:
                setting.sandbox.sandbox.faults.clear()

    run_core(scenario())


async def _some_sent(server: TeamServer, key: str) -> bool:
    """The run is under way at the server: some items sent, some not yet."""
    with server.store.engine.connect() as connection:
        outcomes = connection.execute(select(team_run.c.outcomes).where(team_run.c.client_key == key)).scalar()
    found = [] if outcomes is None else json.loads(outcomes)
    return Outcome.SENT.value in found and Outcome.QUEUED.value in found

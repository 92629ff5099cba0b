"""Bulk runs without Qt: parsing recipients, sending in order, cancel and resume, nothing twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from console.domain.accounts import Account, ProviderKind
from console.domain.bulk import Outcome, RunStatus
from console.domain.content import TemplateContent
from console.domain.templates import Template
from console.sandbox.server import SandboxServer
from console.services.bulk import BulkControl, parse_csv, parse_pasted
from console.services.workspace import Workspace
from console.store import bulk_runs
from console.store.bulk_runs import NewRecipient
from tests.conftest import add_broadcasterbot_account, open_workspace, run_core

ACCOUNT = Account(1, "bb", ProviderKind.BROADCASTERBOT, {"default_region": "UY"})
POSITIONAL = Template.from_body("pedido_listo", "Hola {{1}}, tu pedido {{2}} está listo.", "es_mx")
NAMED = Template("12", "", variables=("name", "pedido"))


def test_pasted_numbers_take_the_forms_parameters_unless_the_line_has_its_own() -> None:
    defaults = TemplateContent("pedido_listo", ("cliente", "0000"))
    parsed = parse_pasted(ACCOUNT, "099 123 456\n\n+59899222333; Ana ;A-17\n", POSITIONAL, defaults)
    assert parsed.errors == []
    assert [(r.recipient, r.params["params"]) for r in parsed.rows] == [
        ("099 123 456", ["cliente", "0000"]),
        ("+59899222333", ["Ana", "A-17"]),
    ]


def test_pasted_lines_with_bad_or_repeated_numbers_are_reported_by_line() -> None:
    parsed = parse_pasted(ACCOUNT, "099123456\nhola\n+598 99 123 456\n", POSITIONAL, TemplateContent("x"))
    assert [r.recipient for r in parsed.rows] == ["099123456"]
    assert len(parsed.errors) == 2
    assert str(parsed.errors[0]).startswith("line 2:")
    assert parsed.errors[1].english() == "line 3: +598 99 123 456 is already on line 1"


def test_a_csv_fills_named_variables_by_column_name_in_any_order() -> None:
    text = "pedido;telefono;name\nA-1;099111222;Ana\nB-2;099333444;\n"
    parsed = parse_csv(ACCOUNT, text, NAMED, TemplateContent("12", named_params={"name": "cliente"}))
    assert parsed.errors == []
    assert [(r.recipient, r.params["named_params"]) for r in parsed.rows] == [
        ("099111222", {"name": "Ana", "pedido": "A-1"}),
        ("099333444", {"name": "cliente", "pedido": "B-2"}),
    ]


def test_a_csv_gives_positional_parameters_in_column_order() -> None:
    parsed = parse_csv(ACCOUNT, "phone,first,second\n099111222,Ana,A-1\n", POSITIONAL, TemplateContent("pedido_listo"))
    assert [r.params["params"] for r in parsed.rows] == [["Ana", "A-1"]]


async def _registered_account(workspace: Workspace, sandbox: SandboxServer, count: int) -> tuple[Account, list[str]]:
    numbers = [f"+5989910{i:04d}" for i in range(1, count + 1)]
    account = await add_broadcasterbot_account(workspace, sandbox, numbers[0])
    for number in numbers[1:]:
        await workspace.contacts.register(account, number)
    await workspace.templates.add(account, POSITIONAL)
    return account, numbers


def _sends(sandbox: SandboxServer) -> list[str]:
    return [r.body.decode() for r in sandbox.sandbox.log.records("broadcasterbot", "send")]


def test_a_cancelled_run_resumes_with_only_the_rest(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account, numbers = await _registered_account(workspace, sandbox, 6)
            bulk = workspace.bulk
            recipients = [NewRecipient(n, {"params": [f"cliente {i}", f"P-{i}"]}) for i, n in enumerate(numbers)]
            run_id = await bulk.create(account, TemplateContent("pedido_listo", language="es_mx"), recipients)
            control = BulkControl()
            seen: list[int] = []

            def progress(run: bulk_runs.RunView) -> None:
                seen.append(run.done)
                if run.done == 2:
                    control.cancel()

            stopped = await bulk.run(run_id, control, progress)
            first_requests = len(_sends(sandbox))
            unfinished = await bulk.unfinished(account.id)
            resumed = await bulk.run(run_id, BulkControl(), lambda _run: None)
            return stopped, first_requests, unfinished, resumed, await bulk.recipients(run_id), seen

    stopped, first_requests, unfinished, resumed, recipients, seen = run_core(scenario())
    assert stopped.status is RunStatus.STOPPED and stopped.done == 2
    assert first_requests == 2
    assert [run.remaining for run in unfinished] == [4]
    assert resumed.status is RunStatus.FINISHED
    assert [r.outcome for r in recipients] == [Outcome.SENT] * 6
    bodies = _sends(sandbox)
    assert len(bodies) == 6
    assert all(f"P-{i}" in body for i, body in enumerate(bodies))
    assert seen[:3] == [0, 1, 2]


def test_a_recipient_in_flight_when_the_console_stopped_is_verify_and_not_sent_again(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account, numbers = await _registered_account(workspace, sandbox, 3)
            bulk = workspace.bulk
            recipients = [NewRecipient(n, {"params": ["Ana", "P-1"]}) for n in numbers]
            run_id = await bulk.create(account, TemplateContent("pedido_listo", language="es_mx"), recipients)
            # As if the console had died right after marking the first one `sending`.
            await workspace.db.run(bulk_runs.claim_next, run_id)
            resumed = await bulk.run(run_id, BulkControl(), lambda _run: None)
            return resumed, await bulk.recipients(run_id)

    resumed, recipients = run_core(scenario())
    assert [r.outcome for r in recipients] == [Outcome.VERIFY, Outcome.SENT, Outcome.SENT]
    assert "check with the provider" in str(recipients[0].detail)
    assert resumed.status is RunStatus.FINISHED
    assert len(_sends(sandbox)) == 2


def test_failures_are_kept_per_recipient_and_the_summary_exports(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account, numbers = await _registered_account(workspace, sandbox, 1)
            bulk = workspace.bulk
            recipients = [
                NewRecipient(numbers[0], {"params": ["Ana", "P-1"]}),
                NewRecipient("+59899777666", {"params": ["Luis", "P-2"]}),  # not registered: no opt-in
                NewRecipient("+59899555444", {"params": ["Eva"]}),  # one parameter short
            ]
            run_id = await bulk.create(account, TemplateContent("pedido_listo", language="es_mx"), recipients)
            await bulk.run(run_id, BulkControl(), lambda _run: None)
            target = tmp_path / "summary.csv"
            written = await bulk.export_csv(run_id, target)
            return await bulk.recipients(run_id), written, target.read_text(encoding="utf-8")

    recipients, written, exported = run_core(scenario())
    assert [r.outcome for r in recipients] == [Outcome.SENT, Outcome.FAILED, Outcome.FAILED]
    assert recipients[2].message_id is None and "takes 2 parameters; 1 given" in recipients[2].detail.english()
    assert written == 3
    lines = exported.splitlines()
    assert lines[0] == "position,recipient,parameters,outcome,message_id,detail"
    assert lines[1].startswith("1,+59899100001,Ana · P-1,sent,")
    assert len(_sends(sandbox)) == 2  # the short one never left


def test_a_paused_run_waits_until_resumed(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account, numbers = await _registered_account(workspace, sandbox, 2)
            bulk = workspace.bulk
            recipients = [NewRecipient(n, {"params": ["Ana", "P-1"]}) for n in numbers]
            run_id = await bulk.create(account, TemplateContent("pedido_listo", language="es_mx"), recipients)
            control = BulkControl()
            control.pause()
            task = asyncio.get_running_loop().create_task(bulk.run(run_id, control, lambda _run: None))
            await asyncio.sleep(0.3)
            while_paused = len(_sends(sandbox))
            control.resume()
            return while_paused, await task

    while_paused, final = run_core(scenario())
    assert while_paused == 0
    assert final.counts == {Outcome.SENT: 2}


def test_a_run_needs_recipients(tmp_path: Path) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            bulk = workspace.bulk
            await bulk.create(ACCOUNT, TemplateContent("x"), [])

    with pytest.raises(ValueError, match="nobody to send to"):
        run_core(scenario())


def test_numbers_newer_than_the_plan_are_listed_as_warnings_and_confirmed_once_for_the_run(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    unlisted = "+598 90 123 456"  # a possible Uruguayan number the numbering plan does not list

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account, numbers = await _registered_account(workspace, sandbox, 1)
            warned = workspace.contacts.registration_warnings(account, unlisted)
            await workspace.contacts.register(account, unlisted, send_anyway=warned)
            parsed = parse_pasted(account, f"{numbers[0]};Ana;P-1\n{unlisted};Luis;P-2\n", POSITIONAL, TemplateContent("x"))
            template = TemplateContent("pedido_listo", language="es_mx")
            runs = []
            for confirmed in (frozenset(), parsed.warning_kinds):
                run_id = await workspace.bulk.create(account, template, parsed.rows, confirmed)
                await workspace.bulk.run(run_id, BulkControl(), lambda _run: None)
                runs.append(await workspace.bulk.recipients(run_id))
            return parsed, runs

    parsed, (unconfirmed, confirmed) = run_core(scenario())
    assert parsed.errors == [] and len(parsed.rows) == 2
    assert [str(warning) for warning in parsed.warnings] == [
        "line 2: +598 90 123 456 is not in the numbering plan this console knows for its country; "
        "plans lag the ranges countries open, so it may be right: check it with the customer"
    ]
    assert [r.outcome for r in unconfirmed] == [Outcome.SENT, Outcome.FAILED]
    assert "is not in the numbering plan" in str(unconfirmed[1].detail) and unconfirmed[1].message_id is None
    assert [r.outcome for r in confirmed] == [Outcome.SENT, Outcome.SENT]
    assert sum('90123456' in body for body in _sends(sandbox)) == 1  # sent once, when confirmed

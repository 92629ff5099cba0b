"""Agenda sync into the store and the indexed filter."""

from __future__ import annotations

from pathlib import Path

from console.sandbox.heynow import HeyNowSandboxConfig
from console.sandbox.server import SandboxServer
from tests.conftest import DEMO_PLATFORM, add_demo_account, open_workspace, run_core


def test_sync_stores_the_agenda_and_the_filter_uses_it(tmp_path: Path) -> None:
    with SandboxServer(HeyNowSandboxConfig(agenda_size=1500)) as server:

        async def scenario():
            async with open_workspace(tmp_path) as workspace:
                account = await add_demo_account(workspace, server)
                progress = []
                workspace.topics.sync_progress.subscribe(progress.append)
                result = await workspace.agenda.sync(account)
                everyone = await workspace.agenda.page(account.id, "", 0, 2000)
                sample = everyone[700]
                accentless = sample.display_name.split()[0][:4]
                by_name = await workspace.agenda.page(account.id, accentless.upper(), 0, 2000)
                by_phone = await workspace.agenda.page(account.id, sample.phone[-6:], 0, 2000)
                short = await workspace.agenda.count(account.id, sample.phone[-2:])
                nobody = await workspace.agenda.count(account.id, "zzzqqq")
                return result, progress, everyone, sample, by_name, by_phone, short, nobody

        result, progress, everyone, sample, by_name, by_phone, short, nobody = run_core(scenario())

    assert result.listed == 1500 and result.left_agenda == 0
    assert len(everyone) == 1500
    assert [c.display_name for c in everyone] == sorted(c.display_name for c in everyone)
    assert progress[-1].phase == "done" and progress[-1].done == 1500
    assert any(p.phase == "downloading" for p in progress)
    assert sample.id in {c.id for c in by_name}
    assert sample.id in {c.id for c in by_phone}
    assert all(sample.phone[-6:] in c.phone for c in by_phone)
    assert short >= 1
    assert nobody == 0


def test_accents_do_not_matter_to_the_filter(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            sandbox.call(
                sandbox.sandbox.heynow.add_inbound_contact, DEMO_PLATFORM, "59891111222", "Martín", "Núñez"
            )
            await workspace.agenda.sync(account)
            plain = await workspace.agenda.page(account.id, "martin nunez", 0, 10)
            accented = await workspace.agenda.page(account.id, "MARTÍN NÚÑEZ", 0, 10)
            return plain, accented

    plain, accented = run_core(scenario())
    assert [c.external_id for c in plain] == ["59891111222"]
    assert [c.external_id for c in accented] == ["59891111222"]


def test_resync_marks_contacts_that_left_the_agenda(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            first = await workspace.agenda.sync(account)
            gone = (await workspace.agenda.page(account.id, "", 0, 1))[0]
            sandbox.call(sandbox.sandbox.heynow.remove_contact, DEMO_PLATFORM, gone.external_id)
            second = await workspace.agenda.sync(account)
            after = await workspace.agenda.contact(gone.id)
            return first, second, after

    first, second, after = run_core(scenario())
    assert second.listed == first.listed - 1
    assert second.left_agenda == 1
    assert after is not None and after.in_agenda is False

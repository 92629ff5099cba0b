"""Agenda sync into the store and the indexed filter."""

from __future__ import annotations

import csv
from pathlib import Path

from console.domain.accounts import ProviderKind
from console.sandbox.broadcasterbot import DEMO_API_KEY
from console.sandbox.heynow import HeyNowSandboxConfig
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxServer
from console.services.agenda import ImportResult
from console.services.contact_csv import read_contacts
from tests.conftest import DEMO_PLATFORM, add_demo_account, open_workspace, run_core


def test_sync_stores_the_agenda_and_the_filter_uses_it(tmp_path: Path) -> None:
    with SandboxServer(HeyNowSandboxConfig(agenda_size=1500)) as server:

        async def scenario():
            async with open_workspace(tmp_path) as workspace:
                account = await add_demo_account(workspace, server)
                progress = []
                result = await workspace.agenda.sync(account, progress.append)
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
    named = [c.display_name for c in everyone if c.display_name != c.phone]
    assert [c.display_name for c in everyone] == sorted(named) + sorted(c.phone for c in everyone if c.display_name == c.phone)
    assert named  # the sandbox's agenda has both kinds
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
            sandbox.call(sandbox.sandbox.heynow.add_inbound_contact, DEMO_PLATFORM, "59891111222", "Martín", "Núñez")
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


def test_an_import_registers_broadcasterbot_contacts_in_batches(tmp_path: Path, sandbox: SandboxServer) -> None:
    rows = [f"Cliente {n};099 {n:03d} {n:03d}" for n in range(250)] + ["Roto;12"]
    contact_file = read_contacts("\n".join(["Nombre;Teléfono", *rows]).encode("latin-1"), "UY")
    assert len(contact_file.valid) == 250 and len(contact_file.problems) == 1
    progress: list[tuple[int, int]] = []

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "bb", ProviderKind.BROADCASTERBOT, {"base_url": sandbox.base_urls["broadcasterbot"], "api_key": DEMO_API_KEY}
            )
            result = await workspace.agenda.import_contacts(account, contact_file.valid, lambda *p: progress.append(p))
            stored = await workspace.agenda.page(account.id, "cliente 12", 0, 100)
            return result, stored

    result, stored = run_core(scenario())
    assert result == ImportResult(stored=250, to_register=250, registered=250)
    assert progress == [(100, 250), (200, 250), (250, 250)]
    assert sandbox.sandbox.log.count("broadcasterbot", "register_contacts") == 3
    at_provider = set(sandbox.call(sandbox.sandbox.broadcasterbot.registered_contacts))
    assert ("99012012", "UY") in at_provider
    assert {c.display_name for c in stored} >= {"Cliente 12", "Cliente 120", "Cliente 129"}
    assert all(c.registered_at is not None and c.phone.startswith("598") for c in stored)


def test_a_refused_registration_keeps_the_contacts_unregistered(tmp_path: Path, sandbox: SandboxServer) -> None:
    contact_file = read_contacts("\n".join(["name,phone", *(f"C{n},099{n:06d}" for n in range(150))]).encode(), "UY")

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "bb", ProviderKind.BROADCASTERBOT, {"base_url": sandbox.base_urls["broadcasterbot"], "api_key": "wrong-key"}
            )
            result = await workspace.agenda.import_contacts(account, contact_file.valid)
            everyone = await workspace.agenda.page(account.id, "", 0, 200)
            return result, everyone

    result, everyone = run_core(scenario())
    assert (result.stored, result.to_register, result.registered) == (150, 150, 0)
    assert result.error
    assert len(everyone) == 150
    assert all(c.registered_at is None for c in everyone)


def test_the_export_holds_the_filtered_agenda(tmp_path: Path, sandbox: SandboxServer) -> None:
    target = tmp_path / "out" / "agenda.csv"
    target.parent.mkdir()

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            sandbox.call(sandbox.sandbox.heynow.add_inbound_contact, DEMO_PLATFORM, "59891111222", "Martín", "Núñez")
            await workspace.agenda.sync(account)
            everyone = await workspace.agenda.export_csv(account, "", target)
            all_rows = target.read_bytes()
            matching = await workspace.agenda.export_csv(account, "091 111 222", target)
            return everyone, all_rows, matching

    everyone, all_rows, matching = run_core(scenario())
    assert everyone > 100
    assert all_rows.decode("utf-8-sig").count("\n") == everyone + 1
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert matching == 1
    assert rows[0] == ["name", "phone", "account", "last_inbound", "in_agenda", "registered"]
    assert rows[1][:3] == ["Martín Núñez", "+59891111222", "demo"]
    assert rows[1][3:] == ["", "yes", ""]  # no message yet; in Hey Now's agenda; no registration there


def test_one_unreadable_contact_does_not_fail_the_sync(tmp_path: Path, sandbox: SandboxServer) -> None:
    """The agenda is read contact by contact: the readable ones are stored, the unreadable
    one is counted with its reason, and nobody is marked as gone (it may be any of ours)."""
    unreadable = Fault(FaultKind.VARIANT, times=1, variant="unreadable_contact")

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            first = await workspace.agenda.sync(account)
            sandbox.sandbox.faults.add("heynow", "agenda", unreadable)
            second = await workspace.agenda.sync(account)
            return first, second, await workspace.agenda.count(account.id)

    first, second, stored = run_core(scenario())
    assert (first.unreadable, first.unreadable_sentence) == (0, None)
    assert second.listed == first.listed == stored
    assert (second.unreadable, second.left_agenda) == (1, 0)
    assert second.unreadable_sentence is not None
    assert second.unreadable_sentence.english() == (
        "1 contact of the agenda could not be read and was left out (the first: Hey Now sent a contact "
        "with no id and no phone); nobody was marked as gone from the agenda."
    )

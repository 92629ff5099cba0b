"""Known fake secrets, a run under faults with logging at its most verbose, then a search: 0 hits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from console.domain.accounts import ProviderKind
from console.domain.content import TemplateContent
from console.logging_setup import install_logging
from console.sandbox import chattigo as chattigo_sandbox
from console.sandbox import cliengo as cliengo_sandbox
from console.sandbox import heynow as heynow_sandbox
from console.sandbox.broadcasterbot import BroadcasterbotSandboxConfig
from console.sandbox.cliengo_catalogue import DEMO_WEBSITE, Website
from console.sandbox.faults import RandomFaults
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.services.accounts import TOKEN
from console.store.secrets import MemorySecrets
from tests.conftest import FAST_STATUS, OPEN_PLATFORM, open_workspace, run_core
from tests.faults.conftest import Figures
from tests.faults.support import recipient, without_timelinesai_pacing

HEYNOW_PASSWORD = "FAKE-heynow-pw-3f9a1c"
WRONG_PASSWORD = "FAKE-wrong-pw-77e0b2"
BROADCASTERBOT_KEY = "FAKE-bb-key-5d20e4"
CLIENGO_KEY = "FAKE-cliengo-key-c0ffee"
CHATTIGO_PASSWORD = "FAKE-chattigo-pw-91ab3d"
SENDS = 30  # per provider, with a fault on one answer in three


@pytest.mark.slow
def test_secrets_never_reach_the_database_logs_or_output(
    tmp_path: Path, figures: Figures, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Accounts of the five providers with known fake passwords and keys (and the TimelinesAI
    webhook URL, and the login tokens they obtain) send under random faults, test a wrong
    password, forward to the bot and verify, with debug logging to a file and warnings to
    stderr; then the data folder (database, WAL, logs) and the captured output are searched
    for every secret: none is found."""
    without_timelinesai_pacing(monkeypatch)
    monkeypatch.setitem(heynow_sandbox.USERS, heynow_sandbox.DEMO_USER, HEYNOW_PASSWORD)
    monkeypatch.setitem(chattigo_sandbox.USERS, chattigo_sandbox.DEMO_USER, CHATTIGO_PASSWORD)
    monkeypatch.setattr(cliengo_sandbox, "WEBSITES", (Website(DEMO_WEBSITE, "Tienda Demo", CLIENGO_KEY),))
    configs = SandboxConfigs(heynow=FAST_STATUS, broadcasterbot=BroadcasterbotSandboxConfig(api_keys=(BROADCASTERBOT_KEY,)))
    logs = install_logging(tmp_path / "logs", debug=True, stderr=True)
    secrets = MemorySecrets()
    (tmp_path / "data").mkdir()
    try:
        with SandboxServer(configs=configs) as server:
            webhook = server.root_url + server.call(server.sandbox.timelinesai.webhook_url, "demo")
            server.sandbox.faults.set_random(RandomFaults(3, 0.3, seconds=0.3))
            urls = server.base_urls

            async def scenario() -> list[str]:
                timeout = httpx.Timeout(5.0, read=0.2)
                async with open_workspace(tmp_path / "data", secrets, timeout=timeout) as workspace:
                    add = workspace.accounts.add_account
                    accounts = [
                        await workspace.accounts.add_heynow(
                            "hn", base_url=urls["heynow"], username="demo", password=HEYNOW_PASSWORD, platform_id=OPEN_PLATFORM
                        ),
                        await add(
                            "bb", ProviderKind.BROADCASTERBOT, {"base_url": urls["broadcasterbot"], "api_key": BROADCASTERBOT_KEY}
                        ),
                        await add(
                            "cl",
                            ProviderKind.CLIENGO,
                            {"base_url": urls["cliengo"], "api_key": CLIENGO_KEY, "website_id": DEMO_WEBSITE},
                        ),
                        await add("tl", ProviderKind.TIMELINESAI, {"webhook_url": webhook}),
                    ]
                    chattigo = await add(
                        "ch",
                        ProviderKind.CHATTIGO,
                        {
                            "base_url": urls["chattigo"],
                            "username": "demo",
                            "password": CHATTIGO_PASSWORD,
                            "wa_id": chattigo_sandbox.DEMO_WA_ID,
                        },
                    )
                    wrong = await workspace.accounts.add_heynow(
                        "hn-wrong", base_url=urls["heynow"], username="demo", password=WRONG_PASSWORD, platform_id=OPEN_PLATFORM
                    )
                    health = [await workspace.clients.test_connection(a) for a in [*accounts, chattigo, wrong]]
                    for account in accounts:
                        content = (
                            TemplateContent("7", named_params={"name": "Ana"})
                            if account.provider is ProviderKind.CLIENGO
                            else TemplateContent("pedido_listo", ("Ana", "A-1"))
                        )
                        for index in range(SENDS):
                            try:
                                if account.provider in (ProviderKind.CLIENGO, ProviderKind.BROADCASTERBOT):
                                    message = await workspace.outbox.send(account, recipient(index), content)
                                else:
                                    message = await workspace.outbox.send_text(
                                        account, recipient(index), f"Hola {index}", contact_validation=False
                                    )
                            except Exception as error:  # noqa: BLE001 - the messages are what is searched
                                print(f"send refused: {error}")
                                continue
                            print(f"{account.name} {message.state.value} {message.failure_reason or ''}")
                            if account.provider is ProviderKind.HEYNOW:
                                print(await workspace.conversations.verify(message.id))
                    for index in range(SENDS):
                        try:
                            await workspace.bots.forward(chattigo, recipient(index), f"Consulta {index}")
                        except Exception as error:  # noqa: BLE001
                            print(f"forward failed: {error}")
                    await workspace.start_background()
                    await asyncio.sleep(1.0)
                    print(health)
                    return [value for account in (*accounts, chattigo) if (value := secrets.get(account.name, TOKEN)) is not None]

            tokens = run_core(scenario(), timeout=300)
            drawn = server.sandbox.faults.drawn()
    finally:
        logs.remove()
    captured = capfd.readouterr()
    webhook_id = webhook.rsplit("/", 1)[-1]
    known = {
        "Hey Now password": HEYNOW_PASSWORD,
        "wrong password": WRONG_PASSWORD,
        "Broadcasterbot key": BROADCASTERBOT_KEY,
        "Cliengo key": CLIENGO_KEY,
        "Chattigo password": CHATTIGO_PASSWORD,
        "TimelinesAI webhook id": webhook_id,
        **{f"login token {n}": token for n, token in enumerate(tokens, 1)},
    }
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    hits = [
        f"{what} in {path.relative_to(tmp_path)}"
        for path in files
        for what, secret in known.items()
        if secret.encode() in path.read_bytes()
    ]
    hits += [
        f"{what} in captured {stream}"
        for stream, text in (("stdout", captured.out), ("stderr", captured.err))
        for what, secret in known.items()
        if secret in text
    ]
    log_bytes = sum(path.stat().st_size for path in (tmp_path / "logs").rglob("*") if path.is_file())
    figures.record(
        secrets_searched=len(known),
        login_tokens_among_them=len(tokens),
        files_searched=[str(p.relative_to(tmp_path)) for p in files],
        log_bytes=log_bytes,
        captured_output_chars=len(captured.out) + len(captured.err),
        faults_injected=sum(n for kinds in drawn.values() for n in kinds.values()),
        hits=len(hits),
    )
    assert len(tokens) >= 2  # Hey Now and Chattigo logged in, so their tokens are searched too
    assert log_bytes > 10_000 and captured.out  # there was plenty to search
    assert hits == []

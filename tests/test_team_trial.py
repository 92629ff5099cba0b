"""Trying team mode on one computer: `centralita sandbox team` as a process, with the real
PostgreSQL cluster it keeps and the real server process it starts on loopback.

A console joins with a token the command printed, sends a template on the server's Broadcasterbot
account and one on its Cloud API account, and the simulators' states (the Cloud API's as signed
webhooks, to the route the simulator verified) come back to it through the server; a customer
writing to the Cloud API number is answered by the Chattigo bot paired with it, through the
server, and the answer is in the console's conversation, sent; Ctrl+C stops the server
and the cluster, and no provider secret was written to the data folder. Without PostgreSQL the
command says what to install, in the user's language, and starts nothing.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest
from sqlmodel import select

from console.cli.main import parse_args
from console.cli.sandbox_command import sandbox_team
from console.cli.wording import wordbook
from console.domain.content import TemplateContent
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageSummary
from console.sandbox import broadcasterbot, chattigo, cliengo_catalogue, cloudapi
from console.store.messages import message_summary
from console.store.secrets import MemorySecrets
from console.store.tables import MessageRow
from console.team_trial.postgres import POSTGRES_BIN_ENV, postgres_binaries
from console.team_trial.team import BROADCASTERBOT, CLOUDAPI
from tests.conftest import open_workspace, run_core
from tests.test_relay import NO_KEYRING

STOP_LINE = "Ctrl+C stops the team server"
CAME_BACK = (DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ)


def _command(data_dir: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "console", "--data-dir", str(data_dir), "sandbox", "team"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **NO_KEYRING, **env},
    )


def _printed(process: subprocess.Popen[str]) -> list[str]:
    """The command's lines up to the one saying how to stop it."""
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or not lines[-1].startswith(STOP_LINE):
        line = process.stdout.readline()
        assert line, f"the command ended early: {lines}, {process.stderr.read() if process.stderr else ''}"
        lines.append(line.strip())
    return lines


def _after(lines: list[str], prefix: str) -> str:
    return next(line[len(prefix) :] for line in lines if line.startswith(prefix))


async def _state_of(workspace, message_id: int) -> MessageSummary:  # noqa: ANN001
    return await workspace.db.run(lambda session: message_summary(session.get(MessageRow, message_id)))


async def _bot_answered(workspace, account_name: str) -> bool:  # noqa: ANN001
    """Whether the console shows a bot's answer on the account, sent, within 10 s."""
    account = await workspace.accounts.by_name(account_name)

    def sent_answers(session) -> int:  # noqa: ANN001
        found = select(MessageRow).where(MessageRow.account_id == account.id, MessageRow.direction == Direction.BOT.value)
        return sum(1 for row in session.exec(found) if row.state in {state.value for state in CAME_BACK})

    deadline = time.monotonic() + 10
    while not await workspace.db.run(sent_answers) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    return bool(await workspace.db.run(sent_answers))


@pytest.mark.skipif(postgres_binaries() is None, reason="needs PostgreSQL's binaries (Debian's postgresql package)")
def test_a_console_joins_the_team_to_try_and_its_template_comes_back_with_states(tmp_path: Path) -> None:
    began = time.monotonic()
    process = _command(tmp_path / "trial", {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    try:
        lines = _printed(process)
        started_in = time.monotonic() - began
        url = _after(lines, "Team server to try team mode: ")
        tokens = {agent: _after(lines, f"Agent {agent}: token ") for agent in ("ana", "beto")}
        customer = _after(lines, "Customers who take Broadcasterbot templates: ").split(", ")[0]
        sandbox = _after(lines, "Accounts on the server (simulators at ").split(")")[0]
        cluster = Path(lines[-1].split("PostgreSQL (")[1].split(")")[0])
        (tmp_path / "ana").mkdir()

        async def sent_and_followed(console, name: str, to: str, content: TemplateContent) -> list[DeliveryState]:  # noqa: ANN001
            account = await console.accounts.by_name(name)
            warnings = (await console.outbox.check(account, to, content)).warnings
            sent = await console.outbox.send(account, to, content, send_anyway=warnings)
            seen = [sent.state]
            deadline = time.monotonic() + 10
            while seen[-1] not in CAME_BACK and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
                state = (await _state_of(console, sent.id)).state
                if state is not seen[-1]:
                    seen.append(state)
            return seen

        async def scenario() -> tuple[list[DeliveryState], list[DeliveryState], str, int, str]:
            async with open_workspace(tmp_path / "ana", MemorySecrets()) as console:
                agent = await console.team.join(url, tokens["ana"])
                await console.team.start()
                await console.team.sync_accounts()
                bienvenida = TemplateContent("bienvenida", ("Lucía",), language="es_mx")
                seen = await sent_and_followed(console, BROADCASTERBOT, customer, bienvenida)
                began = time.monotonic()
                meta = await sent_and_followed(console, CLOUDAPI, "+59899123456", replace(bienvenida, language="es"))
                print(f"\nthe Cloud API template's states came back in {time.monotonic() - began:.2f} s")
                async with aiohttp.ClientSession() as http:  # a customer writes: the paired bot answers, through the server
                    inbound = {"from": "59899654321", "name": "Lucía", "text": "Hola"}
                    (await http.post(sandbox + "/_sandbox/cloudapi/inbound", json=inbound)).raise_for_status()
                answered = await _bot_answered(console, CLOUDAPI)
            async with aiohttp.ClientSession() as http:  # the other agent's token opens the server too
                me = await http.get(url + "/team/me", headers={"Authorization": f"Bearer {tokens['beto']}"})
                webhook = await http.get(sandbox + "/_sandbox/cloudapi/webhook")
                subscribed = (await webhook.json())["url"]
                bot_webhook = (await (await http.get(sandbox + "/_sandbox/chattigo/webhooks")).json())[chattigo.PAIRED_WA_ID]
            return seen, meta, agent, me.status, subscribed, answered, bot_webhook

        seen, meta, agent, beto, subscribed, answered, bot_webhook = run_core(scenario(), timeout=40)
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(20)
    print(f"\nthe team to try printed its tokens {started_in:.1f} s after the command started")
    assert agent == "ana" and beto == 200
    assert seen[0] is DeliveryState.PENDING and seen[-1] in CAME_BACK, seen  # the simulator's states, via the server
    assert meta[0] is DeliveryState.PENDING and meta[-1] in CAME_BACK, meta  # the Cloud API's signed webhooks, too
    assert subscribed.startswith(url + "/callbacks/cloudapi/")
    assert bot_webhook.startswith(url + "/callbacks/chattigo/") and answered
    assert code == 0
    assert not (cluster / "data" / "postmaster.pid").exists()  # PostgreSQL stopped
    with socket.socket() as probe:  # and the server
        port = urlsplit(url).port
        assert port is not None and probe.connect_ex(("127.0.0.1", port)) != 0
    stored = b"".join(path.read_bytes() for path in (tmp_path / "trial").rglob("*") if path.is_file())
    for secret in (broadcasterbot.DEMO_API_KEY, cliengo_catalogue.DEMO_API_KEY, cloudapi.DEMO_APP_SECRET):
        assert secret.encode() not in stored


def test_without_postgresql_one_sentence_says_what_to_install_and_nothing_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "no-postgres"
    empty.mkdir()
    threads = threading.active_count()  # a simulator would be one more
    monkeypatch.setenv(POSTGRES_BIN_ENV, str(empty))
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "es_UY.UTF-8")
    wordbook.cache_clear()
    try:
        code = sandbox_team(parse_args(["--data-dir", str(tmp_path / "data"), "sandbox", "team"]))
    finally:
        wordbook.cache_clear()
    out, err = capsys.readouterr()
    assert code == 3
    assert out == ""
    assert err == (
        "centralita: Para probar el modo equipo hace falta PostgreSQL en esta computadora y no se encontró: "
        "instálelo (en Debian o Ubuntu: sudo apt install postgresql) y vuelva a intentarlo.\n"
    )
    assert not (tmp_path / "data" / "team-trial").exists() and threading.active_count() == threads

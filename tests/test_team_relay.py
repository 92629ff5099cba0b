"""docs/TEAM.md, run as written: two `centralita relay` processes (two hosts) on one real
PostgreSQL with the same `CENTRALITA_RELAY_TOKEN`, a console pointed at one of them with
`centralita account callbacks`, a provider's callback reaching the other, and the console
applying it.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import httpx

from console.domain.content import TemplateContent
from console.domain.lifecycle import DeliveryState, EventSource
from console.logging_setup import LOG_DIR_ENV
from console.relay.process import RelayProcess
from console.relay.tokens import RELAY_TOKEN_ENV
from console.sandbox.server import SandboxServer
from console.store.secrets import EncryptedFileSecrets
from tests.conftest import add_broadcasterbot_account, open_workspace, run_core
from tests.test_relay import NO_KEYRING, Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture

CUSTOMER = "+52 55 4433 2211"


def centralita(data_dir: Path, env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "console", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def _post_read(url: str, provider_message_id: str) -> None:
    status = {
        "status": "success",
        "state": "read",
        "messageId": provider_message_id,
        "recipient": {"phone": "5544332211", "country": "MX"},
    }
    async with httpx.AsyncClient() as http:
        answer = await http.post(url, content=json.dumps({"statuses": [status]}), headers={"Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text


def test_two_relays_on_one_postgresql_serve_a_console_with_one_token(
    postgres_cluster: Cluster,  # noqa: F811 - the imported fixture
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    database_url = postgres_cluster.new_database()
    token = secrets.token_urlsafe(32)
    # What each relay host's systemd EnvironmentFile holds; no keyring on a server.
    relay_env = {**NO_KEYRING, RELAY_TOKEN_ENV: token, LOG_DIR_ENV: str(tmp_path / "relay-logs")}
    hosts = [tmp_path / "relay-a", tmp_path / "relay-b"]
    assert [centralita(host, relay_env, "relay", "token").strip() for host in hosts] == [token, token]

    console_dir = tmp_path / "console"
    console_dir.mkdir()
    console_env = {**NO_KEYRING, LOG_DIR_ENV: str(tmp_path / "console-logs")}

    async def send_a_template() -> tuple[int, str]:
        async with open_workspace(console_dir, EncryptedFileSecrets(console_dir)) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            message = await workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
            assert message.provider_message_id is not None
            return message.id, message.provider_message_id

    async def until_read(message_id: int) -> list[EventSource]:
        async with open_workspace(console_dir, EncryptedFileSecrets(console_dir)) as workspace:
            await workspace.start_background()
            while (message := await workspace.conversations.message(message_id)) is None or (
                message.state is not DeliveryState.READ
            ):
                await asyncio.sleep(0.05)
            return [event.source for event in await workspace.conversations.timeline(message_id)]

    relay_a = RelayProcess(hosts[0], database_url, env=relay_env).start()
    try:
        relay_b = RelayProcess(hosts[1], database_url, env=relay_env).start()
        try:
            message_id, provider_id = run_core(send_a_template())
            printed = centralita(
                console_dir,
                console_env,
                *("account", "callbacks", "bb", "--team-relay", relay_a.root_url, "--events-token", "-"),
                stdin=token + "\n",
            )
            callback_url = printed.strip().splitlines()[-1]
            assert callback_url.startswith(relay_a.root_url + "/callbacks/broadcasterbot/")

            # The proxy in front sends this provider's callback to the other host.
            run_core(_post_read(relay_b.root_url + callback_url.removeprefix(relay_a.root_url), provider_id))
            sources = run_core(until_read(message_id), timeout=30)
        finally:
            relay_b.stop()
    finally:
        relay_a.stop()
    assert EventSource.CALLBACK in sources

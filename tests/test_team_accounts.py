"""Changing and removing the team server's accounts (`centralita server accounts set|remove`):
a `centralita server` process on a real PostgreSQL, the Cloud API simulator over loopback.

Meta's app secret and verify token were rotated: the simulator, which holds the new ones, cannot
subscribe the account's route until `accounts set` seals it again, and then its signed webhooks
are applied by the running server; the route's path stays. A command that fails says one sentence,
exits 2 and changes nothing. `accounts remove` takes the route and its sealed secrets with the
account: the running server answers 404 on it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx

from console.sandbox import cloudapi
from console.sandbox.server import SandboxServer
from console.team_server.process import ServerProcess
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_send import centralita, rows
from tests.test_team_server import server_env

META = "Meta Rotada"
CUSTOMER = "59899123456"


def _after(text: str, prefix: str) -> str:
    return text.split(prefix)[1].split()[0]


def _eventually(check: Callable[[], bool], seconds: float = 6.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_cloud_api_accounts_secrets_are_changed_and_its_route_removed_with_it(
    postgres_cluster: Cluster,  # noqa: F811
    tmp_path: Path,
) -> None:
    database_url = postgres_cluster.new_database()
    shared = server_env(tmp_path)
    admin_env = {**shared, "CENTRALITA_SERVER_DATABASE": database_url}
    admin = ["--data-dir", str(tmp_path / "admin"), "server", "accounts"]
    route_check = "SELECT sealed_secret, verify_digest FROM relay_route_check"
    with SandboxServer() as sandbox:
        added = centralita(
            admin_env,
            *admin,
            *("add", "cloudapi", META, "--phone-number-id", cloudapi.DEMO_PHONE_NUMBER_ID, "--waba-id", cloudapi.DEMO_WABA_ID),
            *("--access-token", "-", "--app-secret", "-", "--verify-token", "-", "--graph-url", sandbox.base_urls["cloudapi"]),
            stdin="\n".join((cloudapi.DEMO_ACCESS_TOKEN, "the app secret before", "the verify token before")) + "\n",
        )
        assert added.returncode == 0, added.stderr
        path = _after(added.stdout, "(keep it private): ")
        process = ServerProcess(tmp_path / "host", database_url, env=shared).start()
        try:
            url = process.root_url + path

            def subscribed() -> bool:
                answer = httpx.post(f"{sandbox.root_url}/_sandbox/cloudapi/webhook", json={"url": url})
                return answer.status_code == 200

            assert not subscribed()  # Meta's verify token is not the route's (and the server has it in memory now)
            sealed = rows(database_url, route_check)

            # Failing commands: one sentence, exit 2, nothing changed.
            failures = [
                (["set", "Nadie", "--app-secret", "x"], "There is no account named 'Nadie'."),
                (["set", META, "--api-key", "x"], "--api-key is not a field of a WhatsApp Cloud API account"),
            ]
            for arguments, said in failures:
                failed = centralita(admin_env, *admin, *arguments)
                assert failed.returncode == 2 and failed.stdout == "", (arguments, failed.stdout, failed.stderr)
                assert len(failed.stderr.strip().splitlines()) == 1 and said in failed.stderr, failed.stderr
            assert rows(database_url, route_check) == sealed

            changed = centralita(
                admin_env,
                *admin,
                *("set", META, "--app-secret", "-", "--verify-token", "-"),
                stdin=f"{cloudapi.DEMO_APP_SECRET}\n{cloudapi.DEMO_VERIFY_TOKEN}\n",
            )
            assert changed.returncode == 0, changed.stderr
            assert _after(changed.stdout, "(keep it private): ") == path  # Meta keeps the same callback URL
            assert _after(changed.stdout, "(keep it private too): ") == cloudapi.DEMO_VERIFY_TOKEN
            assert rows(database_url, route_check) != sealed
            settings = rows(database_url, "SELECT settings FROM team_account WHERE name = :name", name=META)
            assert cloudapi.DEMO_PHONE_NUMBER_ID in settings[0][0]  # the fields not given are kept

            assert _eventually(subscribed)  # the running server unseals the route again within seconds
            httpx.post(
                f"{sandbox.root_url}/_sandbox/cloudapi/inbound", json={"from": CUSTOMER, "name": "Ana", "text": "hola"}
            ).raise_for_status()
            inbound = "SELECT body FROM team_inbound WHERE account = :account"
            assert _eventually(lambda: rows(database_url, inbound, account=META) == [("hola",)])  # signed with the new secret

            removed = centralita(admin_env, *admin, "remove", META)
            assert removed.returncode == 0, removed.stderr
            assert rows(database_url, "SELECT count(*) FROM relay_route") == [(0,)]
            assert rows(database_url, "SELECT count(*) FROM relay_route_check") == [(0,)]
            assert _eventually(lambda: httpx.post(url, content=b"{}").status_code == 404)
        finally:
            assert process.stop() == 0

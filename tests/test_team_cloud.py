"""The team server receiving the Cloud API's and Chattigo's callbacks itself: a `centralita
server` process on a real PostgreSQL, its accounts added with `centralita server accounts add`,
the sandbox's simulators over loopback.

The Cloud API account gets a signed route: Meta's verification answers the challenge only with
the account's verify token; the simulator, subscribed to it, posts signed statuses that bring a
template a console sent back to that console with its states, and a customer's message; an
unsigned or wrongly signed body is refused and changes nothing. A Chattigo account is given
its webhook by the server when it is added, or not added at all, and again by `accounts set`
when the server's address changes, or not changed at all.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import httpx
import pytest

from console.domain.accounts import ProviderKind
from console.domain.content import TemplateContent
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction
from console.relay.signed_routes import Sealer
from console.relay.store import RelayStore, open_engine
from console.sandbox import chattigo, cloudapi
from console.sandbox.cloudapi import CloudApiSandboxConfig
from console.sandbox.cloudapi_wire import signature
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.store.chat import chat_page
from console.store.secrets import MemorySecrets
from console.team_server.accounts import ServerAccounts
from console.team_server.process import ServerProcess
from console.team_server.secrets import secret_variable
from console.team_server.server import TeamServer
from console.team_server.store import TeamStore
from console.team_server.upgrade import upgrade
from tests.conftest import open_workspace, run_core
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_console_send import _by_key, _in_state, _key_of, joined, until
from tests.test_team_send import centralita, rows
from tests.test_team_server import server_env

META = "Meta Ventas"
CUSTOMER = "+59899123456"
CONFIGS = SandboxConfigs(cloudapi=CloudApiSandboxConfig(status_delays=(0.1, 0.2, 0.3)))


@dataclass
class CloudTeam:
    database_url: str
    server: str
    token: str
    sandbox: SandboxServer
    path: str  # the Cloud API account's callback path
    admin: list[str]  # the `centralita server accounts` arguments before the action's
    admin_env: dict[str, str]


def _after(text: str, prefix: str) -> str:
    return text.split(prefix)[1].split()[0]


@pytest.fixture(scope="module")
def cloud_team(postgres_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CloudTeam]:  # noqa: F811
    database_url = postgres_cluster.new_database()
    store = TeamStore.open(database_url)
    token = store.add_agent("ana")
    store.close()
    folder = tmp_path_factory.mktemp("team-cloud")
    # The admin's host and the server check webhooks with one events token (the servers' environment file).
    shared = server_env(folder)
    admin_env = {**shared, "CENTRALITA_SERVER_DATABASE": database_url}
    env = {
        **shared,
        secret_variable(META, "access_token"): cloudapi.DEMO_ACCESS_TOKEN,
        secret_variable(META, "app_secret"): cloudapi.DEMO_APP_SECRET,
        secret_variable(META, "verify_token"): cloudapi.DEMO_VERIFY_TOKEN,
    }
    with SandboxServer(configs=CONFIGS) as sandbox:
        admin = ["--data-dir", str(folder / "admin"), "server", "accounts"]
        added = centralita(
            admin_env,
            *admin,
            *("add", "cloudapi", META, "--phone-number-id", cloudapi.DEMO_PHONE_NUMBER_ID, "--waba-id", cloudapi.DEMO_WABA_ID),
            *("--access-token", "-", "--app-secret", "-", "--verify-token", "-", "--graph-url", sandbox.base_urls["cloudapi"]),
            stdin="\n".join((cloudapi.DEMO_ACCESS_TOKEN, cloudapi.DEMO_APP_SECRET, cloudapi.DEMO_VERIFY_TOKEN)) + "\n",
        )
        assert added.returncode == 0, added.stderr
        path = _after(added.stdout, "(keep it private): ")
        assert path.startswith("/callbacks/cloudapi/")
        assert _after(added.stdout, "(keep it private too): ") == cloudapi.DEMO_VERIFY_TOKEN
        process = ServerProcess(folder / "host", database_url, env=env).start()
        try:
            # Meta's "Verify and save": the simulator subscribes only a URL that answers its challenge.
            subscribed = httpx.post(f"{sandbox.root_url}/_sandbox/cloudapi/webhook", json={"url": process.root_url + path})
            assert subscribed.status_code == 200, subscribed.text
            yield CloudTeam(database_url, process.root_url, token, sandbox, path, admin, admin_env)
        finally:
            assert process.stop() == 0


def test_metas_verification_answers_the_challenge_only_with_the_verify_token(cloud_team: CloudTeam) -> None:
    def handshake(verify_token: str, mode: str = "subscribe") -> httpx.Response:
        query = {"hub.mode": mode, "hub.verify_token": verify_token, "hub.challenge": "1158201444"}
        return httpx.get(cloud_team.server + cloud_team.path, params=query)

    right = handshake(cloudapi.DEMO_VERIFY_TOKEN)
    assert right.status_code == 200 and right.text == "1158201444"
    assert handshake("not-the-verify-token").status_code == 403
    assert handshake(cloudapi.DEMO_VERIFY_TOKEN, mode="unsubscribe").status_code == 403
    # The database keeps neither secret in clear.
    stored = rows(cloud_team.database_url, "SELECT sealed_secret, verify_digest FROM relay_route_check")
    assert len(stored) == 1
    for value in stored[0]:
        assert cloudapi.DEMO_APP_SECRET.encode() not in bytes(value) and cloudapi.DEMO_VERIFY_TOKEN.encode() not in bytes(value)


def test_a_template_sent_through_the_server_comes_back_to_the_console_with_its_states(
    cloud_team: CloudTeam, tmp_path: Path
) -> None:
    team, tag = cloud_team, "Lucía " + secrets.token_hex(3)

    async def scenario() -> tuple[bool, bool]:
        async with open_workspace(tmp_path, MemorySecrets()) as console:
            await joined(console, team.server, team.token)
            account = await console.accounts.by_name(META)
            content = TemplateContent("bienvenida", (tag,), language="es")
            warnings = (await console.outbox.check(account, CUSTOMER, content)).warnings
            sent = await console.outbox.send(account, CUSTOMER, content, send_anyway=warnings)
            key = await console.db.run(_key_of, sent.id)
            read = await until(lambda: _in_state(console, key, DeliveryState.READ), 8.0)
            httpx.post(
                f"{team.sandbox.root_url}/_sandbox/cloudapi/inbound", json={"from": CUSTOMER[1:], "name": "Ana", "text": tag}
            ).raise_for_status()
            conversation = (await console.db.run(_by_key, key)).conversation_id  # type: ignore[union-attr]

            async def answered() -> bool:
                chat = await console.db.run(chat_page, conversation)
                return any(item.message.direction is Direction.INCOMING and item.message.body == tag for item in chat)

            return read is not None, await until(answered, 8.0)

    read, answered = run_core(scenario(), timeout=30)
    assert read  # sent, delivered and read: the simulator's signed webhooks, through the server, to the console
    assert answered  # and the customer's message, in the same conversation
    states = rows(team.database_url, "SELECT state FROM team_message WHERE account = :account", account=META)
    assert [state for (state,) in states] == ["read"]


def test_an_unsigned_or_wrongly_signed_callback_is_refused_and_changes_nothing(cloud_team: CloudTeam) -> None:
    team = cloud_team
    [(wamid,)] = rows(team.database_url, "SELECT provider_message_id FROM team_message WHERE account = :a", a=META) or [("x",)]
    body = json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": cloudapi.DEMO_WABA_ID,
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {"phone_number_id": cloudapi.DEMO_PHONE_NUMBER_ID},
                                "statuses": [
                                    {"id": wamid, "status": "failed", "timestamp": "1700000000", "recipient_id": CUSTOMER[1:]}
                                ],
                            },
                        }
                    ],
                }
            ],
        }
    ).encode()
    counted = "SELECT (SELECT count(*) FROM relay_event), (SELECT count(*) FROM team_change)"
    before = rows(team.database_url, counted)

    async def posts() -> list[int]:
        headers = [
            {},
            {"X-Hub-Signature-256": signature("not-the-app-secret", body)},
            {"X-Hub-Signature-256": "sha256=" + "0" * 64},
        ]
        statuses = []
        async with aiohttp.ClientSession() as http:
            for extra in headers:
                async with http.post(
                    team.server + team.path, data=body, headers={"Content-Type": "application/json", **extra}
                ) as got:
                    statuses.append(got.status)
        await asyncio.sleep(0.6)  # what an applier would have applied by now
        return statuses

    assert run_core(posts()) == [401, 403, 403]
    assert rows(team.database_url, counted) == before


def test_a_chattigo_account_is_given_its_webhook_by_the_server_or_not_added(cloud_team: CloudTeam) -> None:
    team = cloud_team

    def add(name: str, password: str) -> tuple[int, str, str]:
        added = centralita(
            team.admin_env,
            *team.admin,
            *("add", "chattigo", name, "--base-url", team.sandbox.base_urls["chattigo"], "--username", chattigo.DEMO_USER),
            *("--password", "-", "--wa-id", chattigo.DEMO_WA_ID, "--public-url", team.server),
            stdin=password + "\n",
        )
        return added.returncode, added.stdout, added.stderr

    refused, out, refused_err = add("Bot refused", "not-the-password")
    assert refused == 2 and out == "" and len(refused_err.strip().splitlines()) == 1
    assert "was not told the callback URL" in refused_err and "the account was not added" in refused_err
    assert team.sandbox.call(team.sandbox.sandbox.chattigo.webhooks).get(chattigo.DEMO_WA_ID) is None

    code, out, err = add("Bot", chattigo.DEMO_PASSWORD)
    assert code == 0, err
    url = _after(out, "(keep it private): ")
    assert url.startswith(team.server + "/callbacks/chattigo/")
    assert team.sandbox.call(team.sandbox.sandbox.chattigo.webhooks)[chattigo.DEMO_WA_ID] == url
    routes = dict(rows(team.database_url, "SELECT name, callback_route FROM team_account"))
    assert "Bot refused" not in routes and url.endswith("/" + routes["Bot"])

    # The server's public address changed: `accounts set` tells Chattigo again, or changes nothing.
    moved = team.server.replace("127.0.0.1", "localhost")

    def change(password: str) -> tuple[int, str, str]:
        changed = centralita(
            team.admin_env, *team.admin, "set", "Bot", "--password", "-", "--public-url", moved, stdin=password + "\n"
        )
        return changed.returncode, changed.stdout, changed.stderr

    refused, out, refused_err = change("not-the-password")
    assert refused == 2 and out == "" and len(refused_err.strip().splitlines()) == 1
    assert "the account was not changed" in refused_err
    assert team.sandbox.call(team.sandbox.sandbox.chattigo.webhooks)[chattigo.DEMO_WA_ID] == url
    code, out, err = change(chattigo.DEMO_PASSWORD)
    assert code == 0, err
    assert _after(out, "(keep it private): ") == moved + url.removeprefix(team.server)  # the same route
    assert team.sandbox.call(team.sandbox.sandbox.chattigo.webhooks)[chattigo.DEMO_WA_ID] == moved + url.removeprefix(team.server)


def test_a_server_started_under_a_new_events_token_seals_the_routes_again_with_its_hosts_secrets(tmp_path: Path) -> None:
    """The token changed (docs/TEAM.md, "Changing the token"): a process that has the account's
    secrets seals its route again when it opens; one that has none leaves it to another host."""
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    engine = open_engine(url)
    upgrade(engine)
    values = {
        "phone_number_id": cloudapi.DEMO_PHONE_NUMBER_ID,
        "waba_id": cloudapi.DEMO_WABA_ID,
        "access_token": cloudapi.DEMO_ACCESS_TOKEN,
        "app_secret": cloudapi.DEMO_APP_SECRET,
        "verify_token": cloudapi.DEMO_VERIFY_TOKEN,
    }
    host = MemorySecrets()
    ServerAccounts(engine, host, Sealer("the old events token " + "x" * 20)).add(META, ProviderKind.CLOUDAPI, values)
    route = ServerAccounts(engine, host).callback_path(META).rsplit("/", 1)[1]  # type: ignore[union-attr]
    relay = RelayStore(engine)
    new = Sealer("the new events token " + "y" * 20)
    assert new.open(*relay.route_check(route)) is None  # type: ignore[misc]

    assert ServerAccounts(engine, MemorySecrets()).seal_again(new) == []  # no secrets on this host: left as it was
    assert new.open(*relay.route_check(route)) is None  # type: ignore[misc]
    server = TeamServer.open(url, "the new events token " + "y" * 20, host)
    server.store.engine.dispose()
    check = new.open(*relay.route_check(route))  # type: ignore[misc]
    assert check is not None and new.verifies(check, cloudapi.DEMO_VERIFY_TOKEN)
    assert check.signed(b"{}", signature(cloudapi.DEMO_APP_SECRET, b"{}"))
    assert ServerAccounts(engine, host).seal_again(new) == []  # sealed once
    engine.dispose()

"""A Chattigo bot paired with a Cloud API account, run by the team server: two `centralita server`
processes on a real PostgreSQL, the accounts added with `centralita server accounts add`, the
sandbox's Cloud API and Chattigo simulators over loopback.

A customer writing to the Cloud API number is forwarded once to Chattigo's bot; its answers are
sent through the Cloud API once each and show in a following console's conversation as the bot's,
with their states; the bot's closing hands the conversation over (the console sees it) and the
customer's next message is not forwarded. Customers writing at once while both processes forward
are each forwarded once, and two claimers racing on the forwards never take one twice nor a
conversation's next before its previous one is done. A 500 from Chattigo after it took a forward
leaves it `unknown`, never sent again, and hands the conversation over. A console joining later
starts with the bot's answers and who has the conversation. A conversation one agent resolves is
resolved for the other console, and the customer's next message reopens it on both and gives it back
to the bot (`test_team_status`). On SQLite, the stores alone follow the
same rules step by step (a dead worker's forward, the closing that names no customer, an agent's send).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from console.domain.accounts import ProviderKind
from console.domain.content import TextContent
from console.domain.errors import InvalidInput
from console.domain.inbox import BotHandling
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction
from console.providers.chattigo.envelopes import message_envelopes
from console.relay.signed_routes import Sealer
from console.relay.store import Incoming, RelayStore, open_engine
from console.sandbox import chattigo, cloudapi
from console.sandbox.chattigo import ChattigoSandboxConfig
from console.sandbox.chattigo_bot import CLOSING_MESSAGE
from console.sandbox.cloudapi import CloudApiSandboxConfig
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.store import contacts as contact_queries
from console.store import conversations as conversation_queries
from console.store.chat import chat_page
from console.store.messages import conversation_for_contact
from console.store.secrets import MemorySecrets
from console.team_server.accounts import ServerAccounts
from console.team_server.bot_forwards import FORWARDED, ForwardStore
from console.team_server.bot_relay import for_the_bot
from console.team_server.bulk_runs import Item, RunStore
from console.team_server.callbacks import CallbackStore
from console.team_server.messages import MessageStore
from console.team_server.process import ServerProcess
from console.team_server.secrets import secret_variable
from console.team_server.store import TeamStore
from console.team_server.upgrade import upgrade
from tests.conftest import open_workspace, run_core
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_console_send import joined, until
from tests.test_team_send import centralita, rows
from tests.test_team_server import server_env
from tests.test_team_status import resolved_for_every_console

META, BOT = "Meta Ventas", "Bot Ventas"
AGENTS_ANSWER = "Hola Lucía, soy Ana."
CONFIGS = SandboxConfigs(
    chattigo=ChattigoSandboxConfig(script="order", webhook_beat=0.2),
    cloudapi=CloudApiSandboxConfig(status_delays=(0.05, 0.1, 0.15), callback_beat=0.2),
)


@dataclass
class BotTeam:
    database_url: str
    servers: list[str]
    token: str
    sandbox: SandboxServer


def _after(text: str, prefix: str) -> str:
    return text.split(prefix)[1].split()[0]


@pytest.fixture(scope="module")
def bot_team(postgres_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotTeam]:  # noqa: F811
    database_url = postgres_cluster.new_database()
    store = TeamStore.open(database_url)
    token = store.add_agent("ana")
    store.close()
    folder = tmp_path_factory.mktemp("team-chattigo")
    shared = server_env(folder)
    admin_env = {**shared, "CENTRALITA_SERVER_DATABASE": database_url}
    admin = ["--data-dir", str(folder / "admin"), "server", "accounts"]
    env = {
        **shared,
        secret_variable(META, "access_token"): cloudapi.DEMO_ACCESS_TOKEN,
        secret_variable(META, "app_secret"): cloudapi.DEMO_APP_SECRET,
        secret_variable(META, "verify_token"): cloudapi.DEMO_VERIFY_TOKEN,
        secret_variable(BOT, "password"): chattigo.DEMO_PASSWORD,
    }
    with SandboxServer(configs=CONFIGS) as sandbox, ThreadPoolExecutor(3) as pool:
        # The Cloud API account is added while the processes start: they read the accounts as they go.
        adding = pool.submit(
            centralita,
            admin_env,
            *admin,
            *("add", "cloudapi", META, "--phone-number-id", cloudapi.DEMO_PHONE_NUMBER_ID, "--waba-id", cloudapi.DEMO_WABA_ID),
            *("--access-token", "-", "--app-secret", "-", "--verify-token", "-", "--graph-url", sandbox.base_urls["cloudapi"]),
            stdin="\n".join((cloudapi.DEMO_ACCESS_TOKEN, cloudapi.DEMO_APP_SECRET, cloudapi.DEMO_VERIFY_TOKEN)) + "\n",
        )
        processes = [ServerProcess(folder / host, database_url, env=env) for host in ("host-a", "host-b")]
        starting = [pool.submit(process.start) for process in processes]
        try:
            added = adding.result()
            for started in starting:
                started.result()
            assert added.returncode == 0, added.stderr
            path = _after(added.stdout, "(keep it private): ")
            first = processes[0].root_url
            subscribed = httpx.post(f"{sandbox.root_url}/_sandbox/cloudapi/webhook", json={"url": first + path})
            assert subscribed.status_code == 200, subscribed.text
            paired = centralita(
                admin_env,
                *admin,
                *("add", "chattigo", BOT, "--base-url", sandbox.base_urls["chattigo"], "--username", chattigo.DEMO_USER),
                *("--password", "-", "--wa-id", chattigo.PAIRED_WA_ID, "--cloud-api", META, "--public-url", first),
                stdin=chattigo.DEMO_PASSWORD + "\n",
            )
            assert paired.returncode == 0, paired.stderr
            # A second bot on the same connection is refused in one sentence, and nothing is kept.
            second = centralita(
                admin_env,
                *admin,
                *("add", "chattigo", "Otro bot", "--base-url", sandbox.base_urls["chattigo"]),
                *("--username", chattigo.DEMO_USER, "--password", "-", "--wa-id", chattigo.DEMO_WA_ID, "--cloud-api", META),
                stdin=chattigo.DEMO_PASSWORD + "\n",
            )
            assert second.returncode == 2 and second.stdout == "" and len(second.stderr.strip().splitlines()) == 1
            assert f"'{META}' already answers for the bot of '{BOT}'" in second.stderr
            assert [name for (name,) in rows(database_url, "SELECT name FROM team_account ORDER BY name")] == [BOT, META]
            yield BotTeam(database_url, [process.root_url for process in processes], token, sandbox)
        finally:
            for started in starting:
                started.exception()  # each start ended, whether or not it failed
            assert [process.stop() for process in processes] == [0, 0]


def _customer_writes(team: BotTeam, customer: str, text: str) -> None:
    answer = httpx.post(
        f"{team.sandbox.root_url}/_sandbox/cloudapi/inbound", json={"from": customer, "name": "Lucía", "text": text}
    )
    answer.raise_for_status()


def _forwards(team: BotTeam) -> int:
    return team.sandbox.sandbox.log.count("chattigo", "forward")


def _sends_to(team: BotTeam, customer: str) -> list[dict[str, Any]]:
    sent = httpx.get(f"{team.sandbox.root_url}/_sandbox/cloudapi/sends").json()
    return [send for send in sent if send.get("to") == customer]


def _forward_states(team: BotTeam, customer: str) -> list[str]:
    query = "SELECT state FROM team_bot_forward WHERE customer = :c ORDER BY id"
    return [state for (state,) in rows(team.database_url, query, c=customer)]


def test_the_bots_answers_go_through_the_cloud_api_once_and_its_closing_hands_the_conversation_over(
    bot_team: BotTeam, tmp_path: Path
) -> None:
    team, customer = bot_team, "59899100001"

    async def scenario() -> None:
        async with open_workspace(tmp_path, MemorySecrets()) as console:
            await joined(console, team.servers[1], team.token)  # the other process than the one receiving the webhooks
            before = _forwards(team)
            _customer_writes(team, customer, "Hola, ¿mi pedido?")

            async def bot_chat() -> list[Any]:
                account = await console.accounts.by_name(META)
                conversations = await console.db.run(_conversation_of, account.id, customer)
                if conversations is None:
                    return []
                return [item.message for item in await console.db.run(chat_page, conversations)]

            async def answered(count: int) -> list[Any]:
                found = [m for m in await bot_chat() if m.direction is Direction.BOT and m.state is not DeliveryState.PENDING]
                return found if len(found) >= count else []

            # The order script answers the first message with a text, a template and an image.
            shown = await until(lambda: answered(3), 10.0)
            assert len(shown) == 3, await bot_chat()
            assert all(
                m.state in (DeliveryState.ACCEPTED, DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ)
                for m in shown
            )
            assert _forwards(team) - before == 1
            assert len(_sends_to(team, customer)) == 3
            conversation = await console.db.run(_conversation_of, (await console.accounts.by_name(META)).id, customer)
            assert await console.db.run(conversation_queries.bot_handling, conversation) is BotHandling.BOT

            _customer_writes(team, customer, "Gracias")

            async def handed_over() -> bool:
                return await console.db.run(conversation_queries.bot_handling, conversation) is BotHandling.HANDED_OVER

            assert await until(handed_over, 10.0)
            assert await until(lambda: answered(4), 10.0)
            notices = [m.body for m in await bot_chat() if m.direction is Direction.BOT and "closed" in m.body]
            assert notices == [f"The bot closed the chat: {CLOSING_MESSAGE}"]
            assert _forwards(team) - before == 2

            # Handed over: the customer's next message reaches the agents only.
            _customer_writes(team, customer, "¿Hay alguien?")

            async def arrived() -> bool:
                return any(m.direction is Direction.INCOMING and m.body == "¿Hay alguien?" for m in await bot_chat())

            assert await until(arrived, 10.0)
            time.sleep(0.5)  # what a forwarder would have forwarded by now
            assert _forwards(team) - before == 2

            # An agent answering takes the conversation from the bot, on the server too.
            account = await console.accounts.by_name(META)
            await console.outbox.send(account, "+" + customer, TextContent(AGENTS_ANSWER))

            def taken() -> bool:
                query = "SELECT handling FROM team_bot_handling WHERE customer = :c"
                return rows(team.database_url, query, c=customer) == [("agent",)]

            deadline = time.monotonic() + 10
            while not taken() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)

    run_core(scenario(), timeout=60)
    assert _forward_states(team, customer) == [FORWARDED, FORWARDED]
    answers = rows(team.database_url, "SELECT state FROM team_message WHERE customer = :c AND agent = ''", c=customer)
    assert len(answers) == 4 and all(state in ("accepted", "sent", "delivered", "read") for (state,) in answers)
    sent = [send.get("text", {}).get("body") == AGENTS_ANSWER for send in _sends_to(team, customer)]
    assert sent.count(False) == 4 and sent.count(True) == 1  # each of the bot's answers sent once, and the agent's
    changes = rows(
        team.database_url,
        "SELECT agent, details FROM team_change WHERE kind = 'bot_handling' AND customer = :c ORDER BY id",
        c=customer,
    )
    assert [(agent, json.loads(details)["handling"]) for agent, details in changes] == [
        ("", "bot"),
        ("", "handed_over"),
        ("ana", "agent"),
    ]


def test_an_agent_takes_a_conversation_from_the_bot_and_gives_it_back_through_the_server(
    bot_team: BotTeam, tmp_path: Path
) -> None:
    team, customer = bot_team, "59899100500"

    def on_server() -> list[Any]:
        return rows(team.database_url, "SELECT handling FROM team_bot_handling WHERE customer = :c", c=customer)

    async def scenario() -> tuple[str, int, int]:
        async with open_workspace(tmp_path, MemorySecrets()) as console:
            await joined(console, team.servers[0], team.token)
            account = await console.accounts.by_name(META)
            before = _forwards(team)
            _customer_writes(team, customer, "Hola")

            async def conversation() -> int | None:
                found = await console.db.run(_conversation_of, account.id, customer)
                handling = None if found is None else await console.db.run(conversation_queries.bot_handling, found)
                return found if handling is BotHandling.BOT else None

            conversation_id = await until(conversation, 10.0)
            assert conversation_id is not None
            await console.conversations.take_from_bot(conversation_id)  # the change is applied here before it returns
            assert await console.db.run(conversation_queries.bot_handling, conversation_id) is BotHandling.AGENT
            assert on_server() == [("agent",)]
            with pytest.raises(InvalidInput) as refused:
                await console.conversations.take_from_bot(conversation_id)
            _customer_writes(team, customer, "¿Sigue ahí?")  # an agent has it: not forwarded
            await asyncio.sleep(0.6)
            while_taken = _forwards(team) - before
            await console.conversations.give_back_to_bot(conversation_id)
            assert on_server() == [("bot",)]
            _customer_writes(team, customer, "Otra consulta")

            async def forwarded_again() -> bool:
                return _forwards(team) - before == 2

            await until(forwarded_again, 10.0)
            return str(refused.value), while_taken, _forwards(team) - before

    refusal, while_taken, forwarded = run_core(scenario(), timeout=40)
    assert refusal == "conversation: it is already with the agent"
    assert (while_taken, forwarded) == (1, 2)
    assert _forward_states(team, customer) == [FORWARDED, FORWARDED]


def _conversation_of(session: Any, account_id: int, phone: str) -> int | None:
    """The customer's conversation on the mirrored account, as the follower keys it (its contact by the phone's digits)."""
    return conversation_for_contact(session, account_id, contact_queries.ensure_contact(session, account_id, phone, phone))


def test_customers_writing_at_once_to_two_processes_are_each_forwarded_once(bot_team: BotTeam) -> None:
    team = bot_team
    customers = [f"598991002{index:02d}" for index in range(12)]
    before = _forwards(team)
    threads = [threading.Thread(target=_customer_writes, args=(team, customer, "Hola")) for customer in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_forward_states(team, c) != [FORWARDED] for c in customers):
        time.sleep(0.1)
    assert {customer: _forward_states(team, customer) for customer in customers} == {c: [FORWARDED] for c in customers}
    time.sleep(0.3)
    assert _forwards(team) - before == len(customers)


def test_two_claimers_racing_take_each_forward_once_and_a_conversation_in_order(postgres_cluster: Cluster) -> None:  # noqa: F811
    database_url = postgres_cluster.new_database()
    engines = [open_engine(database_url) for _ in range(2)]
    upgrade(engines[0])
    envelope = {"object": "whatsapp_business_account", "entry": []}
    with engines[0].begin() as connection:
        for index in range(120):  # 20 conversations of 6 messages
            customer = f"5989910{index % 20:04d}"
            for_the_bot(connection, BOT, META, customer, f"wamid.{index}", envelope)
    stores = [ForwardStore(engine) for engine in engines]
    taken: list[list[tuple[int, str]]] = [[], []]
    start = threading.Barrier(2)

    def claim(which: int) -> None:
        start.wait()
        while claimed := stores[which].claim(f"worker-{which}", 3):
            for forward in claimed:
                taken[which].append((forward.id, forward.customer))
                stores[which].record(forward.id, f"worker-{which}", FORWARDED)

    threads = [threading.Thread(target=claim, args=(which,)) for which in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [forward_id for claimed in taken for forward_id, _ in claimed]
    assert sorted(ids) == list(range(1, 121)) and all(taken)  # each once, and both took some
    for claimed in taken:  # within one conversation, each claimer took them in order
        for customer in {customer for _, customer in claimed}:
            mine = [forward_id for forward_id, c in claimed if c == customer]
            assert mine == sorted(mine)
    states = rows(database_url, "SELECT DISTINCT state FROM team_bot_forward")
    assert states == [(FORWARDED,)]
    for engine in engines:
        engine.dispose()


def test_a_forward_chattigo_may_have_taken_is_unknown_never_sent_again_and_hands_the_conversation_over(
    bot_team: BotTeam,
) -> None:
    team, customer = bot_team, "59899100300"
    faults = f"{team.sandbox.root_url}/_sandbox/faults"
    armed = httpx.post(faults, json={"provider": "chattigo", "route": "forward", "kind": "server_error", "times": 1})
    assert armed.status_code == 200, armed.text
    before = _forwards(team)
    try:
        _customer_writes(team, customer, "Hola")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _forward_states(team, customer) != ["unknown"]:
            time.sleep(0.1)
        assert _forward_states(team, customer) == ["unknown"]
        time.sleep(1.2)  # past the first retry's pause: nothing is sent again
        assert _forwards(team) - before == 1
        handling = rows(team.database_url, "SELECT handling FROM team_bot_handling WHERE customer = :c", c=customer)
        assert handling == [("handed_over",)]
        [(details,)] = rows(
            team.database_url,
            "SELECT details FROM team_change WHERE kind = 'bot_handling' AND customer = :c AND details LIKE '%notice\": {%'",
            c=customer,
        )
        assert json.loads(details)["notice"]["code"] == "team.bot_forward_unknown"
    finally:
        httpx.delete(faults)


def test_a_console_joining_later_starts_with_the_bots_answers_and_who_has_the_conversation(
    bot_team: BotTeam, tmp_path: Path
) -> None:
    team, customer = bot_team, "59899100400"
    _customer_writes(team, customer, "Hola")
    query = "SELECT count(*) FROM team_message WHERE customer = :c AND agent = '' AND state NOT IN ('pending', 'sending')"
    deadline = time.monotonic() + 10
    while rows(team.database_url, query, c=customer) != [(3,)] and time.monotonic() < deadline:
        time.sleep(0.05)

    async def joined_later() -> tuple[list[Any], BotHandling | None]:
        async with open_workspace(tmp_path, MemorySecrets()) as console:
            await joined(console, team.servers[0], team.token)  # no log read yet: it starts from the snapshot
            account = await console.accounts.by_name(META)

            async def chat() -> list[Any]:
                conversation = await console.db.run(_conversation_of, account.id, customer)
                shown = [] if conversation is None else [item.message for item in await console.db.run(chat_page, conversation)]
                return shown if len(shown) >= 4 else []

            shown = await until(chat, 10.0)
            conversation = await console.db.run(_conversation_of, account.id, customer)
            return shown, await console.db.run(conversation_queries.bot_handling, conversation)

    shown, handling = run_core(joined_later(), timeout=30)
    assert [m.direction for m in shown] == [Direction.INCOMING, Direction.BOT, Direction.BOT, Direction.BOT]
    assert all(m.state is not DeliveryState.PENDING for m in shown[1:])
    assert handling is BotHandling.BOT


def test_a_conversation_resolved_by_one_agent_is_resolved_for_all_and_the_customer_reopens_it(
    bot_team: BotTeam, tmp_path: Path
) -> None:
    """Two consoles, the customer and the bot the conversation had handed over (`test_team_status`)."""
    resolved_for_every_console(bot_team, tmp_path)


def _webhook(customer: str, message_id: str, text: str) -> dict[str, Any]:
    """Meta's webhook for one customer's text (as the Cloud API posts it)."""
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "59800000000", "phone_number_id": cloudapi.DEMO_PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Lucía"}, "wa_id": customer}],
        "messages": [{"from": customer, "id": message_id, "timestamp": "1700000000", "type": "text", "text": {"body": text}}],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": cloudapi.DEMO_WABA_ID, "changes": [{"field": "messages", "value": value}]}],
    }


def test_on_sqlite_the_applier_decides_the_hands_and_the_forwarder_rules_hold(tmp_path: Path) -> None:
    """The stores alone, without processes: a conversation goes to the bot, its forwards go one
    at a time in order, a dead worker's forward is unknown and hands it over (the next one
    skipped), the bot's answer is a message of the connection and its closing hands the chat it
    answered last over, and an agent's send takes a conversation, as a bulk run's items take theirs."""
    database_url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    engine = open_engine(database_url)
    upgrade(engine)
    accounts = ServerAccounts(engine, MemorySecrets(), Sealer("the events token " + "x" * 24))
    cloud = {
        "phone_number_id": cloudapi.DEMO_PHONE_NUMBER_ID,
        "waba_id": cloudapi.DEMO_WABA_ID,
        "access_token": "a",
        "app_secret": "s",
        "verify_token": "v",
    }
    accounts.add(META, ProviderKind.CLOUDAPI, cloud)
    bot = {"username": "demo", "password": "p", "wa_id": chattigo.PAIRED_WA_ID, "cloud_api": META}
    accounts.add(BOT, ProviderKind.CHATTIGO, bot)
    routes = {name: accounts.callback_path(name).rsplit("/", 1)[1] for name in (META, BOT)}  # type: ignore[union-attr]
    relay, applier, forwards, messages = RelayStore(engine), CallbackStore(engine), ForwardStore(engine), MessageStore(engine)

    def arrives(name: str, provider: str, body: dict[str, Any]) -> list[tuple[str, str, Any]]:
        relay.append([Incoming(routes[name], provider, json.dumps(body).encode(), "2026-01-01T00:00:00.000000Z")])
        changes, _ = applier.apply_next()  # type: ignore[misc]
        return [(c.kind, c.customer, c.details.get("handling")) for c in changes]

    first = _webhook("59899111111", "wamid.1", "Hola")
    assert arrives(META, "cloudapi", first) == [("message", "59899111111", None), ("bot_handling", "59899111111", "bot")]
    assert arrives(META, "cloudapi", _webhook("59899111111", "wamid.2", "¿Hola?")) == [("message", "59899111111", None)]
    assert arrives(META, "cloudapi", _webhook("59899111111", "wamid.3", "¿Hay alguien?")) == [("message", "59899111111", None)]
    [one] = forwards.claim("worker", 10)  # a conversation's next waits for the one before
    assert one.envelope == message_envelopes(json.dumps(first))["wamid.1"] and one.bot_account == BOT
    assert forwards.claim("other", 10) == []
    assert forwards.record(one.id, "worker", FORWARDED) == []
    [two] = forwards.claim("dead worker", 10)  # it has no lease: its process died
    [taken_over] = forwards.take_over()
    assert (taken_over.kind, taken_over.details["handling"]) == ("bot_handling", "handed_over")
    assert taken_over.details["notice"]["code"] == "team.bot_forward_unknown"
    states = [state for (state,) in rows(database_url, "SELECT state FROM team_bot_forward ORDER BY id")]
    assert states == ["forwarded", "unknown", "skipped"] and forwards.claim("worker", 10) == []

    arrives(META, "cloudapi", _webhook("59899222222", "wamid.4", "Hola"))
    answer = {"messaging_product": "whatsapp", "to": "59899222222", "type": "text", "text": {"body": "¡Hola! ¿En qué te ayudo?"}}
    [(kind, customer, _)] = arrives(BOT, "chattigo", answer)
    assert (kind, customer) == ("message", "59899222222")
    [queued] = messages.claim("worker", 10)
    assert queued.account == META and queued.bot is not None and queued.bot["payload"] == answer
    shown = queued.as_json()
    assert (shown["direction"], shown["body"], shown["agent"]) == (
        "bot",
        "¡Hola! ¿En qué te ayudo?",
        "",
    ) and "payload" not in str(shown)
    closing = {"chatBeenClosed": {"closed": True, "message": "El chat finalizo"}}  # names no customer: the one answered last
    assert arrives(BOT, "chattigo", closing) == [
        ("bot_closed", "59899222222", None),
        ("bot_handling", "59899222222", "handed_over"),
    ]
    assert arrives(META, "cloudapi", _webhook("59899222222", "wamid.5", "Gracias")) == [("message", "59899222222", None)]
    assert forwards.claim("worker", 10) == []  # handed over: not forwarded

    _, change = messages.create("ana", str(uuid.uuid4()), META, "59899222222", "text", {"type": "TextContent", "body": "Soy Ana"})
    taken = rows(
        f"sqlite:///{tmp_path / 'team.sqlite3'}", "SELECT kind, agent, details FROM team_change ORDER BY id DESC LIMIT 2"
    )
    assert change is not None and [(kind, agent) for kind, agent, _ in taken] == [("message", "ana"), ("bot_handling", "ana")]
    assert json.loads(taken[1][2])["handling"] == "agent"
    # A bulk run's items take theirs too (the first customer's was handed over; a new one's had no bot).
    template = {"type": "TemplateContent", "name": "bienvenida", "params": [], "language": "es"}
    items = [Item(number, "template", template, {"params": []}) for number in ("59899111111", "59899333333")]
    _, run_changes = RunStore(engine).create("ana", str(uuid.uuid4()), META, {"name": "bienvenida"}, items)
    assert [(c.kind, c.customer, c.details.get("handling")) for c in run_changes][:2] == [
        ("bot_handling", "59899111111", "agent"),
        ("run", "", None),
    ]
    engine.dispose()

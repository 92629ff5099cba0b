"""The Hey Now sandbox over real loopback HTTP: every documented answer, counting, faults."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import phonenumbers
import pytest

from console.sandbox.heynow import (
    ALTERNATIVE_BOT_PLATFORM,
    DEMO_PLATFORM,
    FOREIGN_PLATFORM,
    OPEN_PLATFORM,
    HeyNowSandboxConfig,
    HeyNowSimulator,
    SendOutcome,
    send_outcome,
)
from console.sandbox.people import ARGENTINA_PREFIXES, URUGUAY_PREFIXES, generate_people
from console.sandbox.recorder import Faults, RequestLog
from console.sandbox.server import SandboxServer, serve_forever

# A valid Uruguayan mobile the generated agendas never contain (they leave out 5989 9…).
STRANGER = "59899123456"
CONTACT_KEYS = {
    "_id",
    "phones",
    "first_name",
    "last_name",
    "profile_pic",
    "locale",
    "timezone",
    "gender",
    "channels",
}


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer() as running:
        yield running


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client


def base(server: SandboxServer) -> str:
    return server.base_urls["heynow"]


def auth(
    http: httpx.Client, server: SandboxServer, user: str = "demo", password: str = "demo"
) -> dict[str, str]:
    response = http.post(f"{base(server)}/login", json={"name": user, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def member(server: SandboxServer, platform: str) -> str:
    ids: list[str] = server.call(server.sandbox.heynow.agenda_ids, platform)
    return ids[0]


def send(
    http: httpx.Client,
    server: SandboxServer,
    headers: dict[str, str],
    platform: str,
    client: str,
    validation: str | None = "true",
    text: str = "Hola",
) -> httpx.Response:
    params = None if validation is None else {"contactValidation": validation}
    return http.post(
        f"{base(server)}/message/1/{platform}/{client}", json={"text": text}, params=params, headers=headers
    )


# ---- login ----------------------------------------------------------------------------


def test_login_answers(server: SandboxServer, http: httpx.Client) -> None:
    url = f"{base(server)}/login"
    good = http.post(url, json={"name": "demo", "password": "demo"})
    assert good.status_code == 200 and isinstance(good.json()["token"], str) and good.json()["token"]
    wrong = http.post(url, json={"name": "demo", "password": "nope"})
    assert wrong.status_code == 401 and wrong.json()["message"]
    assert (
        http.post(url, content=b"{not json", headers={"Content-Type": "application/json"}).status_code == 400
    )
    assert http.post(url, json={"name": "demo"}).status_code == 400
    assert http.post(url, json=["demo", "demo"]).status_code == 400


# ---- the contactValidation table ----------------------------------------------------------

TABLE = [
    # platform, contactValidation, in agenda, expected status, via the alternative bot
    (DEMO_PLATFORM, "true", False, 404, False),
    (DEMO_PLATFORM, "true", True, 200, False),
    (DEMO_PLATFORM, "false", False, 404, False),
    (DEMO_PLATFORM, "false", True, 200, False),
    (ALTERNATIVE_BOT_PLATFORM, "true", False, 404, False),
    (ALTERNATIVE_BOT_PLATFORM, "true", True, 200, False),
    (ALTERNATIVE_BOT_PLATFORM, "false", False, 200, True),
    (ALTERNATIVE_BOT_PLATFORM, "false", True, 200, False),
    (OPEN_PLATFORM, "true", False, 404, False),
    (OPEN_PLATFORM, "true", True, 200, False),
    (OPEN_PLATFORM, "false", False, 200, False),
    (OPEN_PLATFORM, "false", True, 200, False),
    (OPEN_PLATFORM, None, False, 404, False),  # no parameter reads as true
]


@pytest.mark.parametrize(("platform", "validation", "in_agenda", "status", "via_bot"), TABLE)
def test_contact_validation_table_over_http(
    server: SandboxServer,
    http: httpx.Client,
    platform: str,
    validation: str | None,
    in_agenda: bool,
    status: int,
    via_bot: bool,
) -> None:
    client = member(server, platform) if in_agenda else STRANGER
    assert STRANGER not in server.call(server.sandbox.heynow.agenda_ids, platform)
    response = send(http, server, auth(http, server), platform, client, validation)
    assert response.status_code == status, response.text
    sent = server.call(server.sandbox.heynow.messages_sent)
    if status == 404:
        assert response.json()["message"] and sent == []
        return
    (message,) = sent
    assert response.json() == {"idMessageHey": message.id}
    assert (message.platform_id, message.client_id, message.text) == (platform, client, "Hola")
    assert message.via_alternative_bot is via_bot and message.mass is False


def test_send_outcome_covers_every_combination() -> None:
    sent, bot, refused = SendOutcome.SENT, SendOutcome.ALTERNATIVE_BOT, SendOutcome.NOT_SENT
    expected = {  # (validates, alternative bot, contactValidation): (not in agenda, in agenda)
        (True, False, True): (refused, sent),
        (True, False, False): (refused, sent),
        (True, True, True): (refused, sent),
        (True, True, False): (bot, sent),
        (False, False, True): (refused, sent),
        (False, True, True): (refused, sent),
        (False, False, False): (sent, sent),
        (False, True, False): (sent, sent),
    }
    for (validates, alternative, validation), (outside, inside) in expected.items():
        assert send_outcome(validates, alternative, validation, False) is outside
        assert send_outcome(validates, alternative, validation, True) is inside


def test_send_rejects_bad_requests(server: SandboxServer, http: httpx.Client) -> None:
    headers = auth(http, server)
    url = f"{base(server)}/message/1/{DEMO_PLATFORM}/{member(server, DEMO_PLATFORM)}"
    assert http.post(url, json={}, headers=headers).status_code == 400
    assert http.post(url, json={"text": "   "}, headers=headers).status_code == 400
    assert http.post(url, content=b"text=hola", headers=headers).status_code == 400
    as_text = http.post(url, content=b'{"text": "hola"}', headers={**headers, "Content-Type": "text/plain"})
    assert as_text.status_code == 400 and "application/json" in as_text.json()["message"]
    assert (
        http.post(url, json={"text": "x"}, params={"contactValidation": "maybe"}, headers=headers).status_code
        == 400
    )
    not_a_channel = url.replace("/message/1/", "/message/uno/")
    assert http.post(not_a_channel, json={"text": "x"}, headers=headers).status_code == 400
    assert server.call(server.sandbox.heynow.messages_sent) == []


# ---- 401, 403, 404 ------------------------------------------------------------------------


def test_unauthorized_without_a_valid_token(server: SandboxServer, http: httpx.Client) -> None:
    client = member(server, DEMO_PLATFORM)
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Token nope"}):
        assert send(http, server, headers, DEMO_PLATFORM, client).status_code == 401
        assert http.get(f"{base(server)}/contact/1/{DEMO_PLATFORM}", headers=headers).status_code == 401
    headers = auth(http, server)
    assert send(http, server, headers, DEMO_PLATFORM, client).status_code == 200
    server.call(server.sandbox.heynow.expire_tokens)
    expired = send(http, server, headers, DEMO_PLATFORM, client)
    assert expired.status_code == 401 and expired.json()["message"]


def test_tokens_expire_after_their_ttl(http: httpx.Client) -> None:
    with SandboxServer(HeyNowSandboxConfig(token_ttl=0.2)) as server:
        headers = auth(http, server)
        url = f"{base(server)}/contact/1/{DEMO_PLATFORM}/{member(server, DEMO_PLATFORM)}"
        assert http.get(url, headers=headers).status_code == 200
        time.sleep(0.25)
        assert http.get(url, headers=headers).status_code == 401
        assert http.get(url, headers=auth(http, server)).status_code == 200


def test_foreign_platforms_are_forbidden(server: SandboxServer, http: httpx.Client) -> None:
    demo, other = auth(http, server), auth(http, server, "otra", "otra")
    root = base(server)
    for url in (
        f"{root}/contact/1/{FOREIGN_PLATFORM}",
        f"{root}/contact/1/59890000000",
        f"{root}/contact/2/{DEMO_PLATFORM}",
        f"{root}/message/1/{FOREIGN_PLATFORM}/some-id",
    ):
        assert http.get(url, headers=demo).status_code == 403
    assert send(http, server, demo, FOREIGN_PLATFORM, member(server, FOREIGN_PLATFORM)).status_code == 403
    assert http.get(f"{root}/contact/1/{FOREIGN_PLATFORM}", headers=other).status_code == 200
    assert http.get(f"{root}/contact/1/{DEMO_PLATFORM}", headers=other).status_code == 403


def test_not_found_answers(server: SandboxServer, http: httpx.Client) -> None:
    headers, root = auth(http, server), base(server)
    assert http.get(f"{root}/contact/1/{DEMO_PLATFORM}/{STRANGER}", headers=headers).status_code == 404
    assert http.get(f"{root}/message/1/{DEMO_PLATFORM}/no-such-id", headers=headers).status_code == 404
    sent = send(http, server, headers, OPEN_PLATFORM, STRANGER, "false")
    message_id = sent.json()["idMessageHey"]
    assert http.get(f"{root}/message/1/{DEMO_PLATFORM}/{message_id}", headers=headers).status_code == 404
    assert http.get(f"{root}/message/1/{OPEN_PLATFORM}/{message_id}", headers=headers).status_code == 200
    assert http.get(f"{root}/nothing/here", headers=headers).status_code == 404
    assert http.get(f"{root}/login").status_code == 404


# ---- mass send ----------------------------------------------------------------------------


def test_mass_send_only_on_channels_without_validation(server: SandboxServer, http: httpx.Client) -> None:
    headers, root = auth(http, server), base(server)
    for platform in (DEMO_PLATFORM, ALTERNATIVE_BOT_PLATFORM):
        refused = http.post(
            f"{root}/masiveMessage/1/{platform}/{STRANGER}", json={"text": "x"}, headers=headers
        )
        assert refused.status_code == 400
        assert refused.json() == {"message": "Channel validates contacts: mass send not allowed"}
    sent = http.post(
        f"{root}/masiveMessage/1/{OPEN_PLATFORM}/{STRANGER}", json={"text": "Oferta"}, headers=headers
    )
    assert sent.status_code == 200
    (message,) = server.call(server.sandbox.heynow.messages_sent)
    assert (message.id, message.client_id, message.mass, message.text) == (
        sent.json()["idMessageHey"],
        STRANGER,
        True,
        "Oferta",
    )
    assert (
        http.post(f"{root}/masiveMessage/1/{OPEN_PLATFORM}/{STRANGER}", json={}, headers=headers).status_code
        == 400
    )
    assert (
        http.post(
            f"{root}/masiveMessage/1/{FOREIGN_PLATFORM}/{STRANGER}", json={"text": "x"}, headers=headers
        ).status_code
        == 403
    )
    assert (
        http.post(f"{root}/masiveMessage/1/{OPEN_PLATFORM}/{STRANGER}", json={"text": "x"}).status_code == 401
    )


# ---- status progression -------------------------------------------------------------------

ORDER = ["?", "RS", "RU", "LU"]


def poll_statuses(http: httpx.Client, server: SandboxServer, seconds: float) -> list[str]:
    headers = auth(http, server)
    message_id = send(http, server, headers, DEMO_PLATFORM, member(server, DEMO_PLATFORM)).json()[
        "idMessageHey"
    ]
    url = f"{base(server)}/message/1/{DEMO_PLATFORM}/{message_id}"
    seen: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (not seen or seen[-1] != "LU"):
        response = http.get(url, headers=headers)
        assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
        seen.append(response.json())
        time.sleep(0.01)
    return seen


def test_status_progresses_to_read() -> None:
    config = HeyNowSandboxConfig(status_delays=(0.05, 0.1, 0.15), never_read_ratio=0, stuck_ratio=0)
    with SandboxServer(config) as server, httpx.Client() as http:
        seen = poll_statuses(http, server, 2.0)
    assert seen[-1] == "LU"
    assert [ORDER.index(s) for s in seen] == sorted(ORDER.index(s) for s in seen)


@pytest.mark.parametrize(("never_read", "stuck", "final"), [(1.0, 0.0, "RU"), (0.0, 1.0, "?")])
def test_some_messages_are_never_read_or_never_confirmed(never_read: float, stuck: float, final: str) -> None:
    config = HeyNowSandboxConfig(
        status_delays=(0.02, 0.04, 0.06), never_read_ratio=never_read, stuck_ratio=stuck
    )
    with SandboxServer(config) as server, httpx.Client() as http:
        assert poll_statuses(http, server, 0.3)[-1] == final


def test_status_errors_at_the_configured_ratio() -> None:
    with SandboxServer(HeyNowSandboxConfig(status_error_ratio=1.0)) as server, httpx.Client() as http:
        headers = auth(http, server)
        message_id = send(http, server, headers, DEMO_PLATFORM, member(server, DEMO_PLATFORM)).json()[
            "idMessageHey"
        ]
        assert (
            http.get(f"{base(server)}/message/1/{DEMO_PLATFORM}/{message_id}", headers=headers).status_code
            == 500
        )


# ---- contacts and agenda -------------------------------------------------------------------


def test_contact_and_agenda_have_the_documented_shape(server: SandboxServer, http: httpx.Client) -> None:
    headers, root = auth(http, server), base(server)
    agenda = http.get(f"{root}/contact/1/{DEMO_PLATFORM}", headers=headers).json()
    assert len(agenda) == HeyNowSandboxConfig().agenda_size
    for item in agenda:
        assert set(item) == CONTACT_KEYS
        assert item["channels"] == [
            {"channel": 1, "platformId": DEMO_PLATFORM, "clientId": item["phones"][0], "metaData": {}}
        ]
    one = http.get(f"{root}/contact/1/{DEMO_PLATFORM}/{agenda[0]['phones'][0]}", headers=headers)
    assert one.json() == agenda[0]
    assert any(item["last_name"] is None and item["first_name"] == item["phones"][0] for item in agenda)
    assert any(set(item["first_name"] + (item["last_name"] or "")) & set("áéíóúñÁÉÍÓÚ") for item in agenda)


def test_agendas_are_deterministic_by_seed() -> None:
    def ids(seed: int) -> list[str]:
        simulator = HeyNowSimulator(HeyNowSandboxConfig(seed=seed), RequestLog(), Faults())
        return [i for platform in (DEMO_PLATFORM, OPEN_PLATFORM) for i in simulator.agenda_ids(platform)]

    assert ids(1) == ids(1) != ids(2)


def test_inbound_customer_joins_the_agenda(server: SandboxServer, http: httpx.Client) -> None:
    headers, root = auth(http, server), base(server)
    assert send(http, server, headers, DEMO_PLATFORM, STRANGER).status_code == 404
    http.get(f"{root}/contact/1/{DEMO_PLATFORM}", headers=headers)  # caches the agenda
    admin = http.post(
        f"{server.root_url}/_sandbox/heynow/inbound",
        json={"platformId": DEMO_PLATFORM, "clientId": STRANGER, "first_name": "Lucía"},
    )
    assert admin.status_code == 200 and admin.json()["first_name"] == "Lucía"
    assert send(http, server, headers, DEMO_PLATFORM, STRANGER).status_code == 200
    contact = http.get(f"{root}/contact/1/{DEMO_PLATFORM}/{STRANGER}", headers=headers).json()
    assert (contact["first_name"], contact["last_name"]) == ("Lucía", None)
    agenda = http.get(f"{root}/contact/1/{DEMO_PLATFORM}", headers=headers).json()
    assert agenda[-1] == contact


def test_agenda_of_100k_is_served_quickly(http: httpx.Client) -> None:
    with SandboxServer(HeyNowSandboxConfig(agenda_size=100_000)) as server:
        headers = auth(http, server)
        started = time.perf_counter()
        response = http.get(f"{base(server)}/contact/1/{DEMO_PLATFORM}", headers=headers)
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = http.get(f"{base(server)}/contact/1/{DEMO_PLATFORM}", headers=headers)
        cached = time.perf_counter() - started
    assert response.status_code == 200 and again.content == response.content
    assert len(response.json()) == 100_000
    assert first < 4.0 and cached < 2.0, (first, cached)


# ---- people ------------------------------------------------------------------------------


def test_every_prefix_gives_valid_mobiles() -> None:
    mobile = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
    for prefixes, region in ((URUGUAY_PREFIXES, "UY"), (ARGENTINA_PREFIXES, "AR")):
        for prefix, digits in prefixes:
            for suffix in ("0" * digits, "9" * digits, "5" * digits, "1234567890"[:digits]):
                number = phonenumbers.parse(f"+{prefix}{suffix}")
                assert phonenumbers.is_valid_number(number), prefix + suffix
                assert phonenumbers.region_code_for_number(number) == region
                assert phonenumbers.number_type(number) in mobile


def test_generated_people_are_realistic_fast_and_deterministic() -> None:
    started = time.perf_counter()
    people = generate_people(100_000, seed=7)
    assert time.perf_counter() - started < 2.0
    assert people == generate_people(100_000, seed=7)
    assert people[:50] != generate_people(50, seed=8)
    assert len({p.phone for p in people}) == len(people)
    assert {p.country for p in people} == {"UY", "AR"}
    assert any("í" in p.full_name for p in people) and any("é" in p.full_name for p in people)
    for person in people[::20]:
        number = phonenumbers.parse("+" + person.phone)
        assert phonenumbers.is_valid_number(number), person
        assert phonenumbers.region_code_for_number(number) == person.country
    assert all(p.phone.startswith(("5989", "549")) for p in people)


# ---- recording, faults, admin -------------------------------------------------------------


def test_every_request_is_counted(server: SandboxServer, http: httpx.Client) -> None:
    headers, root, log = auth(http, server), base(server), server.sandbox.log
    client = member(server, DEMO_PLATFORM)
    send(http, server, headers, DEMO_PLATFORM, client)
    send(http, server, headers, DEMO_PLATFORM, STRANGER)
    send(http, server, {}, DEMO_PLATFORM, client)
    http.get(f"{root}/contact/1/{DEMO_PLATFORM}/{client}", headers=headers)
    http.get(f"{root}/contact/1/{DEMO_PLATFORM}", headers=headers)
    stats = http.get(f"{server.root_url}/_sandbox/stats").json()
    assert stats == {"requests": {"heynow": {"agenda": 1, "contact": 1, "login": 1, "send": 3}}, "total": 6}
    assert log.count("heynow", "send") == 3 and log.count() == 6
    records = http.get(f"{server.root_url}/_sandbox/requests", params={"route": "send"}).json()
    assert [r["path"].split("/")[-1] for r in records] == [
        f"{client}?contactValidation=true",
        f"{STRANGER}?contactValidation=true",
        f"{client}?contactValidation=true",
    ]
    assert records[0]["body"] == '{"text":"Hola"}' and records[0]["method"] == "POST"
    assert abs(records[0]["received_at"] - time.time()) < 5
    assert http.post(f"{server.root_url}/_sandbox/reset-log").status_code == 200
    assert log.count() == 0 and log.records() == []


def test_delay_fault_times_out_the_client_after_the_send_arrived(
    server: SandboxServer, http: httpx.Client
) -> None:
    admin = f"{server.root_url}/_sandbox/faults"
    bad = http.post(admin, json={"provider": "heynow", "route": "sned", "kind": "delay", "seconds": 1})
    assert bad.status_code == 400
    armed = http.post(
        admin, json={"provider": "heynow", "route": "send", "kind": "delay", "seconds": 0.6, "times": 1}
    )
    assert armed.status_code == 200 and armed.json()["faults"][0]["times_left"] == 1
    headers, client = auth(http, server), member(server, DEMO_PLATFORM)
    with httpx.Client(timeout=httpx.Timeout(5.0, read=0.2)) as impatient, pytest.raises(httpx.ReadTimeout):
        send(impatient, server, headers, DEMO_PLATFORM, client, text="¿Llegó?")
    assert server.sandbox.log.count("heynow", "send") == 1
    assert [m.text for m in server.call(server.sandbox.heynow.messages_sent)] == ["¿Llegó?"]
    started = time.perf_counter()
    assert send(http, server, headers, DEMO_PLATFORM, client).status_code == 200
    assert time.perf_counter() - started < 0.2  # the fault was used up
    http.post(admin, json={"provider": "heynow", "route": "contact", "kind": "delay", "seconds": 5})
    assert http.delete(admin).json() == {"faults": []}


def test_admin_expires_tokens(server: SandboxServer, http: httpx.Client) -> None:
    headers = auth(http, server)
    assert http.post(f"{server.root_url}/_sandbox/heynow/expire-tokens").status_code == 200
    assert http.get(f"{base(server)}/contact/1/{DEMO_PLATFORM}", headers=headers).status_code == 401
    assert server.sandbox.log.count("heynow", "login") == 1


# ---- the real client against the sandbox ------------------------------------------------------


def test_the_hey_now_client_works_against_the_sandbox(server: SandboxServer) -> None:
    from console.providers.heynow.client import HeyNowClient, HeyNowSettings, NotInAgenda

    async def scenario() -> None:
        settings = HeyNowSettings(base_url=base(server), username="demo", platform_id=DEMO_PLATFORM)
        async with httpx.AsyncClient() as http:
            client = HeyNowClient(http, settings, "demo")
            agenda = (await client.agenda()).entries
            receipt = await client.send_text(agenda[0].external_id, "Hola")
            status = await client.message_status(receipt.provider_message_id)
            assert status.raw_state in ("?", "RS")
            with pytest.raises(NotInAgenda):
                await client.send_text(STRANGER, "Hola")
            assert (await client.contact(agenda[0].external_id)) == agenda[0]
            assert client.logins == 1

    asyncio.run(scenario())


# ---- the server itself -------------------------------------------------------------------------


def test_server_starts_and_stops_quickly(http: httpx.Client) -> None:
    started = time.perf_counter()
    server = SandboxServer().start()
    start_time = time.perf_counter() - started
    try:
        assert server.root_url == f"http://127.0.0.1:{server.port}" and server.port > 0
        assert (
            http.get(server.root_url + "/_sandbox/stats").status_code == 200
        )  # leaves a keep-alive connection
        assert server.call(lambda a, b: a + b, 2, 3) == 5
    finally:
        started = time.perf_counter()
        server.stop()
    assert start_time < 0.3 and time.perf_counter() - started < 0.3
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.root_url + "/_sandbox/stats")
    assert server.sandbox.log.count() == 0  # still readable, and admin requests are not counted


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])
def test_refuses_to_listen_beyond_this_computer(host: str) -> None:
    with pytest.raises(ValueError, match="only listens on this computer"):
        SandboxServer(host=host)
    with pytest.raises(ValueError, match="only listens on this computer"):
        serve_forever(host, 0)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_serve_forever_prints_urls_and_stops_on_sigterm() -> None:
    code = "from console.sandbox.server import serve_forever; serve_forever('127.0.0.1', 0)"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    try:
        first = process.stdout.readline().split()
        assert first[0] == "heynow" and first[1].endswith("/heynow/api")
        lines = [process.stdout.readline() for _ in range(6)]  # the other five providers, then the admin API
        assert lines[-1].startswith("admin") and "/_sandbox/" in lines[-1]
        assert "demo" in process.stdout.readline()  # then each provider's demo credentials
        assert httpx.post(first[1] + "/login", json={"name": "demo", "password": "demo"}).status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
    finally:
        process.kill()
        process.stdout.close()


def test_errors_are_answered_in_the_documents_own_words(server: SandboxServer, http: httpx.Client) -> None:
    """The document's "Descripción" column for each code and method: the real provider's
    words, so nothing in the console may rely on texts it never sends."""
    headers, root = auth(http, server), base(server)
    answers = {
        "not logged in": http.post(f"{root}/message/1/{DEMO_PLATFORM}/{STRANGER}", json={"text": "x"}),
        "not your channel": http.get(f"{root}/contact/1/{FOREIGN_PLATFORM}", headers=headers),
        "not in the agenda": http.post(f"{root}/message/1/{DEMO_PLATFORM}/{STRANGER}", json={"text": "x"}, headers=headers),
        "no such message": http.get(f"{root}/message/1/{DEMO_PLATFORM}/1e492668-ee84-1adb", headers=headers),
        "no such contact": http.get(f"{root}/contact/1/{DEMO_PLATFORM}/{STRANGER}", headers=headers),
    }
    assert {name: (a.status_code, a.json()) for name, a in answers.items()} == {
        "not logged in": (401, {"message": "Token no valido o autenticación no realizada"}),
        "not your channel": (403, {"message": "Permisos insuficientes"}),
        "not in the agenda": (404, {"message": "Recurso no encontrado"}),
        "no such message": (404, {"message": "Mensaje no encontrado"}),
        "no such contact": (404, {"message": "Contacto no encontrado"}),
    }

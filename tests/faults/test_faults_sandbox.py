"""The sandbox's fault injection over its admin HTTP API: each kind on the wire, random mode, send counts."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from console.sandbox.server import SandboxServer
from tests.conftest import FAST_STATUS, OPEN_PLATFORM


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(FAST_STATUS) as running:
        yield running


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=httpx.Timeout(5.0, read=2.0)) as client:
        yield client


def _arm(http: httpx.Client, server: SandboxServer, **fault: object) -> httpx.Response:
    return http.post(f"{server.root_url}/_sandbox/faults", json={"provider": "heynow", "route": "send", "times": 1, **fault})


def _send(http: httpx.Client, server: SandboxServer, token: str, text: str) -> httpx.Response:
    url = f"{server.base_urls['heynow']}/message/1/{OPEN_PLATFORM}/59891000001"
    return http.post(
        url, json={"text": text}, params={"contactValidation": "false"}, headers={"Authorization": f"Bearer {token}"}
    )


def _login(http: httpx.Client, server: SandboxServer) -> str:
    return http.post(f"{server.base_urls['heynow']}/login", json={"name": "demo", "password": "demo"}).json()["token"]


def _processed(http: httpx.Client, server: SandboxServer) -> int:
    return http.get(f"{server.root_url}/_sandbox/sends").json().get("heynow", {}).get("processed", 0)


def test_each_fault_kind_on_the_wire_and_whether_the_send_was_processed(server: SandboxServer, http: httpx.Client) -> None:
    token = _login(http, server)
    seen: dict[str, tuple[object, int]] = {}
    for kind, extra in (
        ("reset_before", {}),
        ("reset_after", {}),
        ("server_error", {"status": 503}),
        ("too_many_requests", {"seconds": 7}),
        ("malformed_json", {}),
        ("slow_body", {"seconds": 0.4}),
        ("expired_token", {}),
    ):
        assert _arm(http, server, kind=kind, **extra).status_code == 200
        before, started = _processed(http, server), time.perf_counter()
        try:
            response = _send(http, server, token, f"Hola {kind}")
            answer: object = (response.status_code, response.headers.get("retry-after"), response.content[:20])
        except httpx.TransportError as error:
            answer = type(error).__name__
        seen[kind] = (answer, _processed(http, server) - before)
        if kind == "slow_body":
            assert time.perf_counter() - started >= 0.35
        if kind == "expired_token":
            token = _login(http, server)
    assert seen["reset_before"] == ("ReadError", 0)
    assert seen["reset_after"] == ("ReadError", 1)
    assert seen["server_error"][0][0] == 503 and seen["server_error"][1] == 1  # type: ignore[index]
    assert seen["too_many_requests"] == ((429, "7", b'{"message": "Too man'), 0)
    assert seen["malformed_json"] == ((200, None, b'{"status": "succ'), 1)
    assert seen["slow_body"][0][0] == 200 and seen["slow_body"][1] == 1  # type: ignore[index]
    assert seen["expired_token"][0][0] == 401 and seen["expired_token"][1] == 0  # type: ignore[index]
    assert http.get(f"{server.root_url}/_sandbox/sends").json() == {"heynow": {"processed": 4, "distinct": 4, "duplicates": 0}}


def test_a_variant_shapes_the_providers_own_answer(server: SandboxServer, http: httpx.Client) -> None:
    token = _login(http, server)
    armed = _arm(http, server, kind="variant", variant="id_text", times=2)
    assert armed.status_code == 200 and armed.json()["faults"][0]["variant"] == "id_text"
    answers = [_send(http, server, token, f"Hola {n}") for n in range(3)]
    assert [a.headers["content-type"].split(";")[0] for a in answers] == ["text/plain", "text/plain", "application/json"]
    assert answers[0].text == server.call(server.sandbox.heynow.messages_sent)[0].id
    assert answers[2].json().keys() == {"idMessageHey"}
    assert _processed(http, server) == 3


def test_callback_variants_are_armed_on_their_own_routes(server: SandboxServer, http: httpx.Client) -> None:
    admin = f"{server.root_url}/_sandbox/faults"
    for route, variant in (("status_callback", "deleted"), ("message_callback", "mixed"), ("closing", "inline")):
        provider = "chattigo" if route == "closing" else "broadcasterbot"
        body = {"provider": provider, "route": route, "kind": "variant", "variant": variant, "times": 1}
        assert http.post(admin, json=body).status_code == 200
    armed = {(f["provider"], f["route"], f["variant"]) for f in http.get(admin).json()["faults"]}
    assert armed == {
        ("broadcasterbot", "status_callback", "deleted"),
        ("broadcasterbot", "message_callback", "mixed"),
        ("chattigo", "closing", "inline"),
    }


def test_the_same_message_twice_is_a_duplicate(server: SandboxServer, http: httpx.Client) -> None:
    token = _login(http, server)
    _send(http, server, token, "Hola")
    _send(http, server, token, "Hola")
    _send(http, server, token, "Chau")
    assert http.get(f"{server.root_url}/_sandbox/sends").json() == {"heynow": {"processed": 3, "distinct": 2, "duplicates": 1}}


def test_random_faults_follow_their_seed_and_rate(server: SandboxServer, http: httpx.Client) -> None:
    admin = f"{server.root_url}/_sandbox/faults"
    body = {
        "seed": 11,
        "rate": 0.5,
        "kinds": ["server_error", "too_many_requests"],
        "seconds": 0,
        "provider": "heynow",
        "routes": ["send"],
    }
    token = _login(http, server)
    runs = []
    for _ in range(2):
        assert http.post(f"{admin}/random", json=body).status_code == 200
        runs.append([_send(http, server, token, f"Hola {i}").status_code for i in range(40)])
    assert runs[0] == runs[1]  # the same seed, the same faults
    assert 10 <= runs[0].count(200) <= 30 and set(runs[0]) == {200, 500, 429}
    state = http.get(admin).json()
    assert state["random"]["seed"] == 11 and sum(state["drawn"]["heynow"].values()) == 40 - runs[1].count(200)
    assert http.post(f"{admin}/random", json={**body, "rate": 0}).json()["random"] is None
    assert {_send(http, server, token, "Hola").status_code for _ in range(5)} == {200}


@pytest.mark.parametrize(
    "body",
    [
        {"provider": "cliengo", "route": "notifications", "kind": "expired_token"},  # Cliengo has no tokens
        {"provider": "heynow", "route": "send", "kind": "server_error", "status": 404},
        {"provider": "heynow", "route": "send", "kind": "explode"},
        {"provider": "heynow", "route": "send", "kind": "delay", "seconds": -1},
        {"provider": "heynow", "route": "send", "kind": "variant"},  # which one?
        {"provider": "heynow", "route": "send", "kind": "variant", "variant": "no-such-shape"},
        {"provider": "heynow", "route": "agenda", "kind": "variant", "variant": "id_text"},  # no variants there
        {"provider": "cliengo", "route": "notifications", "kind": "variant", "variant": "id_text"},
        {"provider": "broadcasterbot", "route": "status_callback", "kind": "delay"},  # callbacks take variants only
        {"provider": "broadcasterbot", "route": "status_callback", "kind": "variant", "variant": "media"},
    ],
)
def test_faults_that_cannot_be_are_refused(server: SandboxServer, http: httpx.Client, body: dict[str, object]) -> None:
    response = http.post(f"{server.root_url}/_sandbox/faults", json=body)
    assert response.status_code == 400 and response.json()["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"seed": "x", "rate": 0.1},
        {"seed": 1, "rate": 2},
        {"seed": 1, "rate": 0.1, "routes": ["nowhere"]},
        {"seed": 1, "rate": 0.1, "kinds": []},
        {"seed": 1, "rate": 0.1, "kinds": ["variant"]},  # variants are armed one by one
    ],
)
def test_random_modes_that_cannot_be_are_refused(server: SandboxServer, http: httpx.Client, body: dict[str, object]) -> None:
    response = http.post(f"{server.root_url}/_sandbox/faults/random", json=body)
    assert response.status_code == 400 and response.json()["message"]

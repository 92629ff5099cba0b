"""The relay's edges: whatever a request carries, a clear status and no traceback in the log,
and a body the provider sent reaches the console byte for byte. SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import gzip
import logging
import secrets
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import aiohttp
import pytest

from console.relay import RelayStore, RelayThread
from tests.conftest import run_core
from tests.faults.conftest import Figures
from tests.test_relay import Client, add_route, postgres_cluster, store_url  # noqa: F401  (fixtures)

DEEP_JSON = b'{"statuses": ' + b"[" * 1000 + b"]" * 1000 + b"}"
LATIN1_BODY = '{"statuses": [], "texto": "ñandú"}'.encode("latin-1")


@pytest.fixture
def relay(store_url: str) -> Iterator[Client]:  # noqa: F811
    token = secrets.token_urlsafe(32)
    with RelayThread(RelayStore.open(store_url), token) as running:
        yield Client(running.root_url, token)


def raw_request(root_url: str, request: bytes) -> int:
    """Send `request` as is (bytes no HTTP client would send) and return the answer's status."""
    parts = urlsplit(root_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def http_request(method: str, path: str, headers: dict[str, bytes], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", f"Content-Length: {len(body)}".encode()]
    lines += [name.encode() + b": " + value for name, value in headers.items()]
    return b"\r\n".join(lines) + b"\r\nConnection: close\r\n\r\n" + body


async def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.post(url, data=body, headers=headers or {}) as answer:
        return answer.status, await answer.json(content_type=None)


async def events(client: Client) -> list[dict]:
    async with aiohttp.ClientSession() as http, http.get(f"{client.root_url}/events", headers=client.auth) as answer:
        assert answer.status == 200
        return (await answer.json())["events"]


def _tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.exc_info or record.levelno >= logging.ERROR]


def test_unreadable_bodies_are_kept_quarantined_and_answered_2xx(
    relay: Client, caplog: pytest.LogCaptureFixture, figures: Figures
) -> None:
    """JSON nested 1,000 levels, a body that claims gzip but is not, and gzip of a deep body:
    each stored, quarantined with a reason, answered 200."""

    async def scenario() -> list[dict]:
        async with aiohttp.ClientSession() as http:
            url = relay.root_url + await add_route(http, relay)
        answers = [
            await post(url, DEEP_JSON),
            await post(url, b"\x1f\x8bnot gzip at all", {"Content-Encoding": "gzip"}),
            await post(url, gzip.compress(DEEP_JSON + b" "), {"Content-Encoding": "gzip"}),
        ]
        assert [status for status, _ in answers] == [200, 200, 200], answers
        return await events(relay)

    stored = run_core(scenario())
    figures.record(bodies=3, stored_quarantined=sum(e["quarantined"] for e in stored), log_errors=len(_tracebacks(caplog)))
    assert len(stored) == 3
    assert all(event["quarantined"] and event["reason"] for event in stored)
    assert base64.b64decode(stored[1]["body_base64"]) == b"\x1f\x8bnot gzip at all"
    assert _tracebacks(caplog) == []


def test_a_gzip_bomb_is_refused_as_too_large(relay: Client) -> None:
    async def scenario() -> int:
        async with aiohttp.ClientSession() as http:
            url = relay.root_url + await add_route(http, relay)
        status, _ = await post(url, gzip.compress(b" " * 50_000_000), {"Content-Encoding": "gzip"})
        assert await events(relay) == []
        return status

    assert run_core(scenario()) == 413


def test_bodies_that_are_not_utf8_reach_the_console_byte_for_byte(relay: Client) -> None:
    async def scenario() -> list[dict]:
        async with aiohttp.ClientSession() as http:
            url = relay.root_url + await add_route(http, relay)
        assert (await post(url, LATIN1_BODY))[0] == 200
        assert (await post(url, b'{"statuses": []}'))[0] == 200
        return await events(relay)

    latin1, utf8 = run_core(scenario())
    assert base64.b64decode(latin1["body_base64"]) == LATIN1_BODY
    assert "body_base64" not in utf8  # text that is already exact is not sent twice


def test_odd_requests_get_a_clear_4xx_and_no_traceback(
    relay: Client, caplog: pytest.LogCaptureFixture, figures: Figures
) -> None:
    """A non-UTF-8 Authorization header, a NUL in a route token (PostgreSQL refuses NUL in
    text), `after` beyond 64 bits, JSON nested 1,000 levels on /routes: 4xx, nothing logged."""
    bearer = f"Bearer {relay.token}".encode()
    cases = {
        "non-UTF-8 token": http_request("GET", "/events", {"Authorization": b"Bearer \xff\xfe" + bearer[7:]}),
        "NUL in a route": http_request("POST", "/callbacks/broadcasterbot/abc%00def", {}, b"{}"),
        "NUL in a long route": http_request("POST", "/callbacks/chattigo/" + "a" * 40 + "%00", {}, b"{}"),
        "after beyond 64 bits": http_request("GET", f"/events?after={2**64}", {"Authorization": bearer}),
        "after far beyond 64 bits": http_request("GET", "/events?after=" + "9" * 400, {"Authorization": bearer}),
        "limit beyond 64 bits": http_request("GET", f"/events?limit={2**70}", {"Authorization": bearer}),
        "deep JSON on /routes": http_request("POST", "/routes", {"Authorization": bearer}, b"[" * 1000 + b"]" * 1000),
        "deep JSON object on /routes": http_request(
            "POST", "/routes", {"Authorization": bearer}, b'{"a":' * 1000 + b"1" + b"}" * 1000
        ),
    }
    statuses = {name: raw_request(relay.root_url, request) for name, request in cases.items()}
    figures.record(answers=statuses, log_errors=len(_tracebacks(caplog)))
    assert statuses == {
        "non-UTF-8 token": 401,
        "NUL in a route": 404,
        "NUL in a long route": 404,
        "after beyond 64 bits": 400,
        "after far beyond 64 bits": 400,
        "limit beyond 64 bits": 400,
        "deep JSON on /routes": 400,
        "deep JSON object on /routes": 400,
    }
    assert _tracebacks(caplog) == []

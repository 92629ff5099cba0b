"""The provider HTTP client (httpx over aiohttp): answers read as httpx reads them, and every
failure classified as never sent or may-have-reached exactly as the outbox needs."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Awaitable, Callable

import httpx
import pytest

from console.providers.aiohttp_transport import provider_http_client
from console.providers.errors import NotSent, OutcomeUnknown
from console.providers.transport import classified_transport_errors
from tests.conftest import run_core

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
TIMEOUT = httpx.Timeout(connect=1.0, read=0.5, write=1.0, pool=1.0)


async def _serve(handler: Handler) -> tuple[asyncio.Server, str]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}"


async def _read_request(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0)
    return head, await reader.readexactly(length)


def _attempt(handler: Handler, *, post: bytes | None = None) -> BaseException | httpx.Response:
    async def scenario() -> BaseException | httpx.Response:
        server, url = await _serve(handler)
        try:
            async with provider_http_client(TIMEOUT) as http, classified_transport_errors("Test"):
                if post is None:
                    return await http.get(url + "/status/1")
                return await http.post(url + "/send", content=post, headers={"Content-Type": "application/json"})
        except (NotSent, OutcomeUnknown) as error:
            return error
        finally:
            server.close()

    return run_core(scenario())


def test_a_request_and_its_answer_arrive_whole() -> None:
    seen: dict[str, bytes] = {}

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen["head"], seen["body"] = await _read_request(reader)
        body = gzip.compress(json.dumps({"id": "m-1", "status": "aceptado"}).encode())
        writer.write(
            b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
            b"Set-Cookie: s=1\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        )
        await writer.drain()
        writer.close()

    response = _attempt(handler, post=b'{"text": "hola"}')
    assert isinstance(response, httpx.Response)
    assert response.status_code == 201 and response.json() == {"id": "m-1", "status": "aceptado"}  # decoded once
    assert seen["body"] == b'{"text": "hola"}'
    head = seen["head"].lower()
    assert head.startswith(b"post /send http/1.1") and b"content-type: application/json" in head
    assert head.count(b"content-length") == 1


def test_a_refused_connection_was_never_sent() -> None:
    async def scenario() -> BaseException:
        server, url = await _serve(lambda reader, writer: asyncio.sleep(0))
        server.close()
        await server.wait_closed()
        try:
            async with provider_http_client(TIMEOUT) as http, classified_transport_errors("Test"):
                await http.post(url + "/send", content=b"{}")
        except (NotSent, OutcomeUnknown) as error:
            return error
        raise AssertionError("the request to a closed port succeeded")

    assert isinstance(run_core(scenario()), NotSent)


@pytest.mark.parametrize(
    "behaviour",
    ["closes after reading", "never answers", "answers half a body", "answers garbage"],
)
def test_a_failure_after_the_request_left_may_have_reached_the_provider(behaviour: str) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        if behaviour == "never answers":
            await asyncio.sleep(5)
        elif behaviour == "answers half a body":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"id\": ")
            await writer.drain()
        elif behaviour == "answers garbage":
            writer.write(b"NOT HTTP AT ALL\r\n\r\n")
            await writer.drain()
        writer.close()

    outcome = _attempt(handler, post=b'{"text": "hola"}')
    assert isinstance(outcome, OutcomeUnknown), outcome

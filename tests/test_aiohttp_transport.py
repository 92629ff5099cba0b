"""The provider HTTP client (httpx over aiohttp): answers read as httpx reads them, and every
failure classified as never sent or may-have-reached exactly as the outbox needs; its direct
reads (`read`, the status polls' GET) answer and fail exactly as its httpx requests."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Awaitable, Callable

import httpx
import pytest

from console.providers.aiohttp_transport import provider_http_client, read
from console.providers.errors import NotSent, OutcomeUnknown
from console.providers.transport import Answer, classified_transport_errors
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


def _attempt(handler: Handler, *, post: bytes | None = None, direct: bool = False) -> BaseException | Answer:
    async def scenario() -> BaseException | Answer:
        server, url = await _serve(handler)
        try:
            async with provider_http_client(TIMEOUT) as http, classified_transport_errors("Test"):
                if direct:
                    return await read(http, url + "/status/1", {"Authorization": "Bearer t"})
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


def _answering(head: bytes, body: bytes) -> Handler:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(head + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        await writer.drain()
        writer.close()

    return handler


@pytest.mark.parametrize(
    ("head", "body"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Type: application/json", json.dumps("RU").encode()),
        (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=iso-8859-1", "leído".encode("latin-1")),
        (b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7", b""),
        (b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json", "{\"message\": \"no está\"}".encode()),
        (  # compressed although the read asked for no compression: unpacked, as httpx unpacks it
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip",
            gzip.compress(json.dumps({"status": "LU"}).encode(), mtime=0),
        ),
    ],
)
def test_a_direct_read_answers_as_httpx_does(head: bytes, body: bytes) -> None:
    by_httpx = _attempt(_answering(head, body))
    direct = _attempt(_answering(head, body), direct=True)
    assert isinstance(by_httpx, httpx.Response) and not isinstance(direct, BaseException | httpx.Response)
    assert direct.status_code == by_httpx.status_code
    assert direct.text == by_httpx.text
    assert direct.headers.get("retry-after") == by_httpx.headers.get("retry-after")
    assert direct.headers.get("Content-Type") == by_httpx.headers.get("content-type")  # either case
    if by_httpx.headers.get("content-type") == "application/json":
        assert direct.json() == by_httpx.json()


def test_a_direct_read_of_a_body_that_cannot_be_unpacked_reached_the_provider() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip"
    assert isinstance(_attempt(_answering(head, b"not gzip at all"), direct=True), OutcomeUnknown)
    assert isinstance(_attempt(_answering(head, b"not gzip at all")), OutcomeUnknown)  # as httpx's request


def test_a_direct_read_of_a_closed_port_was_never_sent() -> None:
    async def scenario() -> BaseException:
        server, url = await _serve(lambda reader, writer: asyncio.sleep(0))
        server.close()
        await server.wait_closed()
        try:
            async with provider_http_client(TIMEOUT) as http, classified_transport_errors("Test"):
                await read(http, url + "/status/1", {})
        except (NotSent, OutcomeUnknown) as error:
            return error
        raise AssertionError("the read of a closed port succeeded")

    assert isinstance(run_core(scenario()), NotSent)


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
    assert isinstance(_attempt(handler, direct=True), OutcomeUnknown)

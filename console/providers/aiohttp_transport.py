"""An httpx transport that sends through aiohttp.

The clients keep httpx's API (requests, responses, per-request timeouts, `MockTransport`
in tests); the bytes go through aiohttp, whose HTTP/1.1 client costs a fraction of
httpcore's per request on the event loop (`bench/status_polling.py` measures both).

The errors are mapped here, by us, because the outbox's promise rests on them: an error
becomes `httpx.ConnectError` / `ConnectTimeout` (never sent, `classified_transport_errors`
lets it be retried) only when aiohttp failed before a connection existed; anything that
can happen after the request started leaving becomes a read, write or protocol error (it
may have reached the provider, so it is never resent on our own).
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from console.providers.http_on_first_use import HttpOnFirstUse
from console.providers.transport import Answer

if TYPE_CHECKING:
    import aiohttp

CHUNK = 64 * 1024


def _mapped(error: BaseException) -> Exception | None:
    """The httpx error an aiohttp failure stands for, or None when it is none of aiohttp's."""
    import aiohttp  # loaded by the first request's session: a console that calls no provider never loads it

    if isinstance(error, aiohttp.ConnectionTimeoutError):  # no connection within the connect (or pool) timeout
        return httpx.ConnectTimeout(str(error) or "connect timeout")
    if isinstance(error, aiohttp.ClientConnectorError):  # refused, unresolvable, TLS handshake: nothing was sent
        return httpx.ConnectError(str(error) or "connect error")
    if isinstance(error, aiohttp.InvalidURL):
        return httpx.UnsupportedProtocol(str(error) or "invalid URL")
    if isinstance(error, TimeoutError | aiohttp.SocketTimeoutError):
        return httpx.ReadTimeout(str(error) or "read timeout")
    if isinstance(error, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError | aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError(str(error) or type(error).__name__)
    if isinstance(error, aiohttp.ClientError | OSError):  # anything else may have happened mid-request
        return httpx.ReadError(str(error) or type(error).__name__)
    return None


@contextmanager
def _mapped_errors() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        mapped = _mapped(error)
        if mapped is None:
            raise
        raise mapped from error


class _Body(httpx.AsyncByteStream):
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _mapped_errors():
            async for chunk in self._response.content.iter_chunked(CHUNK):
                yield chunk

    async def aclose(self) -> None:
        self._response.release()


@dataclass(frozen=True, slots=True)
class ReadAnswer:
    """A read's answer, as much of `httpx.Response` as the clients use (`Answer`)."""

    status_code: int
    headers: Mapping[str, str]  # case-insensitive, as httpx's
    content: bytes
    charset: str  # the Content-Type's, else UTF-8 (JSON's own)

    @property
    def text(self) -> str:
        return self.content.decode(self.charset, errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends httpx requests through one aiohttp session (made on first use, in the loop that uses it)."""

    def __init__(self, limits: httpx.Limits) -> None:
        self._limits = limits
        self._session: aiohttp.ClientSession | None = None

    def _open_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            import aiohttp  # on the first request: the window starts without it

            connector = aiohttp.TCPConnector(
                limit=self._limits.max_connections or 0,
                keepalive_timeout=self._limits.keepalive_expiry or 5.0,
                enable_cleanup_closed=False,
            )
            # httpx decodes the body and keeps the cookies; aiohttp must not do either a second time.
            # No User-Agent or Accept-Encoding of aiohttp's own on any request (set once here, not per read).
            self._session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=False,
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,
                skip_auto_headers=("User-Agent", "Accept-Encoding"),
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        with _mapped_errors():
            response = await self._open_session().request(
                request.method,
                str(request.url),
                headers=[
                    (name.decode("latin-1"), value.decode("latin-1"))
                    for name, value in request.headers.raw
                    if name.lower() != b"transfer-encoding"  # the body is read whole: aiohttp sends its length
                ],
                data=body or None,
                allow_redirects=False,
                compress=False,
                skip_auto_headers=("Content-Type",),
                timeout=_client_timeout(request.extensions.get("timeout", {})),
            )
        return httpx.Response(
            status_code=response.status,
            headers=list(response.raw_headers),
            stream=_Body(response),
            request=request,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (response.reason or "").encode()},
        )

    async def read(self, url: str, headers: dict[str, str], timeout: httpx.Timeout) -> ReadAnswer:
        """GET `url` and read its whole answer, without httpx's request and response machinery
        (two thirds of a status poll's cost on the loop). Its errors are mapped as a request's.

        No context manager per read (a status poll is a read): the answer is released here."""
        try:
            response = await self._open_session().get(
                url, headers=headers, allow_redirects=False, timeout=_read_timeout(timeout.pool, timeout.connect, timeout.read)
            )
            try:
                content = await response.read()
            finally:
                response.release()
        except Exception as error:
            mapped = _mapped(error)
            if mapped is None:
                raise
            raise mapped from error
        head = response.headers
        return ReadAnswer(response.status, head, _decoded(content, head.get("Content-Encoding", "")), response.charset or "utf-8")

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _decoded(body: bytes, encoding: str) -> bytes:
    """A body as sent, unpacked when the server compressed it although the read asked for no
    compression (as httpx would unpack it); one it cannot unpack is `httpx.DecodingError`."""
    encoding = encoding.strip().lower()
    if encoding not in ("gzip", "deflate"):
        return body
    try:
        return zlib.decompress(body, 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS)
    except zlib.error:
        if encoding == "deflate":  # some servers send a raw deflate stream, as httpx accepts
            try:
                return zlib.decompress(body, -zlib.MAX_WBITS)
            except zlib.error:
                pass
        raise httpx.DecodingError(f"the {encoding} body could not be unpacked") from None


def _client_timeout(timeout: dict[str, float | None]) -> aiohttp.ClientTimeout:
    """httpx's four timeouts as aiohttp's (no total: httpx has none)."""
    import aiohttp

    return aiohttp.ClientTimeout(
        total=None,
        connect=_sum(timeout.get("pool"), timeout.get("connect")),
        sock_connect=timeout.get("connect"),
        sock_read=timeout.get("read"),
    )


@functools.lru_cache(maxsize=16)
def _read_timeout(pool: float | None, connect: float | None, read: float | None) -> aiohttp.ClientTimeout:
    """`_client_timeout` for a read, made once per set of values (a read per status poll)."""
    return _client_timeout({"pool": pool, "connect": connect, "read": read})


def _sum(*seconds: float | None) -> float | None:
    """Waiting for a free connection and then connecting: one budget, as httpx's pool + connect."""
    given = [value for value in seconds if value is not None]
    return sum(given) if given else None


class ProviderHttp(httpx.AsyncClient):
    """httpx's client through aiohttp, plus `read`: a GET straight through aiohttp."""

    def __init__(self, timeout: httpx.Timeout, limits: httpx.Limits) -> None:
        self._reads = AiohttpTransport(limits)
        super().__init__(timeout=timeout, limits=limits, transport=self._reads)

    async def read(self, url: str, headers: dict[str, str]) -> ReadAnswer:
        return await self._reads.read(url, headers, self.timeout)


async def read(http: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Answer:
    """GET `url` through `http`: straight through aiohttp when it is the console's client
    (the same answer and the same errors either way, for a fraction of the time)."""
    if isinstance(http, HttpOnFirstUse):
        http = http.client
    if isinstance(http, ProviderHttp):
        return await http.read(url, headers)
    return await http.get(url, headers=headers)


def provider_http_client(timeout: httpx.Timeout, max_connections: int = 32) -> ProviderHttp:
    """The console's one HTTP client for every provider call."""
    return ProviderHttp(timeout, httpx.Limits(max_connections=max_connections))

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

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import aiohttp
import httpx

CHUNK = 64 * 1024


@contextmanager
def _mapped_errors() -> Iterator[None]:
    try:
        yield
    except aiohttp.ConnectionTimeoutError as error:  # no connection within the connect (or pool) timeout
        raise httpx.ConnectTimeout(str(error) or "connect timeout") from error
    except aiohttp.ClientConnectorError as error:  # refused, unresolvable, TLS handshake: nothing was sent
        raise httpx.ConnectError(str(error) or "connect error") from error
    except aiohttp.InvalidURL as error:
        raise httpx.UnsupportedProtocol(str(error) or "invalid URL") from error
    except (TimeoutError, aiohttp.SocketTimeoutError) as error:
        raise httpx.ReadTimeout(str(error) or "read timeout") from error
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientResponseError) as error:
        raise httpx.RemoteProtocolError(str(error) or type(error).__name__) from error
    except (aiohttp.ClientError, OSError) as error:  # anything else may have happened mid-request
        raise httpx.ReadError(str(error) or type(error).__name__) from error


class _Body(httpx.AsyncByteStream):
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _mapped_errors():
            async for chunk in self._response.content.iter_chunked(CHUNK):
                yield chunk

    async def aclose(self) -> None:
        self._response.release()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends httpx requests through one aiohttp session (made on first use, in the loop that uses it)."""

    def __init__(self, limits: httpx.Limits) -> None:
        self._limits = limits
        self._session: aiohttp.ClientSession | None = None

    def _open_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._limits.max_connections or 0,
                keepalive_timeout=self._limits.keepalive_expiry or 5.0,
                enable_cleanup_closed=False,
            )
            # httpx decodes the body and keeps the cookies; aiohttp must not do either a second time.
            self._session = aiohttp.ClientSession(
                connector=connector, auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar(), trust_env=False
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = request.extensions.get("timeout", {})
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
                skip_auto_headers=("User-Agent", "Accept-Encoding", "Content-Type"),
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    connect=_sum(timeout.get("pool"), timeout.get("connect")),
                    sock_connect=timeout.get("connect"),
                    sock_read=timeout.get("read"),
                ),
            )
        return httpx.Response(
            status_code=response.status,
            headers=list(response.raw_headers),
            stream=_Body(response),
            request=request,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (response.reason or "").encode()},
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _sum(*seconds: float | None) -> float | None:
    """Waiting for a free connection and then connecting: one budget, as httpx's pool + connect."""
    given = [value for value in seconds if value is not None]
    return sum(given) if given else None


def provider_http_client(timeout: httpx.Timeout, max_connections: int = 32) -> httpx.AsyncClient:
    """The console's one HTTP client for every provider call."""
    limits = httpx.Limits(max_connections=max_connections)
    return httpx.AsyncClient(timeout=timeout, limits=limits, transport=AiohttpTransport(limits))

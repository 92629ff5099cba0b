"""Shared httpx plumbing: one place turns transport failures into typed errors."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import httpx

from console.domain.notices import Notice, Wording
from console.providers.errors import MalformedAnswer, NotSent, OutcomeUnknown, ProviderError, RateLimited

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=20.0, write=10.0, pool=5.0)

# The request never left: nothing reached the provider, a retry cannot duplicate.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
# The request (or part of it) left: the provider may have acted on it.
_MAYBE_SENT = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)

UNREACHABLE = Wording("transport.unreachable", "{provider} could not be reached ({cause}); nothing was sent.")
NO_ANSWER_IN_TIME = Wording(
    "transport.no_answer_in_time", "{provider} did not answer in time ({cause}); the request may or may not have reached it."
)
NETWORK_ERROR = Wording("transport.network_error", "{provider}: network error ({cause}).")
TOO_MANY_REDIRECTS = Wording(
    "transport.too_many_redirects", "{provider} kept redirecting the request; check the account's address."
)
UNDECODABLE_BODY = Wording(
    "transport.undecodable_body",
    "{provider} answered with a body that could not be decoded; the request reached it, so it may or may not have been acted on.",
)
RATE_LIMITED = Wording("transport.rate_limited", "{provider} is limiting requests (429). It did not take this one.")
RATE_LIMITED_WAIT = Wording(
    "transport.rate_limited_wait", "{provider} is limiting requests (429); it asks to wait {seconds} s. It did not take this one."
)
NOT_JSON = Wording("transport.not_json", "{provider} answered {status} with a body that is not valid JSON.")


class Answer(Protocol):
    """What a client reads of a provider's answer: an `httpx.Response`, or a read's `ReadAnswer`."""

    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def text(self) -> str: ...

    def json(self) -> Any: ...


# What `classified` turns into a provider error: catch these around a request, raise `classified(error)`.
TRANSPORT_ERRORS = (httpx.TransportError, httpx.TooManyRedirects, httpx.DecodingError)


@asynccontextmanager
async def classified_transport_errors(provider: str) -> AsyncIterator[None]:
    """Re-raise httpx transport errors as `NotSent` / `OutcomeUnknown`."""
    try:
        yield
    except TRANSPORT_ERRORS as error:
        raise classified(error, provider) from None


def classified(error: Exception, provider: str) -> ProviderError:
    """One of `TRANSPORT_ERRORS` as `NotSent` / `OutcomeUnknown` / `MalformedAnswer` (without a
    context manager: a status poll's hot path catches the error itself)."""
    if isinstance(error, _NEVER_SENT):
        return NotSent(UNREACHABLE(provider=provider, cause=_describe(error)))
    if isinstance(error, _MAYBE_SENT):
        return OutcomeUnknown(NO_ANSWER_IN_TIME(provider=provider, cause=_describe(error)))
    if isinstance(error, httpx.TransportError):
        return OutcomeUnknown(NETWORK_ERROR(provider=provider, cause=_describe(error)))
    if isinstance(error, httpx.TooManyRedirects):
        return MalformedAnswer(TOO_MANY_REDIRECTS(provider=provider))
    # An answer arrived, so the request had reached the provider: for a send, its outcome is unknown.
    return OutcomeUnknown(UNDECODABLE_BODY(provider=provider))


def raise_if_rate_limited(response: Answer, provider: str) -> None:
    """A 429 becomes `RateLimited`, with the wait the provider asked for.

    RFC 6585: the server refused the request because of its rate limit, so it did not act
    on it; a later retry cannot duplicate it. The provider documents say nothing more.
    """
    if response.status_code != 429:
        return
    wait = retry_after(response)
    notice = RATE_LIMITED(provider=provider) if wait is None else RATE_LIMITED_WAIT(provider=provider, seconds=wait)
    raise RateLimited(notice, retry_after=wait)


def retry_after(response: Answer, now: datetime | None = None) -> float | None:
    """The Retry-After header in seconds (a number or an HTTP date); None when absent or unreadable."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if seconds == seconds else None  # NaN is not a wait


_CAUSES = {
    httpx.ConnectTimeout: Wording("transport.connect_timeout", "connection timed out"),
    httpx.ConnectError: Wording("transport.connect_failed", "connection failed"),
    httpx.PoolTimeout: Wording("transport.pool_timeout", "too many requests waiting"),
    httpx.UnsupportedProtocol: Wording("transport.unsupported_address", "unsupported address"),
    httpx.ReadTimeout: Wording("transport.read_timeout", "timed out waiting for the answer"),
    httpx.WriteTimeout: Wording("transport.write_timeout", "timed out while sending"),
    httpx.ReadError: Wording("transport.read_error", "connection dropped while reading the answer"),
    httpx.WriteError: Wording("transport.write_error", "connection dropped while sending"),
    httpx.RemoteProtocolError: Wording("transport.closed_without_answer", "the connection closed without an answer"),
}


def _describe(error: httpx.TransportError) -> Notice | str:
    """What went wrong on the way, or the error's class name (a name, not a sentence)."""
    for kind, wording in _CAUSES.items():
        if isinstance(error, kind):
            return wording()
    return type(error).__name__


def json_body(response: Answer, provider: str) -> Any:
    """The response's JSON, or `MalformedAnswer` naming the status code."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise MalformedAnswer(
            NOT_JSON(provider=provider, status=response.status_code), status_code=response.status_code
        ) from None

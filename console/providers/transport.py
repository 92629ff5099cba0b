"""Shared httpx plumbing: one place turns transport failures into typed errors."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from console.providers.errors import MalformedAnswer, NotSent, OutcomeUnknown, RateLimited

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


@asynccontextmanager
async def classified_transport_errors(provider: str) -> AsyncIterator[None]:
    """Re-raise httpx transport errors as `NotSent` / `OutcomeUnknown`."""
    try:
        yield
    except _NEVER_SENT as error:
        raise NotSent(f"{provider} could not be reached ({_describe(error)}); nothing was sent.") from None
    except _MAYBE_SENT as error:
        raise OutcomeUnknown(
            f"{provider} did not answer in time ({_describe(error)}); the request may or may not have reached it."
        ) from None
    except httpx.TransportError as error:
        raise OutcomeUnknown(f"{provider}: network error ({_describe(error)}).") from None
    except httpx.TooManyRedirects:
        raise MalformedAnswer(f"{provider} kept redirecting the request; check the account's address.") from None
    except httpx.DecodingError:
        # An answer arrived, so the request had reached the provider: for a send, its outcome is unknown.
        raise OutcomeUnknown(
            f"{provider} answered with a body that could not be decoded; the request reached it, "
            "so it may or may not have been acted on."
        ) from None


def raise_if_rate_limited(response: httpx.Response, provider: str) -> None:
    """A 429 becomes `RateLimited`, with the wait the provider asked for.

    RFC 6585: the server refused the request because of its rate limit, so it did not act
    on it; a later retry cannot duplicate it. The provider documents say nothing more.
    """
    if response.status_code != 429:
        return
    wait = retry_after(response)
    asked = f"; it asks to wait {wait:g} s" if wait is not None else ""
    raise RateLimited(f"{provider} is limiting requests (429){asked}. It did not take this one.", retry_after=wait)


def retry_after(response: httpx.Response, now: datetime | None = None) -> float | None:
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


def _describe(error: httpx.TransportError) -> str:
    kinds = {
        httpx.ConnectTimeout: "connection timed out",
        httpx.ConnectError: "connection failed",
        httpx.PoolTimeout: "too many requests waiting",
        httpx.UnsupportedProtocol: "unsupported address",
        httpx.ReadTimeout: "timed out waiting for the answer",
        httpx.WriteTimeout: "timed out while sending",
        httpx.ReadError: "connection dropped while reading the answer",
        httpx.WriteError: "connection dropped while sending",
        httpx.RemoteProtocolError: "the connection closed without an answer",
    }
    for kind, text in kinds.items():
        if isinstance(error, kind):
            return text
    return type(error).__name__


def json_body(response: httpx.Response, provider: str) -> Any:
    """The response's JSON, or `MalformedAnswer` naming the status code."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise MalformedAnswer(
            f"{provider} answered {response.status_code} with a body that is not valid JSON.",
            status_code=response.status_code,
        ) from None

"""Shared httpx plumbing: one place turns transport failures into typed errors."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from console.providers.errors import MalformedAnswer, NotSent, OutcomeUnknown

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

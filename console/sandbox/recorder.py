"""What reached the simulated providers, and the wrapper that records it and applies faults.

The log is shared between the server's loop thread and the threads that inspect it
(tests, the GUI), so it guards its state with a lock.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import NamedTuple

from aiohttp import web

from console.sandbox import fault_effects
from console.sandbox.faults import UNPROCESSED, Fault, FaultKind, Faults, RandomFaults

__all__ = [
    "FAULT_KEY",
    "Fault",
    "FaultKind",
    "Faults",
    "Handler",
    "RandomFaults",
    "RequestLog",
    "RequestRecord",
    "instrumented",
]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Where a handler finds the fault its request met (a variant shapes the handler's own answer).
FAULT_KEY: web.RequestKey[Fault | None] = web.RequestKey("sandbox_fault")


class RequestRecord(NamedTuple):
    provider: str
    route: str
    method: str
    path: str  # path and query string, as received
    received_at: float  # time.time() when the request arrived
    body: bytes


class RequestLog:
    """Every provider request, failed ones included, counted per (provider, route)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []
        self._counts: Counter[tuple[str, str]] = Counter()
        # Sends the provider processed, per provider by `send_key`: a count above 1 is a duplicate.
        self._sends: dict[str, Counter[str]] = {}

    def add(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)
            self._counts[(record.provider, record.route)] += 1

    def count(self, provider: str | None = None, route: str | None = None) -> int:
        with self._lock:
            return sum(n for key, n in self._counts.items() if _matches(key, provider, route))

    def records(self, provider: str | None = None, route: str | None = None) -> list[RequestRecord]:
        with self._lock:
            return [r for r in self._records if _matches((r.provider, r.route), provider, route)]

    def summary(self) -> dict[str, dict[str, int]]:
        """`{provider: {route: count}}`."""
        result: dict[str, dict[str, int]] = {}
        with self._lock:
            for (provider, route), n in sorted(self._counts.items()):
                result.setdefault(provider, {})[route] = n
        return result

    def add_send(self, provider: str, key: str) -> None:
        with self._lock:
            self._sends.setdefault(provider, Counter())[key] += 1

    def sends(self, provider: str) -> Counter[str]:
        """How often each distinct message (content + recipient) was processed by `provider`."""
        with self._lock:
            return Counter(self._sends.get(provider, Counter()))

    def send_summary(self) -> dict[str, dict[str, int]]:
        """`{provider: {"processed", "distinct", "duplicates"}}`; duplicates = processed - distinct."""
        with self._lock:
            return {
                provider: {
                    "processed": sum(counts.values()),
                    "distinct": len(counts),
                    "duplicates": sum(counts.values()) - len(counts),
                }
                for provider, counts in sorted(self._sends.items())
            }

    def reset(self) -> None:
        with self._lock:
            self._records.clear()
            self._counts.clear()
            self._sends.clear()


def _matches(key: tuple[str, str], provider: str | None, route: str | None) -> bool:
    return (provider is None or key[0] == provider) and (route is None or key[1] == route)


def send_key(method: str, path_qs: str, body: bytes) -> str:
    """What identifies one message: where it went (the path names Hey Now's recipient) and what it
    said (the body, JSON keys in order, so the same message serialised twice counts once)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = body
    return hashlib.sha256(method.encode() + b" " + path_qs.encode() + b"\n" + canonical).hexdigest()


def instrumented(
    provider: str,
    route: str,
    handler: Handler,
    log: RequestLog,
    faults: Faults,
    *,
    counts_sends: bool = False,
    expire_tokens: Callable[[], None] | None = None,
) -> Handler:
    """Wrap a provider handler: record the request, apply any fault, count the sends it processed."""

    async def wrapper(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        log.add(RequestRecord(provider, route, request.method, request.path_qs, time.time(), body))
        fault = faults.take(provider, route)
        if fault is not None and fault.kind in UNPROCESSED:
            return await fault_effects.unprocessed(fault, request)
        if fault is not None and fault.kind is FaultKind.EXPIRED_TOKEN and expire_tokens is not None:
            expire_tokens()
        request[FAULT_KEY] = fault
        response = await handler(request)
        if counts_sends and response.status < 300:
            log.add_send(provider, send_key(request.method, request.path_qs, body))
        if fault is not None:
            response = await fault_effects.processed(fault, request, response)
        return response

    return wrapper

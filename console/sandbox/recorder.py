"""What reached the simulated providers, and the faults injected into their answers.

Both objects are shared between the server's loop thread and the threads that inspect
them (tests, the GUI), so they guard their state with a lock.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


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

    def reset(self) -> None:
        with self._lock:
            self._records.clear()
            self._counts.clear()


def _matches(key: tuple[str, str], provider: str | None, route: str | None) -> bool:
    return (provider is None or key[0] == provider) and (route is None or key[1] == route)


class FaultKind(StrEnum):
    # Holds the answer back after the request was processed and recorded, so a client
    # timeout provably happened with the request already at the provider.
    DELAY = "delay"


@dataclass(frozen=True, slots=True)
class Fault:
    kind: FaultKind
    seconds: float = 0.0
    times: int | None = None  # how many matching requests it affects; None = all of them

    def __post_init__(self) -> None:
        if self.seconds < 0:
            raise ValueError("A fault's seconds cannot be negative.")
        if self.times is not None and self.times < 1:
            raise ValueError("A fault's times must be at least 1, or None for every request.")


@dataclass(slots=True)
class _Armed:
    fault: Fault
    remaining: int | None


class Faults:
    """Faults armed per (provider, route); the oldest armed fault applies first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[tuple[str, str], list[_Armed]] = {}

    def add(self, provider: str, route: str, fault: Fault) -> None:
        with self._lock:
            self._armed.setdefault((provider, route), []).append(_Armed(fault, fault.times))

    def take(self, provider: str, route: str) -> Fault | None:
        """The fault for one request to this route, using up one of its times."""
        with self._lock:
            queue = self._armed.get((provider, route))
            if not queue:
                return None
            armed = queue[0]
            if armed.remaining is not None:
                armed.remaining -= 1
                if armed.remaining == 0:
                    queue.pop(0)
            return armed.fault

    def active(self) -> list[dict[str, object]]:
        """The armed faults with the times they have left, for the admin API."""
        with self._lock:
            return [
                {
                    "provider": provider,
                    "route": route,
                    "kind": str(armed.fault.kind),
                    "seconds": armed.fault.seconds,
                    "times_left": armed.remaining,
                }
                for (provider, route), queue in self._armed.items()
                for armed in queue
            ]

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()


def instrumented(provider: str, route: str, handler: Handler, log: RequestLog, faults: Faults) -> Handler:
    """Wrap a provider handler: record the request first, then apply any armed fault."""

    async def wrapper(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        log.add(RequestRecord(provider, route, request.method, request.path_qs, time.time(), body))
        response = await handler(request)
        fault = faults.take(provider, route)
        if fault is not None:
            response = await _apply(fault, response)
        return response

    return wrapper


async def _apply(fault: Fault, response: web.StreamResponse) -> web.StreamResponse:
    if fault.kind is FaultKind.DELAY:
        await asyncio.sleep(fault.seconds)
    return response

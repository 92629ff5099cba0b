"""Faults injected into the simulators' answers: armed per (provider, route), or drawn at random.

Shared between the server's loop thread and the threads that arm them (tests, the admin
API), so `Faults` guards its state with a lock.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    # Holds the answer back after the request was processed and recorded, so a client
    # timeout provably happened with the request already at the provider.
    DELAY = "delay"
    # The connection is reset without an answer; the request was not processed.
    RESET_BEFORE = "reset_before"
    # The request was processed, then the connection is reset without an answer.
    RESET_AFTER = "reset_after"
    # The request was processed, then the answer is a server error (`status`, 500 by default).
    SERVER_ERROR = "server_error"
    # "Not now": 429 with Retry-After (`seconds`); the request was not processed.
    TOO_MANY_REQUESTS = "too_many_requests"
    # The request was processed; the answer keeps its status but its JSON body is cut short.
    MALFORMED_JSON = "malformed_json"
    # The provider treats the login token as expired (Hey Now, Chattigo) and answers as it does then.
    EXPIRED_TOKEN = "expired_token"
    # The request was processed; the headers come at once, the body trickles over `seconds`.
    SLOW_BODY = "slow_body"
    # The provider does something its document allows, or leaves open, that the simulator
    # does not do by default: `variant` names what. Each simulator lists its own per route
    # in `VARIANTS` (an answer in another shape, a callback body it pushes bent another way).
    VARIANT = "variant"


# Faults that act before the provider's handler runs: the request is not processed.
UNPROCESSED = frozenset({FaultKind.RESET_BEFORE, FaultKind.TOO_MANY_REQUESTS})
# What any route of any provider can meet on the wire; a variant belongs to one simulator.
WIRE_KINDS: tuple[FaultKind, ...] = tuple(kind for kind in FaultKind if kind is not FaultKind.VARIANT)


@dataclass(frozen=True, slots=True)
class Fault:
    kind: FaultKind
    seconds: float = 0.0
    times: int | None = None  # how many matching requests it affects; None = all of them
    status: int = 500  # SERVER_ERROR only
    variant: str | None = None  # VARIANT only: which of the simulator's `VARIANTS`

    def __post_init__(self) -> None:
        if self.seconds < 0:
            raise ValueError("A fault's seconds cannot be negative.")
        if self.times is not None and self.times < 1:
            raise ValueError("A fault's times must be at least 1, or None for every request.")
        if not 500 <= self.status <= 599:
            raise ValueError("A server error's status must be between 500 and 599.")
        if (self.kind is FaultKind.VARIANT) != bool(self.variant):
            raise ValueError("A variant fault names its variant, and only a variant fault has one.")


@dataclass(frozen=True, slots=True)
class RandomFaults:
    """Each request to a matching route meets one of `kinds` with probability `rate`, drawn from `seed`."""

    seed: int
    rate: float
    kinds: tuple[FaultKind, ...] = WIRE_KINDS
    seconds: float = 0.5  # for the kinds that take seconds
    provider: str | None = None  # None: every provider
    routes: tuple[str, ...] = ()  # empty: every route

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("The rate of random faults must be between 0 and 1.")
        if not self.kinds:
            raise ValueError("Random faults need at least one kind.")
        if FaultKind.VARIANT in self.kinds:
            raise ValueError("Variants are armed one by one, never drawn at random.")
        if self.seconds < 0:
            raise ValueError("A fault's seconds cannot be negative.")

    def matches(self, provider: str, route: str) -> bool:
        return (self.provider is None or provider == self.provider) and (not self.routes or route in self.routes)


@dataclass(slots=True)
class _Armed:
    fault: Fault
    remaining: int | None


class Faults:
    """Faults armed per (provider, route), the oldest first; then any random faults."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[tuple[str, str], list[_Armed]] = {}
        self._random: RandomFaults | None = None
        self._rng = random.Random()
        self._drawn: Counter[tuple[str, str]] = Counter()  # (provider, kind) of random faults used

    def add(self, provider: str, route: str, fault: Fault) -> None:
        with self._lock:
            self._armed.setdefault((provider, route), []).append(_Armed(fault, fault.times))

    def set_random(self, faults: RandomFaults | None) -> None:
        """Start (or, with None, stop) random faults; the draws restart from the seed."""
        with self._lock:
            self._random = faults
            self._rng = random.Random(faults.seed if faults else None)
            self._drawn.clear()

    def take(self, provider: str, route: str) -> Fault | None:
        """The fault for one request to this route, using up one of its times."""
        with self._lock:
            armed = self._use_armed(provider, route)
            if armed is not None:
                return armed
            chosen = self._random
            if chosen is None or not chosen.matches(provider, route) or self._rng.random() >= chosen.rate:
                return None
            kind = self._rng.choice(chosen.kinds)
            self._drawn[(provider, str(kind))] += 1
            return Fault(kind, chosen.seconds)

    def take_armed(self, provider: str, route: str) -> Fault | None:
        """The armed fault for one use of this route, never a random one: for the bodies a
        simulator pushes (its callbacks), which random wire faults do not concern."""
        with self._lock:
            return self._use_armed(provider, route)

    def _use_armed(self, provider: str, route: str) -> Fault | None:
        """The oldest fault armed on this route, one of its times used up; call with the lock held."""
        queue = self._armed.get((provider, route))
        if not queue:
            return None
        armed = queue[0]
        if armed.remaining is not None:
            armed.remaining -= 1
            if armed.remaining == 0:
                queue.pop(0)
        return armed.fault

    def drawn(self) -> dict[str, dict[str, int]]:
        """`{provider: {kind: count}}` of the random faults used so far."""
        result: dict[str, dict[str, int]] = {}
        with self._lock:
            for (provider, kind), n in sorted(self._drawn.items()):
                result.setdefault(provider, {})[kind] = n
        return result

    def active(self) -> list[dict[str, object]]:
        """The armed faults with the times they have left, for the admin API."""
        with self._lock:
            return [
                {
                    "provider": provider,
                    "route": route,
                    "kind": str(item.fault.kind),
                    "variant": item.fault.variant,
                    "seconds": item.fault.seconds,
                    "times_left": item.remaining,
                }
                for (provider, route), queue in self._armed.items()
                for item in queue
            ]

    def random_mode(self) -> dict[str, object] | None:
        """The random faults in force, if any, for the admin API."""
        with self._lock:
            chosen = self._random
            if chosen is None:
                return None
            return {
                "seed": chosen.seed,
                "rate": chosen.rate,
                "kinds": [str(k) for k in chosen.kinds],
                "seconds": chosen.seconds,
                "provider": chosen.provider,
                "routes": list(chosen.routes),
            }

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()
            self._random = None
            self._drawn.clear()

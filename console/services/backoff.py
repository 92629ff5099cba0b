"""How long to leave a provider alone after it said "not now" (429) or failed (5xx).

A 429's Retry-After is honoured as asked (up to `longest_asked`); without one, and after
server errors, the wait doubles from `base` up to `cap`, jittered so that many consoles
do not come back in step. One success ends it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from console.providers.errors import NotSent, ProviderError, ProviderUnavailable, RateLimited

# The longest a send waits, inside its turn, for a provider that is limiting requests.
MAX_SEND_WAIT = 30.0


def send_retry_pause(planned: float, error: NotSent) -> float | None:
    """The pause before trying a send again that never left: the planned one, or the provider's
    Retry-After when longer; None when it asks for more than `MAX_SEND_WAIT` (give up now)."""
    wait = error.retry_after if isinstance(error, RateLimited) else None
    if wait is None:
        return planned
    return max(planned, wait) if wait <= MAX_SEND_WAIT else None


def is_overload(error: ProviderError) -> bool:
    """Errors that mean "ask less often", as opposed to a problem with one request."""
    return isinstance(error, RateLimited | ProviderUnavailable)


@dataclass(slots=True)
class _State:
    failures: int
    until: float


class Backoff:
    """Per key (an account), whether requests must wait and until when, on `clock` seconds."""

    def __init__(
        self,
        base: float = 1.0,
        cap: float = 60.0,
        longest_asked: float = 600.0,
        jitter: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self._base = base
        self._cap = cap
        self._longest_asked = longest_asked
        self._jitter = jitter
        self._clock = clock
        self._rng = rng or random.Random()
        self._states: dict[Hashable, _State] = {}

    def wait_left(self, key: Hashable) -> float:
        """Seconds before the next request for `key` may go; 0 when it may go now."""
        state = self._states.get(key)
        return 0.0 if state is None else max(0.0, state.until - self._clock())

    def failed(self, key: Hashable, error: ProviderError) -> float:
        """Note an overload answer; the seconds to wait from now."""
        state = self._states.setdefault(key, _State(0, 0.0))
        state.failures += 1
        asked = error.retry_after if isinstance(error, RateLimited) else None
        if asked is not None:
            wait = min(asked, self._longest_asked)
        else:
            doubled = self._base * 2 ** min(state.failures - 1, 16)
            wait = min(self._cap, doubled) * self._rng.uniform(1 - self._jitter, 1 + self._jitter)
        state.until = max(state.until, self._clock() + wait)
        return self.wait_left(key)

    def succeeded(self, key: Hashable) -> None:
        self._states.pop(key, None)

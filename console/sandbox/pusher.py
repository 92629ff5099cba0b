"""Ordered, retried delivery of a simulator's JSON bodies to the URL a customer subscribed.

One `Pusher` per feed (a Broadcasterbot API key, a Chattigo channel): bodies go out one at
a time in the order they were pushed. The first try is at once; a failure (an answer other
than 2xx, no answer within `timeout`, no connection) is retried every `beat` seconds, and
later bodies wait behind it. Once the failures have lasted `max_time` on the simulator's
clock, the feed is UNSUBSCRIBED: what is pending is dropped and nothing more is posted
until the URL is set again.

The real providers demand HTTPS URLs; the sandbox also accepts `http://` on this computer
(127.0.0.1, ::1, localhost) for tests and the offline demo. It only ever posts to this
computer: a URL elsewhere is kept as set but its bodies are dropped, never sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from console.domain.network import is_loopback_host
from console.sandbox.plumbing import Clock, to_json

Background = Callable[[], Coroutine[Any, Any, None]]
# The headers a provider adds to each POST from its exact bytes (the Cloud API's signature).
Signer = Callable[[bytes], Mapping[str, str]]
ELSEWHERE = "not posted: the sandbox only posts to this computer (127.0.0.1, ::1, localhost)"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    beat: float = 30.0  # seconds between tries of a failing body
    max_time: float = 300.0  # seconds of consecutive failure before unsubscribing
    timeout: float = 10.0  # seconds a receiver has to answer one POST


def is_loopback_url(url: str) -> bool:
    return is_loopback_host(urlsplit(url).hostname or "")


def url_problem(url: str) -> str | None:
    """Why `url` cannot be subscribed: HTTPS anywhere, or HTTP on this computer; None if it can."""
    parts = urlsplit(url)
    if not parts.hostname:
        return "the URL needs a host"
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback_url(url)):
        return None
    return "the URL must be HTTPS (the sandbox also takes http:// on 127.0.0.1, ::1 or localhost)"


def _stamp(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Pusher:
    """One feed's subscription, queue and delivery task. Use it on the simulator's loop only."""

    def __init__(self, policy: RetryPolicy, clock: Clock, sign: Signer | None = None) -> None:
        self._policy = policy
        self._clock = clock
        self._sign = sign
        self._url: str | None = None
        self._generation = 0  # counts subscriptions, so that a try made for an older one is ignored
        self._queue: deque[dict[str, Any]] = deque()
        self._work = asyncio.Event()  # something to post, or a new subscription
        self._resubscribed = asyncio.Event()  # ends a wait between tries
        self.delivered = 0
        self.dropped = 0
        self._failures = 0
        self._failing_since: float | None = None  # on the simulator's clock
        self._failing_since_wall: float | None = None
        self._last_error: str | None = None
        self._unsubscribed: tuple[float, str] | None = None  # (wall time, reason)

    def subscribe(self, url: str) -> None:
        """Post to `url` from now on; this also ends an unsubscription and any failure run."""
        self._url = url
        self._generation += 1
        self._unsubscribed = None
        self._failures, self._failing_since, self._failing_since_wall = 0, None, None
        self._last_error = None
        if not is_loopback_url(url):
            self._last_error = ELSEWHERE
            self.dropped += len(self._queue)
            self._queue.clear()
        self._work.set()
        self._resubscribed.set()

    def push(self, body: dict[str, Any]) -> None:
        """Queue `body`; dropped when nothing is subscribed or the URL is not on this computer."""
        if self._url is None or self._unsubscribed is not None or not is_loopback_url(self._url):
            self.dropped += 1
            return
        self._queue.append(body)
        self._work.set()

    def state(self) -> dict[str, Any]:
        unsubscribed_at, reason = self._unsubscribed or (None, None)
        return {
            "url": self._url,
            "subscribed": self._url is not None and self._unsubscribed is None,
            "delivered": self.delivered,
            "pending": len(self._queue),
            "dropped": self.dropped,
            "consecutiveFailures": self._failures,
            "failingSince": _stamp(self._failing_since_wall),
            "lastError": self._last_error,
            "unsubscribed": self._unsubscribed is not None,
            "unsubscribedAt": _stamp(unsubscribed_at),
            "unsubscribeReason": reason,
        }

    async def run(self, session: aiohttp.ClientSession) -> None:
        """Deliver for as long as the simulator runs (cancelled when it stops)."""
        while True:
            while not self._queue:
                self._work.clear()
                await self._work.wait()
            url, generation, body = self._url, self._generation, self._queue[0]
            assert url is not None  # a queue only fills while subscribed
            problem = await self._post(session, url, body)
            if problem is None:
                if self._queue and self._queue[0] is body:  # a new URL elsewhere may have dropped it meanwhile
                    self._queue.popleft()
                self.delivered += 1
                self._failures, self._failing_since, self._failing_since_wall = 0, None, None
            elif generation == self._generation:
                self._failed(problem)
                if self._unsubscribed is None:
                    await self._pause()

    async def _post(self, session: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> str | None:
        """None once `url` answered 2xx, else what went wrong."""
        timeout = aiohttp.ClientTimeout(total=self._policy.timeout)
        data = to_json(body).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", **(self._sign(data) if self._sign else {})}
        try:
            async with session.post(url, data=data, headers=headers, timeout=timeout) as answer:
                await answer.read()
                return None if 200 <= answer.status < 300 else f"HTTP {answer.status}"
        except TimeoutError:
            return f"no answer within {self._policy.timeout:g} s"
        except aiohttp.ClientError as error:
            return f"{type(error).__name__}: {error}"

    def _failed(self, problem: str) -> None:
        self._failures += 1
        self._last_error = problem
        now = self._clock()
        if self._failing_since is None:
            self._failing_since, self._failing_since_wall = now, time.time()
        failing_for = now - self._failing_since
        if failing_for >= self._policy.max_time:
            reason = f"{self._failures} tries failed over {failing_for:.1f} s; the last one: {problem}"
            self._unsubscribed = (time.time(), reason)
            self.dropped += len(self._queue)
            self._queue.clear()

    async def _pause(self) -> None:
        """Wait one beat, or less if the URL is set again meanwhile."""
        self._resubscribed.clear()
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancel that
        # arrives as the event is set, and a close would then wait for the next timeout.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._policy.beat):
                await self._resubscribed.wait()


class Pushers:
    """A simulator's pushers by feed, run on its loop from startup to cleanup.

    `install` hooks them to the simulator's aiohttp app, with any other background
    coroutine the simulator needs, so that stopping the server cancels and awaits them all.
    """

    def __init__(self, policy: RetryPolicy, clock: Clock, sign: Signer | None = None) -> None:
        self._policy = policy
        self._clock = clock
        self._sign = sign
        self._pushers: dict[str, Pusher] = {}
        self._session: aiohttp.ClientSession | None = None
        self._tasks: list[asyncio.Task[None]] = []

    def install(self, app: web.Application, *background: Background) -> None:
        async def start(app: web.Application) -> None:
            self._session = aiohttp.ClientSession()
            for pusher in self._pushers.values():
                self._start(pusher)
            self._tasks.extend(asyncio.create_task(make()) for make in background)

        async def stop(app: web.Application) -> None:
            tasks, self._tasks = self._tasks, []
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self._session is not None:
                await self._session.close()
                self._session = None

        app.on_startup.append(start)
        app.on_cleanup.append(stop)

    def subscribe(self, feed: str, url: str) -> None:
        self._pusher(feed).subscribe(url)

    def push(self, feed: str, body: dict[str, Any]) -> None:
        self._pusher(feed).push(body)

    def state(self, feed: str) -> dict[str, Any]:
        """The feed's subscription as the steering API shows it (a blank one if it has none)."""
        pusher = self._pushers.get(feed) or Pusher(self._policy, self._clock)
        return pusher.state()

    def feeds(self) -> list[str]:
        return list(self._pushers)

    def _pusher(self, feed: str) -> Pusher:
        pusher = self._pushers.get(feed)
        if pusher is None:
            pusher = self._pushers[feed] = Pusher(self._policy, self._clock, self._sign)
            if self._session is not None:
                self._start(pusher)
        return pusher

    def _start(self, pusher: Pusher) -> None:
        assert self._session is not None
        self._tasks.append(asyncio.create_task(pusher.run(self._session)))

"""The status poller: follows every in-flight message of providers that answer polls.

Polls start a few seconds after the send and space out as the message ages (2 s up to
60 s, jittered), with bounded concurrency. The schedule lives in the store, so a
restarted console resumes exactly where it stopped. Only changes of the provider's
raw state become timeline events: repeating "RU" every minute is not news.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from console.domain.capabilities import CAPABILITIES, Operation
from console.domain.lifecycle import EventSource, StateEvent, is_terminal
from console.providers.base import StatusPolling
from console.providers.errors import AuthenticationFailed, NotFound, ProviderError
from console.services.accounts import AccountService
from console.services.backoff import Backoff, is_overload
from console.services.topics import Topics
from console.store import messages as message_queries
from console.store.database import Database
from console.store.messages import PollTarget
from console.store.types import utcnow

log = logging.getLogger(__name__)

POLLING_PROVIDERS = frozenset(kind for kind, caps in CAPABILITIES.items() if caps.supports(Operation.POLL_STATUS))


@dataclass(frozen=True, slots=True)
class PollPolicy:
    first_delay: float = 2.0  # seconds from the provider's acceptance to the first poll
    min_interval: float = 2.0
    max_interval: float = 60.0
    growth: float = 0.25  # the interval is this fraction of the message's age, within the bounds
    jitter: float = 0.2
    give_up_after: timedelta = timedelta(days=3)
    not_found_limit: int = 3  # consecutive 404s before we stop asking
    concurrency: int = 8
    batch: int = 200
    idle_wait: float = 30.0  # longest sleep when nothing is scheduled soon

    def interval(self, age: timedelta, rng: random.Random) -> timedelta:
        base = min(self.max_interval, max(self.min_interval, age.total_seconds() * self.growth))
        return timedelta(seconds=base * rng.uniform(1 - self.jitter, 1 + self.jitter))


class StatusPoller:
    def __init__(self, db: Database, accounts: AccountService, topics: Topics, policy: PollPolicy | None = None) -> None:
        self._db = db
        self._accounts = accounts
        self._topics = topics
        self.policy = policy or PollPolicy()
        self._wake = asyncio.Event()
        self._rng = random.Random()
        self._not_found: dict[int, int] = {}
        self.backoff = Backoff(cap=self.policy.max_interval)  # per account, after 429s and 5xx
        self.polls = 0

    def wake(self) -> None:
        """Something new to follow: look at the schedule now."""
        self._wake.set()

    async def _account_ids(self) -> list[int]:
        return [a.id for a in await self._accounts.list() if a.provider in POLLING_PROVIDERS]

    async def run(self) -> None:
        """Poll until cancelled."""
        semaphore = asyncio.Semaphore(self.policy.concurrency)
        while True:
            self._wake.clear()
            account_ids = await self._account_ids()
            now = utcnow()
            targets = await self._db.run(message_queries.due_for_poll, account_ids, now, self.policy.batch)
            if targets:
                await asyncio.gather(*(self._poll_bounded(semaphore, target) for target in targets))
                continue
            upcoming = await self._db.run(message_queries.next_poll_time, account_ids)
            wait = self.policy.idle_wait
            if upcoming is not None:
                wait = min(wait, max(0.0, (upcoming - utcnow()).total_seconds()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)

    async def _poll_bounded(self, semaphore: asyncio.Semaphore, target: PollTarget) -> None:
        async with semaphore:
            wait = self.backoff.wait_left(target.account_id)
            if wait > 0:  # the provider asked to be left alone: move the poll, ask nothing
                due = utcnow() + timedelta(seconds=wait)
                await self._db.run(message_queries.schedule_poll, target.message_id, due, target.poll_attempts)
                return
            try:
                await self.poll_once(target)
            except Exception:  # one bad message must not stop the poller
                log.exception("status poll of message %s failed", target.message_id)
                await self._db.run(
                    message_queries.schedule_poll,
                    target.message_id,
                    utcnow() + timedelta(seconds=self.policy.max_interval),
                    target.poll_attempts + 1,
                )

    async def poll_once(self, target: PollTarget) -> None:
        account = await self._accounts.by_id(target.account_id)
        client = cast(StatusPolling, await self._accounts.client(account))
        now = utcnow()
        age = now - target.accepted_at
        next_at: datetime | None = now + self.policy.interval(age, self._rng)
        self.polls += 1
        try:
            report = await client.message_status(target.provider_message_id)
        except NotFound as error:
            misses = self._not_found.get(target.message_id, 0) + 1
            self._not_found[target.message_id] = misses
            if misses >= self.policy.not_found_limit:
                await self._note(target, f"Stopped following: {error.message}")
                next_at = None
        except ProviderError as error:
            self._accounts.note_error(account.id, error)
            if isinstance(error, AuthenticationFailed):
                next_at = now + timedelta(seconds=self.policy.max_interval)
            if is_overload(error):
                next_at = max(next_at or now, now + timedelta(seconds=self.backoff.failed(account.id, error)))
        else:
            self.backoff.succeeded(account.id)
            self._not_found.pop(target.message_id, None)
            self._accounts.note_success(account.id)
            if await self._is_news(target.message_id, report.raw_state):
                event = StateEvent(report.state, report.raw_state, now, EventSource.POLL, payload=report.payload)
                updated = await self._db.run(message_queries.record_event, target.message_id, event)
                self._topics.message_changed.publish(updated)
                if is_terminal(updated.state):
                    next_at = None
        if next_at is not None and age > self.policy.give_up_after:
            days = self.policy.give_up_after.days
            await self._note(target, f"Stopped following: no further news from the provider after {days} days.")
            next_at = None
        await self._db.run(message_queries.schedule_poll, target.message_id, next_at, target.poll_attempts + 1)

    async def follow(self, message_id: int) -> None:
        """Poll one message on its schedule until nothing more is expected (command line)."""
        while True:
            target, due = await self._db.run(message_queries.poll_target, message_id)
            if target is None or due is None:
                return
            await asyncio.sleep(max(0.0, (due - utcnow()).total_seconds()))
            await self.poll_once(target)

    async def _is_news(self, message_id: int, raw_state: str) -> bool:
        last = await self._db.run(message_queries.last_raw_state, message_id, EventSource.POLL)
        return last != raw_state

    async def _note(self, target: PollTarget, detail: str) -> None:
        message = await self._db.run(message_queries.message_by_id, target.message_id)
        assert message is not None
        event = StateEvent(message.state, None, utcnow(), EventSource.LOCAL, detail)
        updated = await self._db.run(message_queries.record_event, target.message_id, event)
        self._topics.message_changed.publish(updated)

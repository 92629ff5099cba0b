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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.lifecycle import EventSource, StateEvent, is_terminal
from console.domain.messages import MessageSummary
from console.domain.notices import Notice, Wording
from console.providers.base import StatusPolling
from console.providers.errors import AuthenticationFailed, NotFound, ProviderError
from console.providers.registry import PROVIDERS
from console.services.accounts import AccountService
from console.services.backoff import Backoff, is_overload
from console.services.client_pool import ClientPool
from console.store import messages as message_queries
from console.store import poll_schedule
from console.store.database import Database
from console.store.messages import PollTarget
from console.store.types import utcnow

log = logging.getLogger(__name__)

STOPPED_FOLLOWING = Wording("poll.stopped_following", "Stopped following: {reason}")
GAVE_UP = Wording(
    "poll.gave_up",
    "Stopped following: no further news from the provider after {count} day.",
    "Stopped following: no further news from the provider after {count} days.",
    "count",
)

_ASKED = (EventSource.RESPONSE, EventSource.POLL)
POLLING_PROVIDERS = frozenset(p.kind for p in PROVIDERS if p.capabilities.supports(Operation.POLL_STATUS))


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
    write_linger: float = 0.05  # longest an answer waits for others to be written with

    def interval(self, age: timedelta, rng: random.Random) -> timedelta:
        base = min(self.max_interval, max(self.min_interval, age.total_seconds() * self.growth))
        return timedelta(seconds=base * rng.uniform(1 - self.jitter, 1 + self.jitter))


class StatusPoller:
    """Follows in-flight messages: one producer selects due messages a page at a time,
    `policy.concurrency` workers poll them from a queue, and one writer records their
    answers in batches, so no poll waits for the database and the queue never runs dry
    while a page is read or a batch written.

    It lives on one event loop (see `PollerThread`); `on_changed` is told the messages each
    written answer changed."""

    def __init__(
        self,
        db: Database,
        accounts: AccountService,
        clients: ClientPool,
        on_changed: Callable[[list[MessageSummary]], None],
        policy: PollPolicy | None = None,
    ) -> None:
        self._db = db
        self._accounts = accounts
        self._clients = clients
        self._on_changed = on_changed
        self.policy = policy or PollPolicy()
        self._wake = asyncio.Event()
        self._rng = random.Random()
        self._not_found: dict[int, int] = {}
        self._taken: set[int] = set()  # selected for a poll, its answer not written yet: not selected again
        self.backoff = Backoff(cap=self.policy.max_interval)  # per account, after 429s and 5xx
        self.polls = 0

    def wake(self) -> None:
        """Something new to follow: look at the schedule now."""
        self._wake.set()

    async def run(self) -> None:
        """Poll until cancelled."""
        self._taken.clear()
        queue: asyncio.Queue[tuple[PollTarget, Account | None]] = asyncio.Queue(maxsize=self.policy.batch)
        answers = _Answers(self.policy.batch, self.policy.write_linger)
        async with asyncio.TaskGroup() as group:
            for _ in range(self.policy.concurrency):
                group.create_task(self._work(queue, answers))
            group.create_task(self._write(answers))
            await self._produce(queue)

    async def _produce(self, queue: asyncio.Queue[tuple[PollTarget, Account | None]]) -> None:
        """Select the due messages a page at a time and queue them (waiting while the queue is full)."""
        most_taken = 2 * self.policy.batch + self.policy.concurrency  # answers not written yet: the writer is behind
        while True:
            self._wake.clear()
            if len(self._taken) >= most_taken:
                await self._wake.wait()  # the writer sets it after each batch
                continue
            accounts = {a.id: a for a in await self._accounts.list() if a.provider in POLLING_PROVIDERS}
            account_ids = list(accounts)
            taken = list(self._taken)
            targets = await self._db.run(poll_schedule.due_for_poll, account_ids, utcnow(), self.policy.batch, taken)
            if targets:
                for target in targets:
                    self._taken.add(target.message_id)
                    await queue.put((target, accounts.get(target.account_id)))
                continue
            upcoming = await self._db.run(poll_schedule.next_poll_time, account_ids, taken)
            wait = self.policy.idle_wait
            if upcoming is not None:
                wait = min(wait, max(0.0, (upcoming - utcnow()).total_seconds()))
            # Woken early by `wake()` and by each written batch (its messages' next polls are then known).
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancel that
            # arrives as the event is set, and a close would then wait for the next timeout.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._wake.wait()

    async def _work(self, queue: asyncio.Queue[tuple[PollTarget, Account | None]], answers: _Answers) -> None:
        while True:
            target, account = await queue.get()
            answers.add(await self._poll_guarded(target, account))

    async def _write(self, answers: _Answers) -> None:
        """Record the answers gathered while the previous batch was written, as one batch."""
        while True:
            outcomes = await answers.take()
            try:
                await self._record(outcomes)
            finally:
                self._taken.difference_update(outcome.target.message_id for outcome in outcomes)
                self._wake.set()

    async def _poll_guarded(self, target: PollTarget, account: Account | None) -> _Outcome:
        wait = self.backoff.wait_left(target.account_id)
        if wait > 0:  # the provider asked to be left alone: move the poll, ask nothing
            return _Outcome(target, utcnow() + timedelta(seconds=wait), target.poll_attempts)
        try:
            return await self._ask(target, account)
        except Exception:  # one bad message must not stop the poller
            log.exception("status poll of message %s failed", target.message_id)
            return _Outcome(target, utcnow() + timedelta(seconds=self.policy.max_interval), target.poll_attempts + 1)

    async def poll_once(self, target: PollTarget) -> None:
        """Ask for one message's status now and record the answer."""
        self._publish(await self._db.run(_record_outcomes, [await self._ask(target)]))

    async def _ask(self, target: PollTarget, account: Account | None = None) -> _Outcome:
        """Ask the provider; what to record comes back, so a whole batch is written at once."""
        account = account or await self._accounts.by_id(target.account_id)
        client = await self._clients.get(account, StatusPolling)
        now = utcnow()
        age = now - target.accepted_at
        outcome = _Outcome(target, now + self.policy.interval(age, self._rng), target.poll_attempts + 1)
        self.polls += 1
        try:
            report = await client.message_status(target.provider_message_id)
        except NotFound as error:
            misses = self._not_found.get(target.message_id, 0) + 1
            self._not_found[target.message_id] = misses
            if misses >= self.policy.not_found_limit:
                outcome.note = STOPPED_FOLLOWING(reason=error.notice)
                outcome.next_at = None
        except ProviderError as error:
            if isinstance(error, AuthenticationFailed):
                outcome.next_at = now + timedelta(seconds=self.policy.max_interval)
            if is_overload(error):
                outcome.next_at = max(outcome.next_at or now, now + timedelta(seconds=self.backoff.failed(account.id, error)))
        else:
            self.backoff.succeeded(account.id)
            self._not_found.pop(target.message_id, None)
            outcome.event = StateEvent(report.state, report.raw_state, now, EventSource.POLL, payload=report.payload)
        if age > self.policy.give_up_after:
            outcome.give_up = GAVE_UP(count=self.policy.give_up_after.days)
        return outcome

    async def _record(self, outcomes: list[_Outcome]) -> None:
        """Write a batch of answers in one transaction, then say what changed.

        Should one of them fail (its message deleted meanwhile), the others are written
        one by one, as if each had been polled alone.
        """
        try:
            self._publish(await self._db.run(_record_outcomes, outcomes))
            return
        except Exception:
            if len(outcomes) == 1:
                log.exception("recording the status poll of message %s failed", outcomes[0].target.message_id)
                return
        for outcome in outcomes:
            await self._record([outcome])

    def _publish(self, changed: list[MessageSummary]) -> None:
        if changed:
            self._on_changed(changed)

    async def follow(self, message_id: int) -> None:
        """Poll one message on its schedule until nothing more is expected (command line)."""
        while True:
            target, due = await self._db.run(message_queries.poll_target, message_id)
            if target is None or due is None:
                return
            await asyncio.sleep(max(0.0, (due - utcnow()).total_seconds()))
            await self.poll_once(target)


class _Answers:
    """Outcomes waiting for the writer, handed over in batches: a transaction per few answers
    would keep the database thread (and the interpreter lock it shares with the loop) busy."""

    def __init__(self, batch: int, linger: float) -> None:
        self._batch = batch
        self._linger = linger
        self._outcomes: list[_Outcome] = []
        self._ready = asyncio.Event()
        self._full = asyncio.Event()

    def add(self, outcome: _Outcome) -> None:
        self._outcomes.append(outcome)
        self._ready.set()
        if len(self._outcomes) >= self._batch:
            self._full.set()

    async def take(self) -> list[_Outcome]:
        """Every outcome gathered once a batch is full or `linger` seconds after the first one."""
        await self._ready.wait()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._linger):
                await self._full.wait()
        self._ready.clear()
        self._full.clear()
        outcomes, self._outcomes = self._outcomes, []
        return outcomes


@dataclass(slots=True)
class _Outcome:
    """What one poll found out, to be written with the rest of its batch."""

    target: PollTarget
    next_at: datetime | None
    attempts: int
    event: StateEvent | None = None  # the provider's answer; recorded only when its raw state is news
    note: Notice | None = None  # why we stop following (the provider lost the message)
    give_up: Notice | None = None  # stop following, unless the message has just finished anyway


def _record_outcomes(session: Session, outcomes: list[_Outcome]) -> list[MessageSummary]:
    """Record the outcomes' news and next polls in one transaction, a few statements for the
    whole batch: one transaction per poll would cap polling at a few hundred a second."""
    answered = [(o.target.message_id, o.event) for o in outcomes if o.event is not None]
    # The provider's own answers, to a send or to a poll: a poll repeating the send's "?" is not news.
    last = poll_schedule.last_raw_states(session, [message_id for message_id, _event in answered], _ASKED)
    news = [(message_id, event) for message_id, event in answered if last.get(message_id) != event.raw_state]
    changed = message_queries.record_events(session, news)
    finished = {message.id for message in changed if is_terminal(message.state)}
    schedules = []
    for outcome in outcomes:
        message_id = outcome.target.message_id
        next_at = None if message_id in finished else outcome.next_at
        note = outcome.note or (outcome.give_up if next_at is not None else None)
        if note is not None:
            changed.append(_note(session, message_id, note))
            next_at = None
        schedules.append((message_id, next_at, outcome.attempts))
    poll_schedule.schedule_polls(session, schedules)
    return changed


def _note(session: Session, message_id: int, detail: Notice) -> MessageSummary:
    """A local event on the timeline that keeps the message's state and says why."""
    message = message_queries.message_by_id(session, message_id)
    assert message is not None
    return message_queries.record_event(session, message_id, StateEvent(message.state, None, utcnow(), EventSource.LOCAL, detail))

"""Status polls on the server, for providers that answer "what state is this message in?"
(Hey Now), on the console's schedule (`services.poller.PollPolicy`): the first poll
`first_delay` after the provider accepted the message (set when the answer is recorded), then
more spaced out as the message ages, jittered; no more polls once it is read, failed or
deleted, after `give_up_after`, or after `not_found_limit` consecutive 404s (counted per
process); an account that answered 429 or 5xx is left alone a while (`Backoff`).

The schedule is `team_message.next_poll_ms` (NULL: not followed) and `poll_attempts`. A
process claims due polls with `FOR UPDATE SKIP LOCKED` and moves their `next_poll_ms` by
`HOLD_MS` in that transaction, so no other process polls them meanwhile (nor after a crash,
for longer than that); the answer is recorded only while that mark is still there. Only a
change of the provider's raw state is news: a poll repeating the send's answer writes no
change. Blocking calls: run them off the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import Engine, select, update

from console.domain.capabilities import Operation
from console.domain.errors import InvalidInput
from console.providers.aiohttp_transport import provider_http_client
from console.providers.base import StatusPolling, StatusReport
from console.providers.errors import AuthenticationFailed, NotFound, ProviderError
from console.providers.registry import capabilities
from console.relay.store import utc_now
from console.services.backoff import Backoff, is_overload
from console.services.poller import PollPolicy
from console.store.secrets import SecretStore
from console.team_server.accounts import ServerAccounts
from console.team_server.clients import ServerClients
from console.team_server.feed import ChangeFeed
from console.team_server.messages import message_of, now_ms
from console.team_server.schema import team_message
from console.team_server.statuses import folded
from console.team_server.store import Change, append_change

__all__ = ["PollStore", "PollTarget", "StatusPolls"]

log = logging.getLogger("console.team_server")

HOLD_MS = 60_000  # a claimed poll is not due for other processes this long
LOOK_EVERY = 0.5  # seconds between looks for due polls when none was due
STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"  # `relay.store.utc_now`


@dataclass(frozen=True, slots=True)
class PollTarget:
    id: int
    account: str
    provider_message_id: str
    created_at: datetime
    attempts: int
    mark_ms: int  # the claim's `next_poll_ms`: the answer is recorded only while it is there


class PollStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def claim(self, accounts: list[str], limit: int) -> list[PollTarget]:
        """Up to `limit` due polls of `accounts`, oldest schedule first, held for `HOLD_MS`."""
        now = now_ms()
        due = (
            select(team_message.c.id)
            .where(team_message.c.next_poll_ms <= now, team_message.c.account.in_(accounts))
            .order_by(team_message.c.next_poll_ms)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        mark = now + HOLD_MS
        with self.engine.begin() as connection:
            ids = connection.execute(due).scalars().all()
            if not ids:
                return []
            rows = connection.execute(
                update(team_message)
                .where(team_message.c.id.in_(ids))
                .values(next_poll_ms=mark)
                .returning(
                    team_message.c.id,
                    team_message.c.account,
                    team_message.c.provider_message_id,
                    team_message.c.created_at,
                    team_message.c.poll_attempts,
                )
            ).all()
        return [
            PollTarget(
                row.id,
                row.account,
                row.provider_message_id,
                datetime.strptime(row.created_at, STAMP).replace(tzinfo=UTC),
                row.poll_attempts or 0,
                mark,
            )
            for row in rows
        ]

    def record(self, target: PollTarget, next_ms: int | None, attempts: int, report: StatusReport | None) -> Change | None:
        """The poll's answer and the next poll (None: no more); a `message_state` change when
        the provider's raw state changed and consoles see the difference."""
        with self.engine.begin() as connection:
            row = connection.execute(
                select(team_message)
                .where(team_message.c.id == target.id, team_message.c.next_poll_ms == target.mark_ms)
                .with_for_update()
            ).first()
            if row is None:  # held too long: another process polled it since
                return None
            values: dict[str, object] = {"next_poll_ms": next_ms, "poll_attempts": attempts}
            after = None
            if report is not None and report.raw_state != row.raw_state:
                after = folded(row, report.state, report.raw_state, None)
            if after is not None:
                values = {**values, **after.values(), "updated_at": utc_now()}
            updated = connection.execute(
                update(team_message).where(team_message.c.id == target.id).values(**values).returning(team_message)
            ).one()
            if after is None:
                return None
            message = message_of(updated)
            return append_change(
                connection, message.agent, "message_state", message.account, message.customer, **message.state_json()
            )


class StatusPolls:
    """One per server process: claims due polls, asks the providers (`policy.concurrency` at
    once) and records the answers."""

    def __init__(
        self,
        store: PollStore,
        accounts: ServerAccounts,
        secrets: SecretStore,
        feed: ChangeFeed,
        policy: PollPolicy,
        timeout: httpx.Timeout,
    ) -> None:
        self._store = store
        self._accounts = accounts
        self._secrets = secrets
        self._feed = feed
        self.policy = policy
        self._timeout = timeout
        self._rng = random.Random()
        self._backoff = Backoff(cap=policy.max_interval)
        self._not_found: dict[int, int] = {}
        self._unable: set[str] = set()  # accounts whose secrets this host lacks, until the accounts are read again
        self._clients: ServerClients | None = None
        self.polls = 0

    async def run(self) -> None:
        http = provider_http_client(self._timeout)
        self._clients = ServerClients(self._accounts, self._secrets, http)
        gate = asyncio.Semaphore(self.policy.concurrency)
        reread = 0.0
        try:
            while True:
                if time.monotonic() >= reread:  # a changed account, a secret added on this host
                    self._clients.forget()
                    self._unable.clear()
                    reread = time.monotonic() + self.policy.idle_wait
                try:
                    targets = await self._claim()
                except Exception as error:  # the database is away: look again later
                    log.warning("Status polls could not be claimed (%s)", type(error).__name__)
                    targets = []
                if targets:
                    await asyncio.gather(*(self._guarded(gate, target) for target in targets))
                    continue
                await asyncio.sleep(LOOK_EVERY)
        finally:
            await http.aclose()

    async def _claim(self) -> list[PollTarget]:
        accounts = await asyncio.to_thread(self._accounts.list)
        polled = [
            a.name for a in accounts if capabilities(a.provider).supports(Operation.POLL_STATUS) and a.name not in self._unable
        ]
        return await asyncio.to_thread(self._store.claim, polled, self.policy.batch) if polled else []

    async def _guarded(self, gate: asyncio.Semaphore, target: PollTarget) -> None:
        async with gate:
            try:
                change = await self._poll(target)
            except Exception:  # one message's failure must not stop the polls
                log.exception("Status poll of message %d failed", target.id)
                return
        if change is not None:
            self._feed.ring(change.id)

    async def _poll(self, target: PollTarget) -> Change | None:
        now = datetime.now(UTC)
        age = now - target.created_at
        wait = self._backoff.wait_left(target.account)
        if wait > 0:  # the provider asked to be left alone: move the poll, ask nothing
            return await self._record(target, now_ms() + int(wait * 1000), target.attempts, None)
        assert self._clients is not None
        try:
            found = await self._clients.get(target.account, StatusPolling)
        except InvalidInput:  # a secret missing on this host: due again at once, for another host
            self._unable.add(target.account)
            return await self._record(target, now_ms(), target.attempts, None)
        if found is None:  # the account was removed
            return await self._record(target, None, target.attempts, None)
        account, client = found
        next_ms: int | None = now_ms() + _ms(self.policy.interval(age, self._rng))
        report = None
        self.polls += 1
        try:
            report = await client.message_status(target.provider_message_id)
        except NotFound:
            misses = self._not_found[target.id] = self._not_found.get(target.id, 0) + 1
            if misses >= self.policy.not_found_limit:
                log.info("Stopped following message %d: the provider does not know it", target.id)
                next_ms = None
        except ProviderError as error:
            if isinstance(error, AuthenticationFailed):
                next_ms = now_ms() + int(self.policy.max_interval * 1000)
            if is_overload(error):
                next_ms = max(next_ms or 0, now_ms() + int(self._backoff.failed(account.name, error) * 1000))
        else:
            self._backoff.succeeded(account.name)
            self._not_found.pop(target.id, None)
        if next_ms is None:
            self._not_found.pop(target.id, None)
        if age > self.policy.give_up_after:
            next_ms = None
        return await self._record(target, next_ms, target.attempts + 1, report)

    async def _record(self, target: PollTarget, next_ms: int | None, attempts: int, report: StatusReport | None) -> Change | None:
        return await asyncio.to_thread(self._store.record, target, next_ms, attempts, report)


def _ms(interval: timedelta) -> int:
    return int(interval.total_seconds() * 1000)

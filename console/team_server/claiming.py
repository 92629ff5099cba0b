"""What the send worker and the bot forwarder share: a worker that claims rows a few at a time
under a lease and works each in a task of its own.

Woken by any committed change (the feed: this process's own, and other processes' by
`NOTIFY`) and at least every `poll` seconds, it claims as many rows as it has free places.
Its heartbeat renews its lease (`team_worker`) and takes over the rows of workers whose lease
ran out. It claims only while a third of the lease is left, so a worker whose beats stall
stops claiming before another process could count it dead. A worker's name is unique to the
process run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

import httpx

from console.providers.aiohttp_transport import provider_http_client
from console.providers.transport import DEFAULT_TIMEOUT
from console.services.poller import PollPolicy
from console.store.secrets import SecretStore
from console.team_server.accounts import ServerAccounts
from console.team_server.clients import ServerClients
from console.team_server.feed import ChangeFeed
from console.team_server.liveness import PresenceTimes
from console.team_server.messages import MessageStore
from console.team_server.store import Change

__all__ = ["ClaimingWorker", "WorkerOptions", "worker_name"]

log = logging.getLogger("console.team_server")


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    concurrency: int = 8  # requests under way at once in this process
    lease: float = 15.0  # seconds a worker counts as alive after its last heartbeat
    poll: float = 1.0  # seconds between looks for due messages when nothing rings
    # Pauses before the 2nd, 3rd, … try of a request that never left; then it has failed.
    retry_pauses: tuple[float, ...] = (1.0, 5.0, 30.0, 120.0)
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    polls: PollPolicy = field(default_factory=PollPolicy)  # the status polls' schedule (`polls`)
    presence: PresenceTimes = field(default_factory=PresenceTimes)  # how soon a dead console's presence ends (`liveness`)


def worker_name() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


class Claimed(Protocol):
    @property
    def id(self) -> int: ...


Item = TypeVar("Item", bound=Claimed)


class ClaimingWorker(ABC, Generic[Item]):
    TITLE = ""  # how the logs name it: "Send worker"
    TASK = ""  # its tasks' names, before each row's id: "team-send"

    def __init__(
        self,
        name: str,
        messages: MessageStore,
        accounts: ServerAccounts,
        secrets: SecretStore,
        feed: ChangeFeed,
        options: WorkerOptions,
    ) -> None:
        self.name = name
        self._messages = messages  # the workers' leases
        self._accounts = accounts
        self._secrets = secrets
        self._feed = feed
        self._options = options
        self._sending: set[asyncio.Task[None]] = set()
        self._clients: ServerClients | None = None
        self._unable: set[str] = set()  # accounts whose secrets this host lacks, until the next heartbeat
        self._http: httpx.AsyncClient | None = None
        self._claim_until = 0.0  # monotonic: claims stop this long before the lease would run out
        self._draining = False

    @abstractmethod
    def _claim_rows(self, free: int, unable: frozenset[str]) -> list[Item]:
        """Up to `free` due rows, marked as this worker's and committed (on a worker thread)."""

    @abstractmethod
    def _take_over(self) -> list[Change]:
        """Dead workers' rows settled (on a worker thread): the changes written."""

    @abstractmethod
    async def _deliver(self, item: Item) -> None:
        """Make the request and record its outcome."""

    async def _beat(self) -> None:
        """More for the heartbeat to look at, after the lease is renewed."""

    def _free_places(self) -> int:
        """How many rows to claim now."""
        leased = time.monotonic() < self._claim_until and not self._draining
        return self._options.concurrency - len(self._sending) if leased else 0

    async def run(self) -> None:
        """Until cancelled; then the requests still under way (see `drain`) are cancelled, each recorded as `unknown`."""
        self._http = provider_http_client(self._options.timeout)
        self._clients = ServerClients(self._accounts, self._secrets, self._http)
        beat_every = self._options.lease / 3
        next_beat = 0.0
        try:
            while True:
                doorbell = self._feed.doorbell()
                if time.monotonic() >= next_beat:
                    await self._heartbeat()
                    next_beat = time.monotonic() + beat_every
                free = self._free_places()
                claimed = await self._claim(free) if free else []
                for item in claimed:
                    task = asyncio.get_running_loop().create_task(self._work(item), name=f"{self.TASK}-{item.id}")
                    self._sending.add(task)
                    task.add_done_callback(self._sending.discard)
                if len(claimed) == free and free:
                    continue  # more may be due: look again at once
                await self._wait(doorbell, min(self._options.poll, max(0.0, next_beat - time.monotonic())))
        finally:
            await self._stop()

    async def drain(self, seconds: float) -> None:
        """Claim no more and give the requests under way up to `seconds` to be answered (a server
        stopping for an upgrade leaves nothing unknown that a moment more would have settled)."""
        self._draining = True
        if self._sending:
            await asyncio.wait(list(self._sending), timeout=seconds)

    async def _claim(self, free: int) -> list[Item]:
        try:
            return await asyncio.to_thread(self._claim_rows, free, frozenset(self._unable))
        except Exception as error:  # the database is away: look again at the next ring or poll
            log.warning("%s could not claim (%s)", self.TITLE, type(error).__name__)
            return []

    async def _wait(self, doorbell: asyncio.Event, seconds: float) -> None:
        """Until a change rings, a request ends (a place is free), or `seconds` pass."""
        waits = [asyncio.ensure_future(doorbell.wait()), *self._sending]
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waits[0].cancel()

    async def _heartbeat(self) -> None:
        """Renew the lease, take over dead workers' rows, and read the accounts and their secrets again."""
        began = time.monotonic()
        try:
            await asyncio.to_thread(self._messages.heartbeat, self.name, int(self._options.lease * 1000))
            self._claim_until = began + self._options.lease * 2 / 3
            await self._beat()
            self._ring(await asyncio.to_thread(self._take_over))
        except Exception as error:  # the database is away: the requests under way go on, the next beat tries again
            log.warning("%s heartbeat failed (%s)", self.TITLE, type(error).__name__)
        self._unable.clear()
        if self._clients is not None:
            self._clients.forget()  # a changed or removed account; a signed-in client's token is kept in the store

    async def _work(self, item: Item) -> None:
        try:
            await self._deliver(item)
        except Exception:  # a database failure recording it: the row stays this worker's, unknown once it stops
            log.exception("%s could not record the outcome of %d", self.TITLE, item.id)

    async def _stop(self) -> None:
        for task in list(self._sending):
            task.cancel()
        await asyncio.gather(*self._sending, return_exceptions=True)
        if self._http is not None:
            await self._http.aclose()
        with contextlib.suppress(Exception):
            await asyncio.to_thread(self._messages.retire, self.name)

    def _ring(self, changes: list[Change]) -> None:
        if changes:
            self._feed.ring(max(change.id for change in changes))

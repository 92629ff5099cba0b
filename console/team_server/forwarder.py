"""The forwarder every server process runs beside its send worker: it claims the customers'
messages kept for a Chattigo bot (`bot_forwards`) and posts each to Chattigo
(`POST /webhooks/inbound`, the envelope Meta posted it in) once.

Woken by any committed change (the callback applier writes a customer's message's change in the
transaction that keeps its forward) while the server has a Chattigo account (its heartbeat looks),
and at least every `poll` seconds. It has a worker name and
lease of its own (`team_worker`), renewed by its heartbeat, which also takes over the forwards of
workers whose lease ran out (`unknown`). A request that surely never left is tried again after
the send worker's pauses, then it has failed; one that may have left is `unknown`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import httpx

from console.domain.errors import InvalidInput
from console.domain.notices import Notice
from console.providers.aiohttp_transport import provider_http_client
from console.providers.base import BotForwarding
from console.providers.errors import NotSent, OutcomeUnknown, ProviderError
from console.services.backoff import send_retry_pause
from console.store.secrets import SecretStore
from console.team_server.accounts import ServerAccounts
from console.team_server.bot_forwards import FAILED, FORWARDED, UNKNOWN, Forward, ForwardStore
from console.team_server.clients import ServerClients
from console.team_server.feed import ChangeFeed
from console.team_server.messages import MessageStore
from console.team_server.sender import ACCOUNT_REMOVED, GAVE_UP, STOPPED_WHILE_SENDING, WorkerOptions, worker_name
from console.team_server.store import Change

__all__ = ["NAME_PREFIX", "BotForwarder"]

NAME_PREFIX = "forwarder@"  # before its worker name: a process's forwarder and send worker hold two leases

log = logging.getLogger("console.team_server")


class BotForwarder:
    def __init__(
        self,
        forwards: ForwardStore,
        messages: MessageStore,
        accounts: ServerAccounts,
        secrets: SecretStore,
        feed: ChangeFeed,
        options: WorkerOptions,
    ) -> None:
        self.name = NAME_PREFIX + worker_name()
        self._forwards = forwards
        self._messages = messages  # the workers' leases
        self._accounts = accounts
        self._secrets = secrets
        self._feed = feed
        self._options = options
        self._sending: set[asyncio.Task[None]] = set()
        self._clients: ServerClients | None = None
        self._unable: set[str] = set()  # bots whose secrets this host lacks, until the next heartbeat
        # Whether the server has a bot, as of the last heartbeat. Every committed change rings the
        # feed; without a bot, claiming on each ring was a database round trip per change for nothing.
        self._bots = True
        self._http: httpx.AsyncClient | None = None
        self._claim_until = 0.0
        self._draining = False

    async def run(self) -> None:
        """Until cancelled; the forwards still under way then are recorded `unknown`."""
        self._http = provider_http_client(self._options.timeout)
        self._clients = ServerClients(self._accounts, self._secrets, self._http)
        beat_every = self._options.lease / 3
        next_beat = next_look = 0.0
        try:
            while True:
                doorbell = self._feed.doorbell()
                if time.monotonic() >= next_beat:
                    await self._heartbeat()
                    next_beat = time.monotonic() + beat_every
                leased = time.monotonic() < self._claim_until and not self._draining
                free = self._options.concurrency - len(self._sending) if leased else 0
                if free and not self._bots and time.monotonic() < next_look:
                    free = 0  # a ring without any bot on the server: nothing can be due until the next look
                if free:
                    next_look = time.monotonic() + self._options.poll
                claimed = await self._claim(free) if free else []
                for forward in claimed:
                    task = asyncio.get_running_loop().create_task(self._forward(forward), name=f"team-forward-{forward.id}")
                    self._sending.add(task)
                    task.add_done_callback(self._sending.discard)
                if len(claimed) == free and free:
                    continue
                waits = [asyncio.ensure_future(doorbell.wait()), *self._sending]
                try:
                    timeout = min(self._options.poll, max(0.0, next_beat - time.monotonic()))
                    await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    waits[0].cancel()
        finally:
            await self._stop()

    async def drain(self, seconds: float) -> None:
        """Claim no more and give the requests under way up to `seconds` to be answered."""
        self._draining = True
        if self._sending:
            await asyncio.wait(list(self._sending), timeout=seconds)

    async def _claim(self, free: int) -> list[Forward]:
        try:
            return await asyncio.to_thread(self._forwards.claim, self.name, free, frozenset(self._unable))
        except Exception as error:  # the database is away: look again later
            log.warning("Bot forwarder could not claim forwards (%s)", type(error).__name__)
            return []

    async def _heartbeat(self) -> None:
        began = time.monotonic()
        try:
            await asyncio.to_thread(self._messages.heartbeat, self.name, int(self._options.lease * 1000))
            self._bots = await asyncio.to_thread(self._forwards.any_bot)
            self._claim_until = began + self._options.lease * 2 / 3
            self._ring(await asyncio.to_thread(self._forwards.take_over))
        except Exception as error:
            log.warning("Bot forwarder heartbeat failed (%s)", type(error).__name__)
        self._unable.clear()
        if self._clients is not None:
            self._clients.forget()

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

    async def _record(self, forward: Forward, state: str, detail: Notice | None = None) -> None:
        self._ring(await asyncio.to_thread(self._forwards.record, forward.id, self.name, state, detail))

    async def _forward(self, forward: Forward) -> None:
        try:
            await self._deliver(forward)
        except Exception:  # a database failure recording it: the forward stays this worker's, unknown once it stops
            log.exception("Bot forwarder could not record the outcome of forward %d", forward.id)

    async def _deliver(self, forward: Forward) -> None:
        try:
            assert self._clients is not None
            found = await self._clients.get(forward.bot_account, BotForwarding)
        except InvalidInput as error:  # a secret missing on this host: another host may have it
            self._unable.add(forward.bot_account)
            await asyncio.to_thread(self._forwards.retry_later, forward.id, self.name, 0, error.notice, attempt=False)
            return
        if found is None:
            await self._record(forward, FAILED, ACCOUNT_REMOVED(name=forward.bot_account))
            return
        _, client = found
        try:
            await client.forward_envelope(forward.envelope)
        except NotSent as error:
            pauses = self._options.retry_pauses
            pause = send_retry_pause(pauses[forward.attempts - 1], error) if forward.attempts <= len(pauses) else None
            if pause is None:
                await self._record(forward, FAILED, GAVE_UP(count=forward.attempts, reason=error.notice))
            else:
                await asyncio.to_thread(self._forwards.retry_later, forward.id, self.name, int(pause * 1000), error.notice)
        except OutcomeUnknown as error:
            await self._record(forward, UNKNOWN, error.notice)
        except ProviderError as error:
            await self._record(forward, FAILED, error.notice)
        except asyncio.CancelledError:
            await asyncio.shield(self._record(forward, UNKNOWN, STOPPED_WHILE_SENDING()))
            raise
        else:
            await self._record(forward, FORWARDED)

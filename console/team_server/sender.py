"""The send worker every server process runs: it claims pending messages and sends them
through the providers, with the console's outbox rules (`messages` says the states).

Woken by any committed change (the feed: this process's own posts, and other processes' by
`NOTIFY`) and at least every `poll` seconds, it claims as many messages as it has free
places and sends each in a task of its own. Its heartbeat renews its lease, and takes over
the messages of workers whose lease ran out. A worker's name is unique to the process run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.content_codec import links_of
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState, is_terminal
from console.domain.notices import Notice, Wording
from console.domain.team_customers import customer_address
from console.providers.aiohttp_transport import provider_http_client
from console.providers.base import PayloadSending, Sending
from console.providers.errors import NotSent, OutcomeUnknown, ProviderError
from console.providers.registry import capabilities
from console.providers.transport import DEFAULT_TIMEOUT
from console.services.backoff import send_retry_pause
from console.services.poller import PollPolicy
from console.services.preflight import resolve_recipient
from console.store.secrets import SecretStore
from console.team_server.accounts import ServerAccounts
from console.team_server.clients import ServerClients
from console.team_server.content import stored_content, stored_options
from console.team_server.feed import ChangeFeed
from console.team_server.liveness import PresenceTimes
from console.team_server.media import hidden
from console.team_server.messages import MessageStore, OutgoingMessage
from console.team_server.store import Change

__all__ = ["SendWorker", "WorkerOptions"]

log = logging.getLogger("console.team_server")

ACCOUNT_REMOVED = Wording("team.account_removed", "the server has no account named '{name}' any more")
STOPPED_WHILE_SENDING = Wording("team.stopped_while_sending", "The server stopped while sending; verify with the provider.")
GAVE_UP = Wording("team.gave_up", "not sent after {count} tries: {reason}")


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


class SendWorker:
    def __init__(
        self, messages: MessageStore, accounts: ServerAccounts, secrets: SecretStore, feed: ChangeFeed, options: WorkerOptions
    ) -> None:
        self.name = worker_name()
        self._messages = messages
        self._accounts = accounts
        self._secrets = secrets
        self._feed = feed
        self._options = options
        self._sending: set[asyncio.Task[None]] = set()
        self._clients: ServerClients | None = None
        self._paced: dict[str, asyncio.Lock] = {}
        self._last_done: dict[str, float] = {}
        self._unable: set[str] = set()  # accounts whose secrets this host lacks, until the next heartbeat
        self._warned: set[str] = set()
        self._http: httpx.AsyncClient | None = None
        self._claim_until = 0.0  # monotonic: claims stop this long before the lease would run out
        self._draining = False

    async def run(self) -> None:
        """Until cancelled; then the sends still under way (see `drain`) are cancelled, each recorded as `unknown`."""
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
                leased = time.monotonic() < self._claim_until and not self._draining
                free = self._options.concurrency - len(self._sending) if leased else 0
                claimed = await self._claim(free) if free else []
                for message in claimed:
                    task = asyncio.get_running_loop().create_task(self._send(message), name=f"team-send-{message.id}")
                    self._sending.add(task)
                    task.add_done_callback(self._sending.discard)
                if len(claimed) == free and free:
                    continue  # more may be due: look again at once
                await self._wait(doorbell, min(self._options.poll, max(0.0, next_beat - time.monotonic())))
        finally:
            await self._stop()

    async def _claim(self, free: int) -> list[OutgoingMessage]:
        try:
            return await asyncio.to_thread(self._messages.claim, self.name, free, frozenset(self._unable))
        except Exception as error:  # the database is away: look again at the next ring or poll
            log.warning("Send worker could not claim messages (%s)", type(error).__name__)
            return []

    async def _wait(self, doorbell: asyncio.Event, seconds: float) -> None:
        """Until a change rings, a send ends (a place is free), or `seconds` pass."""
        waits = [asyncio.ensure_future(doorbell.wait()), *self._sending]
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waits[0].cancel()

    async def _heartbeat(self) -> None:
        """Renew the lease, take over dead workers' sends, and read the accounts and their secrets again."""
        began = time.monotonic()
        try:
            await asyncio.to_thread(self._messages.heartbeat, self.name, int(self._options.lease * 1000))
            # Claims only while a third of the lease is left: a worker whose beats stall stops claiming
            # before another process could count it dead.
            self._claim_until = began + self._options.lease * 2 / 3
            self._ring(await asyncio.to_thread(self._messages.take_over))
        except Exception as error:  # the database is away: the sends under way go on, the next beat tries again
            log.warning("Send worker heartbeat failed (%s)", type(error).__name__)
        self._unable.clear()
        if self._clients is not None:
            self._clients.forget()  # a changed or removed account; a signed-in client's token is kept in the store

    async def drain(self, seconds: float) -> None:
        """Claim no more and give the requests under way up to `seconds` to be answered (a server
        stopping for an upgrade leaves nothing unknown that a moment more would have settled)."""
        self._draining = True
        if self._sending:
            await asyncio.wait(list(self._sending), timeout=seconds)

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

    async def _record(
        self, message: OutgoingMessage, state: DeliveryState, detail: Notice | None = None, **answer: str | int | None
    ) -> None:
        changes = await asyncio.to_thread(self._messages.record, message.id, self.name, state, detail, **answer)
        self._ring(changes)

    async def _send(self, message: OutgoingMessage) -> None:
        try:
            await self._deliver(message)
        except Exception:  # a database failure recording it: the message stays this worker's, unknown once it stops
            log.exception("Send worker could not record the outcome of message %d", message.id)

    async def _deliver(self, message: OutgoingMessage) -> None:
        try:
            assert self._clients is not None
            found = await self._clients.get(message.account, Sending if message.bot is None else PayloadSending)
        except InvalidInput as error:  # a secret missing on this host: another host may have it
            self._unable.add(message.account)
            if message.account not in self._warned:
                self._warned.add(message.account)
                log.warning("Account %s cannot send from this host, other hosts will: %s", message.account, error)
            await asyncio.to_thread(self._messages.retry_later, message.id, self.name, 0, error.notice, attempt=False)
            return
        if found is None:
            await self._record(message, DeliveryState.FAILED, ACCOUNT_REMOVED(name=message.account))
            return
        account, client = found
        try:
            recipient = resolve_recipient(account, customer_address(message.customer), allow_unlisted=True)
            content = None if message.bot is not None else stored_content(message.content)
        except InvalidInput as error:  # checked when posted; the account's settings changed since
            await self._record(message, DeliveryState.FAILED, error.notice)
            return
        links = [] if content is None else links_of(content)  # a provider may echo a signed link: recorded without its secrets
        try:
            async with self._turn(account):
                if content is None:  # a bot's answer (`bot_relay`): the bot's own payload, as it wrote it
                    receipt = await client.send_payload(recipient, message.bot["payload"])
                else:
                    receipt = await client.send(recipient, content, stored_options(message.content))
        except NotSent as error:
            await self._not_sent(message, error, links)
        except OutcomeUnknown as error:
            await self._record(message, DeliveryState.UNKNOWN, hidden(error.notice, links))
        except ProviderError as error:
            await self._record(message, DeliveryState.FAILED, hidden(error.notice, links))
        except asyncio.CancelledError:
            # Stopped mid-request: it may have left. Recorded before giving up.
            await asyncio.shield(self._record(message, DeliveryState.UNKNOWN, STOPPED_WHILE_SENDING()))
            raise
        else:
            detail = hidden(receipt.failure_reason if receipt.state is DeliveryState.FAILED else receipt.note, links)
            polled = capabilities(account.provider).supports(Operation.POLL_STATUS) and not is_terminal(receipt.state)
            first_poll = int(self._options.polls.first_delay * 1000) if polled and receipt.provider_message_id else None
            await self._record(
                message,
                receipt.state,
                detail,
                provider_message_id=receipt.provider_message_id,
                raw_state=receipt.raw_state,
                first_poll_ms=first_poll,
            )

    async def _not_sent(self, message: OutgoingMessage, error: NotSent, links: list[str]) -> None:
        """Another try later, unless the tries are used up (or the provider asks for too long a wait)."""
        pauses = self._options.retry_pauses
        pause = send_retry_pause(pauses[message.attempts - 1], error) if message.attempts <= len(pauses) else None
        reason = hidden(error.notice, links)
        if pause is None:
            await self._record(message, DeliveryState.FAILED, GAVE_UP(count=message.attempts, reason=reason))
        else:
            await asyncio.to_thread(self._messages.retry_later, message.id, self.name, int(pause * 1000), reason)

    @contextlib.asynccontextmanager
    async def _turn(self, account: Account) -> AsyncIterator[None]:
        """The provider's minimum interval between one account's sends, within this process."""
        interval = capabilities(account.provider).min_send_interval
        if interval <= 0:
            yield
            return
        async with self._paced.setdefault(account.name, asyncio.Lock()):
            await asyncio.sleep(max(0.0, self._last_done.get(account.name, 0.0) + interval - time.monotonic()))
            try:
                yield
            finally:
                self._last_done[account.name] = time.monotonic()

"""The forwarder every server process runs beside its send worker: it claims the customers'
messages kept for a Chattigo bot (`bot_forwards`) and posts each to Chattigo
(`POST /webhooks/inbound`, the envelope Meta posted it in) once.

Woken by any committed change (the callback applier writes a customer's message's change in the
transaction that keeps its forward) while the server has a Chattigo account (its heartbeat looks),
and at least every `poll` seconds; how it claims and keeps its lease is `claiming`'s. Its lease is
its own (`team_worker`, its name begins `forwarder@`), and its heartbeat takes over the forwards of
workers whose lease ran out (`unknown`). A request that surely never left is tried again after
the send worker's pauses, then it has failed; one that may have left is `unknown`.
"""

from __future__ import annotations

import asyncio
import logging
import time

from console.domain.errors import InvalidInput
from console.domain.notices import Notice
from console.providers.base import BotForwarding
from console.providers.errors import NotSent, OutcomeUnknown, ProviderError
from console.services.backoff import send_retry_pause
from console.store.secrets import SecretStore
from console.team_server.accounts import ServerAccounts
from console.team_server.bot_forwards import FAILED, FORWARDED, UNKNOWN, Forward, ForwardStore
from console.team_server.claiming import ClaimingWorker, WorkerOptions, worker_name
from console.team_server.feed import ChangeFeed
from console.team_server.messages import MessageStore
from console.team_server.sender import ACCOUNT_REMOVED, GAVE_UP, STOPPED_WHILE_SENDING
from console.team_server.store import Change

__all__ = ["NAME_PREFIX", "BotForwarder"]

NAME_PREFIX = "forwarder@"  # before its worker name: a process's forwarder and send worker hold two leases

log = logging.getLogger("console.team_server")


class BotForwarder(ClaimingWorker[Forward]):
    TITLE = "Bot forwarder"
    TASK = "team-forward"

    def __init__(
        self,
        forwards: ForwardStore,
        messages: MessageStore,
        accounts: ServerAccounts,
        secrets: SecretStore,
        feed: ChangeFeed,
        options: WorkerOptions,
    ) -> None:
        super().__init__(NAME_PREFIX + worker_name(), messages, accounts, secrets, feed, options)
        self._forwards = forwards
        # Whether the server has a bot, as of the last heartbeat. Every committed change rings the
        # feed; without a bot, claiming on each ring was a database round trip per change for nothing.
        self._bots = True
        self._next_look = 0.0

    def _claim_rows(self, free: int, unable: frozenset[str]) -> list[Forward]:
        return self._forwards.claim(self.name, free, unable)

    def _take_over(self) -> list[Change]:
        return self._forwards.take_over()

    async def _beat(self) -> None:
        self._bots = await asyncio.to_thread(self._forwards.any_bot)

    def _free_places(self) -> int:
        free = super()._free_places()
        if free and not self._bots and time.monotonic() < self._next_look:
            return 0  # a ring without any bot on the server: nothing can be due until the next look
        if free:
            self._next_look = time.monotonic() + self._options.poll
        return free

    async def _record(self, forward: Forward, state: str, detail: Notice | None = None) -> None:
        self._ring(await asyncio.to_thread(self._forwards.record, forward.id, self.name, state, detail))

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

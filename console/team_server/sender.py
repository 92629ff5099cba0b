"""The send worker every server process runs: it claims pending messages and sends them
through the providers, with the console's outbox rules (`messages` says the states). How it
is woken, claims and keeps its lease is `claiming`'s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.content_codec import links_of
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState, is_terminal
from console.domain.notices import Notice, Wording
from console.domain.team_customers import customer_address
from console.providers.base import PayloadSending, Sending
from console.providers.errors import NotSent, OutcomeUnknown, ProviderError
from console.providers.registry import capabilities
from console.services.backoff import send_retry_pause
from console.services.preflight import resolve_recipient
from console.store.secrets import SecretStore
from console.team_server.accounts import ServerAccounts
from console.team_server.claiming import ClaimingWorker, WorkerOptions, worker_name
from console.team_server.content import stored_content, stored_options
from console.team_server.feed import ChangeFeed
from console.team_server.media import hidden
from console.team_server.messages import MessageStore, OutgoingMessage
from console.team_server.store import Change

__all__ = ["SendWorker"]

log = logging.getLogger("console.team_server")

ACCOUNT_REMOVED = Wording("team.account_removed", "the server has no account named '{name}' any more")
STOPPED_WHILE_SENDING = Wording("team.stopped_while_sending", "The server stopped while sending; verify with the provider.")
GAVE_UP = Wording("team.gave_up", "not sent after {count} tries: {reason}")


class SendWorker(ClaimingWorker[OutgoingMessage]):
    TITLE = "Send worker"
    TASK = "team-send"

    def __init__(
        self, messages: MessageStore, accounts: ServerAccounts, secrets: SecretStore, feed: ChangeFeed, options: WorkerOptions
    ) -> None:
        super().__init__(worker_name(), messages, accounts, secrets, feed, options)
        self._paced: dict[str, asyncio.Lock] = {}
        self._last_done: dict[str, float] = {}
        self._warned: set[str] = set()

    def _claim_rows(self, free: int, unable: frozenset[str]) -> list[OutgoingMessage]:
        return self._messages.claim(self.name, free, unable)

    def _take_over(self) -> list[Change]:
        return self._messages.take_over()

    async def _record(
        self, message: OutgoingMessage, state: DeliveryState, detail: Notice | None = None, **answer: str | int | None
    ) -> None:
        changes = await asyncio.to_thread(self._messages.record, message.id, self.name, state, detail, **answer)
        self._ring(changes)

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

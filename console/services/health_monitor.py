"""Every account's connection checked without the agent asking: at start, on a schedule,
and at once when asked (`check_now`).

The checks are the pool's `test_connection`: the pool records their results, which reach
the accounts' lines and the status bar through `topics.account_health` exactly as a click
on *Test connection* does; this service writes no health itself. Accounts are checked
side by side: one provider out of reach does not hold up the others' lines.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from console.domain.accounts import Account
from console.services.accounts import AccountService
from console.services.client_pool import ClientPool

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 600.0  # seconds between two rounds of checks


class HealthMonitor:
    def __init__(self, accounts: AccountService, clients: ClientPool, interval: float = DEFAULT_INTERVAL) -> None:
        if interval <= 0:
            raise ValueError("the interval between health checks must be positive")
        self._accounts = accounts
        self._clients = clients
        self._interval = interval
        self._asked = asyncio.Event()
        self.last_round: datetime | None = None  # when the last round of checks ended

    async def run(self) -> None:
        """Check every account now, then every `interval` seconds or when asked, until cancelled."""
        while True:
            self._asked.clear()
            await self.check_all()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._interval):  # not `wait_for`: see `StatusPoller.run`
                    await self._asked.wait()

    def check_now(self) -> None:
        """Start a round of checks without waiting for the schedule (a round under way is followed by another)."""
        self._asked.set()

    async def check_all(self) -> None:
        accounts = await self._accounts.list()
        outcomes = await asyncio.gather(*(self._clients.test_connection(a) for a in accounts), return_exceptions=True)
        for account, outcome in zip(accounts, outcomes, strict=True):
            if isinstance(outcome, Exception):
                _log_unexpected(account, outcome)
        self.last_round = datetime.now(UTC)


def _log_unexpected(account: Account, error: Exception) -> None:
    """`test_connection` turns every provider answer into a health; anything else is a bug to log,
    not a reason to stop checking the other accounts."""
    log.error("the health check of account %s failed unexpectedly", account.id, exc_info=error)

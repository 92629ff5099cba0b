"""Login tokens that expire in the middle of a run of sends (Hey Now) or forwards (Chattigo)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from console.domain.accounts import ProviderKind
from console.domain.lifecycle import DeliveryState
from console.sandbox.chattigo import DEMO_WA_ID
from console.sandbox.faults import Fault, FaultKind
from console.sandbox.server import SandboxServer
from tests.conftest import FAST_STATUS, OPEN_PLATFORM, add_demo_account, open_workspace, run_core
from tests.faults.conftest import Figures
from tests.faults.support import recipient

RUN = 300
EXPIRE_AT = 150  # the sandbox forgets every token once this many requests of the run went out
CONCURRENCY = 8  # requests in flight when the token dies: each is refused, one logs in again


async def _run_with_expiry(server: SandboxServer, provider: str, route: str, send: Callable[[int], Awaitable[Any]]) -> list[Any]:
    gate = asyncio.Semaphore(CONCURRENCY)
    started = 0

    async def one(index: int) -> Any:
        nonlocal started
        async with gate:
            started += 1
            if started == EXPIRE_AT:
                server.sandbox.faults.add(provider, route, Fault(FaultKind.EXPIRED_TOKEN, times=1))
            return await send(index)

    return await asyncio.gather(*(one(i) for i in range(RUN)))


@pytest.mark.slow
def test_heynow_token_expiring_mid_run_means_one_login_and_the_run_goes_on(tmp_path: Path, figures: Figures) -> None:
    """300 Hey Now sends, 8 at a time; half way the provider forgets the login token: the
    requests refused with 401 share one new login and every message is accepted once."""
    with SandboxServer(FAST_STATUS) as server:

        async def scenario():
            async with open_workspace(tmp_path) as workspace:
                account = await add_demo_account(workspace, server, platform_id=OPEN_PLATFORM)

                async def send(index: int):
                    return await workspace.outbox.send_text(account, recipient(index), f"Aviso {index}", contact_validation=False)

                return await _run_with_expiry(server, "heynow", "send", send)

        sent = run_core(scenario(), timeout=120)
        log = server.sandbox.log
        logins, refused = log.count("heynow", "login"), log.count("heynow", "send") - RUN
        summary = log.send_summary()["heynow"]
    figures.record(
        sends=RUN,
        logins=logins,
        re_logins=logins - 1,
        requests_refused_with_401=refused,
        accepted=sum(m.state is DeliveryState.ACCEPTED for m in sent),
        duplicates_at_sandbox=summary["duplicates"],
    )
    assert logins == 2  # the first login and exactly one more
    assert 1 <= refused <= CONCURRENCY
    assert [m.state for m in sent] == [DeliveryState.ACCEPTED] * RUN
    assert summary == {"processed": RUN, "distinct": RUN, "duplicates": 0}


@pytest.mark.slow
def test_chattigo_token_expiring_mid_run_means_one_login_and_the_run_goes_on(tmp_path: Path, figures: Figures) -> None:
    """300 customer messages forwarded to Chattigo's bot, 8 at a time; half way Chattigo
    treats the JWT as expired: one new login, every message reaches the bot once."""
    with SandboxServer() as server:

        async def scenario():
            async with open_workspace(tmp_path) as workspace:
                account = await workspace.accounts.add_account(
                    "ch",
                    ProviderKind.CHATTIGO,
                    {"base_url": server.base_urls["chattigo"], "username": "demo", "password": "demo", "wa_id": DEMO_WA_ID},
                )

                async def forward(index: int):
                    return await workspace.bots.forward(account, recipient(index), f"Consulta {index}")

                return await _run_with_expiry(server, "chattigo", "forward", forward)

        forwarded = run_core(scenario(), timeout=120)
        log = server.sandbox.log
        logins, refused = log.count("chattigo", "login"), log.count("chattigo", "forward") - RUN
        summary = log.send_summary()["chattigo"]
    figures.record(
        forwards=RUN,
        logins=logins,
        re_logins=logins - 1,
        requests_refused_with_401=refused,
        forwarded=len(forwarded),
        duplicates_at_sandbox=summary["duplicates"],
    )
    assert logins == 2
    assert 1 <= refused <= CONCURRENCY
    assert len(forwarded) == RUN
    assert summary == {"processed": RUN, "distinct": RUN, "duplicates": 0}

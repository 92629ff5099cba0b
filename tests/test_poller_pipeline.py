"""The poller keeps polling while one answer is slow, and never asks twice about a message
whose answer is not written yet (against the sandbox over loopback)."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

from console.domain.lifecycle import EventSource
from console.sandbox.faults import Fault, FaultKind
from console.sandbox.heynow import HeyNowSandboxConfig
from console.sandbox.server import SandboxServer
from console.services.poller import PollPolicy
from console.store.messages import poll_target
from tests.conftest import OPEN_PLATFORM, add_demo_account, open_workspace, run_core

# Statuses far in the future: every poll answers "?" and each message stays followed.
STILL = HeyNowSandboxConfig(status_delays=(3600.0, 7200.0, 10800.0), never_read_ratio=0.0, stuck_ratio=0.0)


def _asked(server: SandboxServer) -> Counter[str]:
    """Status requests per provider message id."""
    return Counter(record.path.rsplit("/", 1)[-1] for record in server.sandbox.log.records("heynow", "status"))


def test_a_slow_answer_holds_up_neither_the_other_polls_nor_is_asked_again(tmp_path: Path) -> None:
    policy = PollPolicy(first_delay=0.1, min_interval=0.1, max_interval=0.2, growth=0.0, jitter=0.0, idle_wait=0.2)
    with SandboxServer(STILL) as server:

        async def scenario() -> tuple[Counter[str], str, int]:
            async with open_workspace(tmp_path, poll_policy=policy) as workspace:
                account = await add_demo_account(workspace, server, platform_id=OPEN_PLATFORM)
                for i in range(2):
                    await workspace.outbox.send_text(account, f"5989100000{i}", f"Hola {i}", contact_validation=False)
                server.sandbox.faults.add("heynow", "status", Fault(FaultKind.DELAY, seconds=2.0, times=1))
                await workspace.start_background()
                await asyncio.sleep(1.5)  # the first status request is still unanswered
                during = _asked(server)
                slow = server.sandbox.log.records("heynow", "status")[0].path.rsplit("/", 1)[-1]
                while _asked(server)[slow] < 2:  # once answered, it is followed again
                    await asyncio.sleep(0.05)
                message = await workspace.db.run(_message_id_of, slow)
                polled = [e for e in await workspace.conversations.timeline(message) if e.source is EventSource.POLL]
                return during, slow, len(polled)

        during, slow, polled = run_core(scenario(), timeout=30)

    assert during[slow] == 1  # not asked again while its answer was outstanding
    fast = [count for message_id, count in during.items() if message_id != slow]
    assert fast and fast[0] >= 4, during  # every 0.1-0.2 s meanwhile, not once per slow batch
    assert polled == 0  # the send's answer said "?" already: polls repeating it are not news


def test_more_due_than_a_page_are_each_polled_once_per_schedule(tmp_path: Path) -> None:
    policy = PollPolicy(first_delay=0.1, min_interval=30.0, max_interval=60.0, concurrency=2, batch=4, idle_wait=0.2)
    count = 11
    with SandboxServer(STILL) as server:

        async def scenario() -> tuple[Counter[str], list[int | None]]:
            async with open_workspace(tmp_path, poll_policy=policy) as workspace:
                account = await add_demo_account(workspace, server, platform_id=OPEN_PLATFORM)
                sent = [
                    await workspace.outbox.send_text(account, f"598910000{i:02d}", f"Hola {i}", contact_validation=False)
                    for i in range(count)
                ]
                await workspace.start_background()
                while server.sandbox.log.count("heynow", "status") < count:
                    await asyncio.sleep(0.05)
                await asyncio.sleep(0.5)  # time enough for a second, wrong, poll of any of them
                schedules = [await workspace.db.run(poll_target, m.id) for m in sent]
                return _asked(server), [None if target is None else target.poll_attempts for target, _due in schedules]

        asked, attempts = run_core(scenario(), timeout=30)

    assert len(asked) == count and set(asked.values()) == {1}, asked
    assert attempts == [1] * count  # each answer written, its next poll scheduled


def _message_id_of(session, provider_message_id: str) -> int:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from console.store.tables import MessageRow

    return session.exec(select(MessageRow.id).where(MessageRow.provider_message_id == provider_message_id)).one()

"""The poller writes each batch of answers at once; one message gone mid-batch spoils none of the others."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlmodel import Session, delete

from console.domain.lifecycle import DeliveryState, EventSource
from console.sandbox.faults import Fault, FaultKind
from console.sandbox.server import SandboxServer
from console.services.poller import PollPolicy
from console.store.tables import MessageRow
from tests.conftest import FAST_STATUS, OPEN_PLATFORM, add_demo_account, open_workspace, run_core

POLICY = PollPolicy(first_delay=0.1, min_interval=0.1, max_interval=0.5, idle_wait=0.2)
MESSAGES = 6


def _delete_message(session: Session, message_id: int) -> None:
    session.exec(delete(MessageRow).where(MessageRow.id == message_id))  # type: ignore[call-overload]


def test_a_message_deleted_while_its_batch_is_asked_about_leaves_the_others_followed(tmp_path: Path) -> None:
    with SandboxServer(FAST_STATUS) as server:

        async def scenario():
            async with open_workspace(tmp_path, poll_policy=POLICY) as workspace:
                account = await add_demo_account(workspace, server, platform_id=OPEN_PLATFORM)
                sent = [
                    await workspace.outbox.send_text(account, f"5989100000{i}", f"Hola {i}", contact_validation=False)
                    for i in range(MESSAGES)
                ]
                # Status answers are held back, so the whole first batch is in flight at once.
                server.sandbox.faults.add("heynow", "status", Fault(FaultKind.DELAY, seconds=1.0, times=MESSAGES))
                await workspace.start_background()
                while server.sandbox.log.count("heynow", "status") < MESSAGES:
                    await asyncio.sleep(0.02)
                gone, kept = sent[0], sent[1:]
                await workspace.db.run(_delete_message, gone.id)

                async def all_read() -> None:
                    while True:
                        states = [(await workspace.conversations.message(m.id)).state for m in kept]  # type: ignore[union-attr]
                        if all(state is DeliveryState.READ for state in states):
                            return
                        await asyncio.sleep(0.05)

                await asyncio.wait_for(all_read(), 15)
                timelines = [await workspace.conversations.timeline(m.id) for m in kept]
                poller, _readers = workspace.background_health()
                return timelines, poller, await workspace.conversations.message(gone.id)

        timelines, poller, gone = run_core(scenario(), timeout=40)

    assert gone is None
    assert poller is not None and poller.running
    for events in timelines:
        raws = [e.raw_state for e in events if e.source is EventSource.POLL]
        assert raws[-1] == "LU"
        assert len(raws) == len(set(raws))  # each raw state once: repeats are not news

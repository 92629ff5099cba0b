"""The status poller runs on a thread of its own: it keeps polling while the window's loop is
busy, what it records reaches subscribers on that loop's thread, and closing joins it."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

from console.domain.lifecycle import DeliveryState
from console.sandbox.server import SandboxServer
from tests.conftest import DEMO_PLATFORM, add_demo_account, agenda_client_ids, open_workspace, run_core


def test_polling_runs_off_the_loop_and_publishes_on_it(tmp_path: Path, sandbox: SandboxServer) -> None:
    to = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]

    async def scenario() -> tuple[threading.Thread, list[tuple[threading.Thread, DeliveryState]], int, threading.Thread]:
        home = threading.current_thread()
        seen: list[tuple[threading.Thread, DeliveryState]] = []
        async with open_workspace(tmp_path) as workspace:
            workspace.topics.message_changed.subscribe(lambda message: seen.append((threading.current_thread(), message.state)))
            await workspace.start_background()
            account = await add_demo_account(workspace, sandbox)
            message = await workspace.outbox.send_text(account, to, "Hola")
            while workspace.poller.polls == 0:
                await asyncio.sleep(0.02)
            before = workspace.poller.polls
            time.sleep(0.8)  # this loop is blocked: polls go on only if they run elsewhere
            polled_while_blocked = workspace.poller.polls - before
            while not any(state in (DeliveryState.DELIVERED, DeliveryState.READ) for _thread, state in seen):
                await asyncio.sleep(0.05)
            assert (await workspace.conversations.message(message.id)).state in (DeliveryState.DELIVERED, DeliveryState.READ)
            poller = workspace.poller.thread
            assert poller is not None and poller.is_alive()
        return home, seen, polled_while_blocked, poller

    home, seen, polled_while_blocked, poller = run_core(scenario(), timeout=30)
    assert poller is not home
    assert polled_while_blocked > 0
    assert {thread for thread, _state in seen} == {home}  # the poll's news too, not only the outbox's
    assert not poller.is_alive()  # joined on close
    assert poller not in threading.enumerate()

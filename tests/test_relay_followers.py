"""The callback readers the workspace runs, as the status bar sees them."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

from console.relay.embedded import EmbeddedRelay
from console.services.callback_setup import EMBEDDED_FEED
from console.services.embedded_feed import EmbeddedFeed
from console.services.relay_reader import HttpEventFeed
from tests.conftest import open_workspace, run_core


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_each_reader_reports_whether_its_relay_can_be_read(tmp_path: Path) -> None:
    unreachable = f"http://127.0.0.1:{_closed_port()}"

    async def scenario() -> None:
        relay = EmbeddedRelay(tmp_path, "embedded-events-token")
        try:
            async with open_workspace(tmp_path) as workspace:
                followers = workspace.relay_followers
                followers.follow(EmbeddedFeed(relay, EMBEDDED_FEED))
                followers.follow(HttpEventFeed(workspace.http, unreachable, "team-token"))
                followers.follow(HttpEventFeed(workspace.http, unreachable, "team-token"))  # already followed

                async def failing_seen() -> None:
                    while not any(health.problem for health in followers.health()):
                        await asyncio.sleep(0.02)

                await asyncio.wait_for(failing_seen(), 5)
                health = {reader.name: reader for reader in workspace.background_health()[1]}
                assert set(health) == {EMBEDDED_FEED, unreachable}
                assert health[EMBEDDED_FEED].running and health[EMBEDDED_FEED].problem is None
                assert health[unreachable].running  # it keeps trying
                problem = health[unreachable].problem
                assert problem is not None and problem.code == "transport.unreachable"  # a code the window words
                await followers.close()
                assert not any(reader.running for reader in followers.health())
        finally:
            await relay.close()

    run_core(scenario())

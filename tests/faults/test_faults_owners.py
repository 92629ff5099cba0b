"""Sends whose process died, and sends of a live process, seen from another process."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

from console.sandbox.faults import Fault, FaultKind
from console.sandbox.server import SandboxServer
from tests.conftest import open_workspace, run_core
from tests.faults.cli import add_timelinesai, centralita, start
from tests.faults.conftest import Figures

TO = "+59899123456"


def _wait_for_sends(server: SandboxServer, count: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while server.sandbox.log.count("timelinesai", "send") < count:
        assert time.monotonic() < deadline, "the send never reached the sandbox"
        time.sleep(0.02)


def _status(data_dir: Path, message_id: int) -> dict:
    done = centralita(data_dir, "status", str(message_id), "--json")
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)


def test_a_send_killed_mid_request_is_unknown_in_another_process_and_a_live_one_is_untouched(
    tmp_path: Path, figures: Figures
) -> None:
    """`centralita send` is killed with SIGKILL while the provider holds its answer back (it
    did process the request): the next `centralita status` reports the message `unknown`
    (verify), never "pending — not yet sent". Another `centralita send` still waiting for its
    answer is in flight: a `status` meanwhile leaves it pending with no "console stopped"
    line, and it ends accepted."""
    data_dir = tmp_path / "data"
    with SandboxServer() as server:
        add_timelinesai(data_dir, server)
        server.sandbox.faults.add("timelinesai", "send", Fault(FaultKind.DELAY, seconds=30, times=1))
        killed = start(data_dir, "send", "tl", TO, "--text", "Hola 1")
        try:
            _wait_for_sends(server, 1)
            killed.send_signal(signal.SIGKILL)
        finally:
            killed.wait(10)
        after_kill = _status(data_dir, 1)

        server.sandbox.faults.add("timelinesai", "send", Fault(FaultKind.DELAY, seconds=4, times=1))
        live = start(data_dir, "send", "tl", TO, "--text", "Hola 2", "--json")
        try:
            _wait_for_sends(server, 2)
            during = _status(data_dir, 2)
            out, err = live.communicate(timeout=60)
        finally:
            if live.poll() is None:
                live.kill()
                live.wait(10)
        after = _status(data_dir, 2)

    figures.record(
        killed_send_state_in_next_process=after_kill["state"],
        live_send_state_seen_by_other_process=during["state"],
        live_send_final_state=after["state"],
    )
    assert after_kill["state"] == "unknown", after_kill
    assert live.returncode == 0, err
    assert during["state"] == "pending", during
    assert after["state"] not in ("pending", "unknown"), after
    details = [event.get("detail") or "" for event in after["events"]]
    assert not any("stopped" in detail for detail in details), details


def test_a_window_starting_during_a_command_line_send_leaves_that_send_alone(tmp_path: Path, figures: Figures) -> None:
    """The window's start (a workspace opened and its background started, in this process)
    while `centralita send` waits for the provider's answer: the send is another live
    process's, so no false "console stopped" line enters its timeline and it ends accepted."""
    data_dir = tmp_path / "data"
    with SandboxServer() as server:
        add_timelinesai(data_dir, server)
        server.sandbox.faults.add("timelinesai", "send", Fault(FaultKind.DELAY, seconds=3, times=1))
        sender = start(data_dir, "send", "tl", TO, "--text", "Hola", "--json")
        try:
            _wait_for_sends(server, 1)

            async def window_start() -> int:
                async with open_workspace(data_dir) as workspace:
                    await workspace.start_background()
                    message = await workspace.conversations.message(1)
                    assert message is not None
                    return len([e for e in await workspace.conversations.timeline(1) if e.state.value == "unknown"])

            false_lines = run_core(window_start())
            out, err = sender.communicate(timeout=60)
        finally:
            if sender.poll() is None:
                sender.kill()
                sender.wait(10)
        final = _status(data_dir, 1)
    figures.record(false_stopped_lines=false_lines, final_state=final["state"])
    assert sender.returncode == 0, err
    assert false_lines == 0
    assert final["state"] not in ("pending", "unknown"), final
    assert not any("stopped" in (event.get("detail") or "") for event in final["events"]), final["events"]

"""Several processes on one data folder: starting together, and sending for one account."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from console.sandbox.faults import Fault, FaultKind
from console.sandbox.server import SandboxServer
from tests.faults.cli import add_timelinesai, start
from tests.faults.conftest import Figures

PROCESSES = 4
ROUNDS = 10


def _finish(processes: list[subprocess.Popen[str]], seconds: float = 120) -> list[tuple[int, str]]:
    results = []
    for process in processes:
        try:
            _out, err = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
        results.append((process.returncode, err))
    return results


def test_four_processes_starting_on_a_new_data_folder_never_crash(tmp_path: Path, figures: Figures) -> None:
    """Four `centralita account list` processes started at once on a data folder that does
    not exist yet, ten times: the migrations run once, behind a lock, and no process fails."""
    failures: list[str] = []
    started = time.monotonic()
    for round_number in range(ROUNDS):
        data_dir = tmp_path / f"round-{round_number}"
        processes = [start(data_dir, "account", "list") for _ in range(PROCESSES)]
        failures += [err.strip().splitlines()[-1] if err.strip() else f"exit {code}" for code, err in _finish(processes) if code]
    figures.record(
        processes=PROCESSES * ROUNDS, crashed=len(failures), seconds=round(time.monotonic() - started, 1)
    )
    assert failures == []


def test_two_processes_sending_for_one_timelinesai_account_keep_two_seconds_apart(tmp_path: Path, figures: Figures) -> None:
    """Four `centralita send` processes started at once for one TimelinesAI account: the
    provider's 2 s between an account's sends holds across processes, measured at the
    sandbox between the arrival of one request and the next."""
    data_dir = tmp_path / "data"
    with SandboxServer() as server:
        add_timelinesai(data_dir, server)
        senders = [start(data_dir, "send", "tl", f"+5989912345{i}", "--text", f"Hola {i}") for i in range(PROCESSES)]
        results = _finish(senders)
        arrivals = sorted(record.received_at for record in server.sandbox.log.records("timelinesai", "send"))
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:], strict=False)]
    figures.record(sends=len(arrivals), smallest_gap_s=round(min(gaps), 3) if gaps else None)
    assert [code for code, _ in results] == [0] * PROCESSES, results
    assert len(arrivals) == PROCESSES
    assert min(gaps) >= 2.0, gaps


def test_a_send_turn_held_by_a_killed_process_is_taken_over_two_seconds_later(tmp_path: Path, figures: Figures) -> None:
    """A `centralita send` killed with SIGKILL while it holds its account's send turn (the
    provider holds its answer back): the next process takes the turn over, as if that request
    had just ended, so its own send arrives 2 s or more after the killed one's."""
    data_dir = tmp_path / "data"
    with SandboxServer() as server:
        add_timelinesai(data_dir, server)
        server.sandbox.faults.add("timelinesai", "send", Fault(FaultKind.DELAY, seconds=30, times=1))
        killed = start(data_dir, "send", "tl", "+59899123450", "--text", "Hola 0")
        deadline = time.monotonic() + 30
        while server.sandbox.log.count("timelinesai", "send") < 1:
            assert time.monotonic() < deadline, "the first send never arrived"
            time.sleep(0.02)
        killed.send_signal(signal.SIGKILL)
        killed.wait(10)
        started = time.monotonic()
        [(code, err)] = _finish([start(data_dir, "send", "tl", "+59899123451", "--text", "Hola 1")])
        waited = time.monotonic() - started
        arrivals = [record.received_at for record in server.sandbox.log.records("timelinesai", "send")]
    figures.record(gap_after_killed_holder_s=round(arrivals[1] - arrivals[0], 3), second_send_took_s=round(waited, 1))
    assert code == 0, err
    assert arrivals[1] - arrivals[0] >= 2.0
    assert waited < 20  # it did not wait for the dead process's answer

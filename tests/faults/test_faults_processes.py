"""Several processes on one data folder: starting together, and sending for one account."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

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

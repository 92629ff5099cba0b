"""kill -9 of a console process in the middle of a 1,000-message bulk run, then a restart."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from console.sandbox.server import SandboxServer
from console.store.database import DATABASE_FILE
from tests.faults.conftest import ROOT, Figures

COUNT = 1000
KILL_AFTER = 400  # notifications the provider took before the process is killed
DRIVER = ROOT / "tests" / "faults" / "bulk_driver.py"


def _start(data_dir: Path, server: SandboxServer, output: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with output.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, str(DRIVER), str(data_dir), server.base_urls["cliengo"], str(COUNT)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )


def _destinations(server: SandboxServer) -> Counter[str]:
    """How many notifications each number got, as the provider saw them."""
    return Counter(json.loads(r.body)["destination"] for r in server.sandbox.log.records("cliengo", "notifications"))


@pytest.mark.slow
def test_kill_9_mid_bulk_then_resume_sends_everyone_exactly_once(tmp_path: Path, figures: Figures) -> None:
    """A console process sending a bulk run of 1,000 Cliengo notifications is killed with
    SIGKILL after the provider took 400; a new process resumes the run: nobody gets two,
    everybody gets one except at most the one in flight at the kill, which the store
    reports as `verify` (never sent again by itself), and every recipient is in the store."""
    data_dir, output = tmp_path / "data", tmp_path / "driver.log"
    with SandboxServer() as server:
        first = _start(data_dir, server, output)
        deadline = time.monotonic() + 120
        while server.sandbox.log.count("cliengo", "notifications") < KILL_AFTER:
            assert first.poll() is None, output.read_text()
            assert time.monotonic() < deadline, "the bulk run did not get going"
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        at_kill = server.sandbox.log.count("cliengo", "notifications")
        started = time.monotonic()
        second = _start(data_dir, server, output)
        assert second.wait(180) == 0, output.read_text()
        resume_seconds = time.monotonic() - started
        per_number = _destinations(server)
        summary = server.sandbox.log.send_summary()["cliengo"]

    connection = sqlite3.connect(f"file:{data_dir / DATABASE_FILE}?mode=ro", uri=True)
    try:
        outcomes = Counter(dict(connection.execute("SELECT outcome, COUNT(*) FROM bulk_recipient GROUP BY outcome")))
        verify = [
            row[0].removeprefix("+")
            for row in connection.execute("SELECT recipient FROM bulk_recipient WHERE outcome = 'verify'")
        ]
        without_message = connection.execute(
            "SELECT COUNT(*) FROM bulk_recipient WHERE outcome IN ('sent', 'verify') AND message_id IS NULL"
        ).fetchone()[0]
        messages = Counter(dict(connection.execute("SELECT state, COUNT(*) FROM message GROUP BY state")))
    finally:
        connection.close()
    expected = {f"5989{1000000 + i}" for i in range(COUNT)}
    missing = expected - set(per_number)
    figures.record(
        recipients=COUNT,
        taken_before_kill=at_kill,
        resume_seconds=round(resume_seconds, 1),
        processed_at_sandbox=summary["processed"],
        duplicates_at_sandbox=summary["duplicates"],
        recipients_with_two_or_more=sum(n > 1 for n in per_number.values()),
        recipients_with_none=len(missing),
        store_outcomes=dict(outcomes),
        store_message_states=dict(messages),
    )
    assert summary["duplicates"] == 0 and max(per_number.values()) == 1
    assert sum(outcomes.values()) == COUNT  # every recipient is in the store
    assert outcomes["queued"] == outcomes["sending"] == 0
    assert outcomes["verify"] <= 1 and set(missing) <= set(verify)  # only the one in flight may be missing
    assert without_message <= outcomes["verify"]  # killed before its message was stored: nothing was sent
    assert outcomes["sent"] + outcomes["verify"] == COUNT
    assert set(per_number) <= expected

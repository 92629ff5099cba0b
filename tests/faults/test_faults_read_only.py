"""A data folder SQLite can still read but not write: the reading commands work with
--read-only, the refusal without it says so, and any command that would write is refused
with one sentence, nothing sent, nothing changed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from console.sandbox.server import SandboxServer
from console.store.database import DATABASE_FILE
from tests.faults.cli import centralita, one_clear_line
from tests.faults.conftest import Figures
from tests.faults.test_faults_storage import _fingerprint, _run_limited

CUSTOMER = "+59899123456"


def _sent_message(data_dir: Path) -> None:
    done = centralita(data_dir, "send", "tl", CUSTOMER, "--text", "hola")
    assert done.returncode == 0, done.stderr


def test_a_read_only_data_folder_is_read_with_read_only(profile: tuple[Path, SandboxServer], figures: Figures) -> None:
    """The data folder read-only for the user: `account list` says it cannot be written and
    offers --read-only; with it `account list`, `account show` and `status` work; `send`
    with it is one sentence, no request; the files are unchanged."""
    data_dir, server = profile
    _sent_message(data_dir)
    before, sends_before = _fingerprint(data_dir), server.sandbox.log.count("timelinesai", "send")
    data_dir.chmod(0o555)
    try:
        refused = one_clear_line(_run_limited(data_dir, "--data-dir", str(data_dir), "account", "list"))
        listed = _run_limited(data_dir, "--data-dir", str(data_dir), "--read-only", "account", "list")
        account = _run_limited(data_dir, "--data-dir", str(data_dir), "--read-only", "account", "show", "tl")
        status = _run_limited(data_dir, "--data-dir", str(data_dir), "--read-only", "status", "1")
        send = one_clear_line(
            _run_limited(data_dir, "--data-dir", str(data_dir), "--read-only", "send", "tl", CUSTOMER, "--text", "x")
        )
    finally:
        data_dir.chmod(0o700)
    figures.record(
        refusal=refused.replace(str(data_dir.parent), "<tmp>"),
        read_only_commands_ok=sum(done.returncode == 0 for done in (listed, account, status)),
        write_refused_with=send,
    )
    assert "cannot be written" in refused and "--read-only" in refused
    assert listed.returncode == 0 and "tl" in listed.stdout, listed.stderr
    assert account.returncode == 0 and status.returncode == 0, account.stderr + status.stderr
    assert "hola" in status.stdout or "message 1" in status.stdout, status.stdout
    assert "--read-only does not allow" in send
    assert server.sandbox.log.count("timelinesai", "send") == sends_before
    assert _fingerprint(data_dir) == before


_LEAVE_A_LOG = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA wal_autocheckpoint=0")
connection.execute("UPDATE account SET name = name")
connection.commit()
os._exit(0)  # no checkpoint: the write-ahead log stays beside the database
"""


def test_a_database_whose_log_cannot_be_written_is_read_with_read_only(
    profile: tuple[Path, SandboxServer], figures: Figures
) -> None:
    """A write-ahead log (and its index) left read-only: reading still works, a send is one
    sentence that offers --read-only and makes no request, and `--read-only account list`
    reads the accounts."""
    data_dir, server = profile
    database = data_dir / DATABASE_FILE
    subprocess.run([sys.executable, "-c", _LEAVE_A_LOG, str(database)], check=True, timeout=30)
    companions = [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm")]
    assert all(path.exists() for path in companions)
    for path in companions:
        path.chmod(0o444)
    try:
        refused = one_clear_line(
            _run_limited(data_dir, "--data-dir", str(data_dir), "send", "tl", CUSTOMER, "--text", "hola")
        )
        listed = _run_limited(data_dir, "--data-dir", str(data_dir), "--read-only", "account", "list")
    finally:
        for path in companions:
            path.chmod(0o600)
    figures.record(refusal=refused.replace(str(data_dir.parent), "<tmp>"), read_only_listing=listed.returncode == 0)
    assert "read-only" in refused and "--read-only" in refused
    assert server.sandbox.log.count("timelinesai", "send") == 0
    assert listed.returncode == 0 and "tl" in listed.stdout, listed.stderr
    check = sqlite3.connect(database)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        check.close()
    assert os.stat(database).st_size > 0

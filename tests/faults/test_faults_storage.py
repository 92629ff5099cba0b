"""Damaged or unusual storage, met by the real command line: one sentence, nothing changed."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from console.logging_setup import LOG_DIR_ENV
from console.sandbox.server import SandboxServer
from console.store.database import DATABASE_FILE, Database
from tests.faults.cli import centralita, environment, one_clear_line
from tests.faults.conftest import Figures

SECRETS = ("secrets.key", "secrets.enc")


def _fingerprint(data_dir: Path) -> dict[str, str]:
    """What must not change: the database (with any write-ahead log it has) and the secrets
    files, byte for byte. An empty write-ahead log holds nothing."""
    names = (DATABASE_FILE, DATABASE_FILE + "-wal", *SECRETS)
    present = [data_dir / name for name in names if (data_dir / name).exists()]
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in present if path.stat().st_size}


def _shown(line: str, data_dir: Path) -> str:
    """The sentence as the report shows it: the test's temporary folder as `<tmp>`."""
    return line.replace(str(data_dir.parent), "<tmp>")


def _overwrite(path: Path, at: int, data: bytes) -> None:
    with path.open("r+b") as handle:
        handle.seek(at)
        handle.write(data)


def _damage(kind: str) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        database = data_dir / DATABASE_FILE
        size = database.stat().st_size
        if kind == "zero-byte":
            database.write_bytes(b"")
        elif kind == "zero-filled":
            _overwrite(database, 0, bytes(size))
        elif kind == "truncated":
            os.truncate(database, size // 2)
        elif kind == "corrupt":
            _overwrite(database, 100, os.urandom(4000))  # the schema's page, after the header
        elif kind == "newer-schema":
            connection = sqlite3.connect(database)
            with connection:
                connection.execute("UPDATE alembic_version SET version_num = '0999'")
            connection.close()
        elif kind == "secrets.key missing":
            (data_dir / "secrets.key").unlink()
        elif kind == "secrets.key broken":
            (data_dir / "secrets.key").write_bytes(b"not a key")
        elif kind == "secrets.enc broken":
            (data_dir / "secrets.enc").write_bytes(b"gAAAAAB-damaged")
        else:
            raise AssertionError(kind)

    return apply


DAMAGES = {
    "zero-byte": "empty (0 bytes)",
    "zero-filled": "not a database",
    "truncated": "truncated",
    "corrupt": "damaged",
    "newer-schema": "newer version of Centralita",
    "secrets.key missing": "secrets.key is missing",
    "secrets.key broken": "key file secrets.key is damaged",
    "secrets.enc broken": "cannot be decrypted",
}


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_a_damaged_file_is_one_sentence_and_nothing_changes(
    kind: str, profile: tuple[Path, SandboxServer], figures: Figures
) -> None:
    """A database that is empty (0 bytes), zero-filled, truncated, corrupt or of a newer
    schema, and a secrets key that is missing or damaged or a damaged secrets file: every
    command answers one sentence that says what and the way out, exits non-zero, and leaves
    every file as it was (an empty database does not become a new, empty profile)."""
    data_dir, server = profile
    _damage(kind)(data_dir)
    before = _fingerprint(data_dir)
    lines = [
        one_clear_line(centralita(data_dir, "account", "list")),
        one_clear_line(centralita(data_dir, "send", "tl", "+59899123456", "--text", "Hola")),
    ]
    figures.record(damage=kind, sentence=_shown(lines[0], data_dir))
    assert all(DAMAGES[kind] in line for line in lines), lines
    assert _fingerprint(data_dir) == before
    if kind == "zero-byte":
        assert (data_dir / DATABASE_FILE).stat().st_size == 0
    if kind == "secrets.key missing":
        assert not (data_dir / "secrets.key").exists()
    _repair(data_dir, kind)


def _repair(data_dir: Path, kind: str) -> None:
    """The fixture's integrity check reads the database: put a sound one back if it was damaged."""
    if kind in ("zero-byte", "zero-filled", "truncated", "corrupt"):
        (data_dir / DATABASE_FILE).unlink()
        assert centralita(data_dir, "account", "list").returncode == 0


def test_a_locked_database_is_one_sentence(profile: tuple[Path, SandboxServer], figures: Figures) -> None:
    """Another program holds the database locked (SQLite's exclusive locking mode): a command
    that writes waits SQLite's busy time, then says so in one sentence, and nothing changed."""
    data_dir, server = profile
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(data_dir / DATABASE_FILE)!r}, isolation_level=None)\n"
            "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True); time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before = _fingerprint(data_dir)
        line = one_clear_line(centralita(data_dir, "account", "list"))
        after = _fingerprint(data_dir)
    finally:
        holder.kill()
        holder.wait(10)
    figures.record(sentence=_shown(line, data_dir))
    assert "locked by another program" in line
    assert after == before


def _without_root_override() -> list[str]:
    """As root, permissions bind only without the capability that overrides them."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made to bind")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


def _run_limited(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_without_root_override(), sys.executable, "-m", "console", *args],
        capture_output=True,
        text=True,
        env=env or environment(data_dir),
        timeout=60,
    )


def test_a_read_only_data_folder_is_one_sentence(profile: tuple[Path, SandboxServer], figures: Figures) -> None:
    """The data folder is read-only for the user: one sentence naming the folder and the way
    out (permission, or --data-dir), and nothing changed."""
    data_dir, _ = profile
    before = _fingerprint(data_dir)
    data_dir.chmod(0o555)
    try:
        line = one_clear_line(_run_limited(data_dir, "account", "list"))
    finally:
        data_dir.chmod(0o700)
    figures.record(sentence=_shown(line, data_dir))
    assert "cannot be written" in line and str(data_dir) in line
    assert _fingerprint(data_dir) == before


def test_a_read_only_log_folder_is_one_sentence(profile: tuple[Path, SandboxServer], tmp_path: Path, figures: Figures) -> None:
    """The log folder is read-only: one sentence naming it and the way out (permission, or
    CENTRALITA_LOG_DIR), and the database is not touched."""
    data_dir, _ = profile
    logs = tmp_path / "logs"
    logs.mkdir(mode=0o555)
    before = _fingerprint(data_dir)
    line = one_clear_line(_run_limited(data_dir, "account", "list", env={**environment(data_dir), LOG_DIR_ENV: str(logs)}))
    figures.record(sentence=_shown(line, data_dir))
    assert "log folder" in line and LOG_DIR_ENV in line
    assert _fingerprint(data_dir) == before


def _small_files(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_is_one_sentence_and_sends_nothing(
    profile: tuple[Path, SandboxServer], tmp_path: Path, figures: Figures
) -> None:
    """The process may write no file past 2 KB (RLIMIT_FSIZE: the kernel refuses the write
    as a full disk would): a send answers one sentence about the full disk, the provider
    got no request, and the database is as it was."""
    data_dir, server = profile
    before = _fingerprint(data_dir)
    done = centralita(
        data_dir, "send", "tl", "+59899123456", "--text", "Hola",
        preexec_fn=_small_files(2048), env={LOG_DIR_ENV: str(tmp_path / "fresh-logs")},
    )
    requests = server.sandbox.log.count("timelinesai", "send")
    line = one_clear_line(done)
    figures.record(sentence=_shown(line, data_dir), provider_requests=requests)
    assert "full" in line and "nothing was changed" in line
    assert requests == 0
    assert _fingerprint(data_dir) == before


@pytest.mark.parametrize("limit_kb", [48, 64, 80])
def test_a_disk_filling_up_during_a_send_loses_nothing_and_never_resends(
    limit_kb: int, profile: tuple[Path, SandboxServer], tmp_path: Path, figures: Figures
) -> None:
    """The disk fills up somewhere in the middle of a send (files may not grow past 48, 64 or
    80 KB): the command ends with one sentence or accepted; the provider got the message at
    most once, and the next command shows it accepted or unknown (to verify), never pending."""
    data_dir, server = profile
    done = centralita(
        data_dir, "send", "tl", "+59899123456", "--text", "Hola",
        preexec_fn=_small_files(limit_kb * 1024), env={LOG_DIR_ENV: str(tmp_path / "fresh-logs")},
    )
    if done.returncode != 0:
        line = one_clear_line(done)
        assert "full" in line, line
    requests = server.sandbox.log.count("timelinesai", "send")
    shown = centralita(data_dir, "status", "1", "--json")
    state = json.loads(shown.stdout)["state"] if shown.returncode == 0 else "not stored"
    figures.record(limit_kb=limit_kb, exit=done.returncode, provider_requests=requests, next_state=state)
    assert requests <= 1
    assert state in (("accepted", "unknown") if requests else ("not stored", "unknown", "failed"))


@pytest.mark.parametrize("kind", ["zero-byte", "zero-filled", "secrets.key missing"])
def test_the_relays_damaged_store_or_secrets_are_one_sentence(kind: str, tmp_path: Path, figures: Figures) -> None:
    """`centralita relay` on a data folder whose relay store is empty or zero-filled, or whose
    secrets file lost its key: one sentence, a non-zero exit, no port opened, and the empty
    store does not silently become a relay without routes."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = data_dir / "relay.sqlite3"
    if kind == "secrets.key missing":
        token = centralita(data_dir, "relay", "token")
        assert token.returncode == 0, token.stderr
        (data_dir / "secrets.key").unlink()
    else:
        store.write_bytes(b"" if kind == "zero-byte" else bytes(8192))
    before = store.read_bytes() if store.exists() else None
    line = one_clear_line(centralita(data_dir, "relay", "--listen", "127.0.0.1:0", timeout=30))
    figures.record(damage=kind, sentence=_shown(line, data_dir))
    assert ("secrets.key is missing" if kind.startswith("secrets") else "cannot be used") in line, line
    assert (store.read_bytes() if store.exists() else None) == before
    console = tmp_path / "console"  # the figures' integrity check reads a console database
    console.mkdir()
    Database.open(console).close()

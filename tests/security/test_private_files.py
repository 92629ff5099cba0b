"""The user's data and logs are theirs alone: folders 0700, the database, the relay's
database, the secrets and the log files 0600, under the usual umask 022."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from console.sandbox.cliengo_catalogue import DEMO_API_KEY, DEMO_WEBSITE
from tests.faults.conftest import Figures


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _centralita(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "console", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        preexec_fn=lambda: os.umask(0o022),
    )


def test_data_and_logs_are_owner_only(tmp_path: Path, figures: Figures) -> None:
    """A first run (new data and log folders) and a run on a default data folder left 0755
    by an older version: every folder 0700, every database, secret and log file 0600."""
    data, logs, xdg = tmp_path / "data", tmp_path / "logs", tmp_path / "xdg"
    base = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    base.pop("QT_QPA_PLATFORM", None)
    first = {**base, "CENTRALITA_DATA_DIR": str(data), "CENTRALITA_LOG_DIR": str(logs)}
    added = _centralita(
        first, "account", "add", "cliengo", "cl", "--api-key", DEMO_API_KEY, "--website-id", DEMO_WEBSITE
    )
    assert added.returncode == 0, added.stderr
    relay = _centralita(first, "relay", "--listen", "127.0.0.1:0", "token")
    assert relay.returncode == 0, relay.stderr

    # A default data folder (no --data-dir, no variable) made 0755 by an earlier version.
    old_default = xdg / "centralita"
    old_default.mkdir(parents=True, mode=0o755)
    old_default.chmod(0o755)
    default = {k: v for k, v in base.items() if k not in ("CENTRALITA_DATA_DIR", "CENTRALITA_LOG_DIR")}
    default |= {"XDG_DATA_HOME": str(xdg), "XDG_STATE_HOME": str(tmp_path / "state"), "CENTRALITA_LOG_DIR": str(logs)}
    listed = _centralita(default, "account", "list")
    assert listed.returncode == 0, listed.stderr

    folders = [data, logs, old_default]
    files = [p for folder in folders for p in folder.rglob("*") if p.is_file()]
    modes = {str(p.relative_to(tmp_path)): oct(_mode(p)) for p in [*folders, *files]}
    figures.record(files_checked=len(files), folders_checked=len(folders), modes=modes)
    assert any(p.name == "centralita.sqlite3" for p in files) and any(p.suffix == ".log" for p in files)
    assert {oct(_mode(f)) for f in folders} == {"0o700"}, modes
    assert {oct(_mode(f)) for f in files} == {"0o600"}, modes


def test_the_relay_database_and_rotated_logs_are_owner_only(tmp_path: Path) -> None:
    import logging

    from console.logging_setup import install_logging
    from console.relay.store import RelayStore, sqlite_url

    old = os.umask(0o022)
    try:
        store = RelayStore.open(sqlite_url(tmp_path / "relay.sqlite3"))
        store.add_route("t" * 43, "broadcasterbot", "")
        store.close()
        setup = install_logging(tmp_path / "logs", stderr=False, max_bytes=200, backups=2)
        try:
            for number in range(20):
                logging.getLogger("test").warning("line %d of a log that rotates", number)
        finally:
            setup.remove()
    finally:
        os.umask(old)
    relay_files = list(tmp_path.glob("relay.sqlite3*"))
    logs = list((tmp_path / "logs").iterdir())
    assert len(logs) == 3  # the log and two rotated ones
    assert {oct(_mode(p)) for p in [*relay_files, *logs]} == {"0o600"}
    assert oct(_mode(tmp_path / "logs")) == "0o700"

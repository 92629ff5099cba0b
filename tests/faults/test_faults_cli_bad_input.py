"""The command line's bad inputs: each ends in one clear line, a non-zero exit, nothing stored, nothing sent."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from console.sandbox.cliengo_catalogue import DEMO_API_KEY as CLIENGO_KEY
from console.sandbox.cliengo_catalogue import DEMO_WEBSITE
from console.sandbox.server import SandboxServer
from console.store.database import DATABASE_FILE
from tests.faults.conftest import Figures
from tests.faults.corpus import CLI_CASES
from tests.faults.test_faults_bad_input import is_clear

TABLES = ("account", "template", "message", "contact")
CASE_TIMEOUT = 30


def _centralita(data_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, CENTRALITA_DATA_DIR=str(data_dir), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [sys.executable, "-m", "console", *args], capture_output=True, env=env, timeout=CASE_TIMEOUT, stdin=subprocess.DEVNULL
    )


def _rows(data_dir: Path) -> dict[str, int]:
    connection = sqlite3.connect(f"file:{data_dir / DATABASE_FILE}?mode=ro", uri=True)
    try:
        return {table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES}
    finally:
        connection.close()


def _raw_controls(output: bytes) -> bool:
    """Control characters other than the line ends a command prints between lines."""
    return any(byte < 0x20 and byte != 0x0A or byte == 0x7F for byte in output)


def test_command_line_bad_inputs_end_in_one_clear_line(tmp_path: Path, figures: Figures) -> None:
    """Account names with escapes, bells, new lines, tabs, invalid UTF-8 or 10,000
    characters; base URLs with port 99999, a space in the host or user:pass@; region XX;
    superscript, Arabic-Indic and 1,000-digit ids; template parameters 1e30 and 10^25,
    empty or spaced variables, bodies with more placeholders than parameters; imports of
    100,000-deep JSON, /dev/zero, a FIFO and a folder; status 10^25, --limit 2^63; writing
    commands under --read-only. Each exits non-zero with one clear line, prints no raw
    control character, stores and sends nothing."""
    data_dir = tmp_path / "data"
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    fifo = tmp_path / "catalogue.json"
    os.mkfifo(fifo)
    failures: list[str] = []
    with SandboxServer() as server:
        added = _centralita(
            data_dir, "account", "add", "cliengo", "cl", "--base-url", server.base_urls["cliengo"],
            "--api-key", CLIENGO_KEY, "--website-id", DEMO_WEBSITE,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        before, sent_before = _rows(data_dir), server.sandbox.log.count()
        def run_case(args: tuple[str, ...]) -> subprocess.CompletedProcess[bytes]:
            return _centralita(data_dir, *(arg.replace("{deep}", str(deep)).replace("{fifo}", str(fifo)) for arg in args))

        with ThreadPoolExecutor(max_workers=2) as pool:  # two commands at a time: each is mostly a Python start-up
            results = list(pool.map(run_case, [args for _name, args in CLI_CASES]))
        for (name, _args), done in zip(CLI_CASES, results, strict=True):
            stderr = done.stderr.decode("utf-8", errors="replace")
            lines = stderr.strip().splitlines()
            if done.returncode == 0 or len(lines) != 1 or not lines[0].startswith("centralita: ") or not is_clear(lines[0]):
                failures.append(f"{name}: exit {done.returncode}, {stderr[-300:]!r}")
            elif _raw_controls(done.stdout + done.stderr):
                failures.append(f"{name}: printed a raw control character: {stderr[:200]!r}")
        after, sent_after = _rows(data_dir), server.sandbox.log.count()
    figures.record(
        cases=len(CLI_CASES),
        failures=len(failures),
        rows_stored_by_rejected_commands=sum(after.values()) - sum(before.values()),
        requests_for_rejected_commands=sent_after - sent_before,
    )
    assert failures == [], "\n".join(failures)
    assert after == before
    assert sent_after == sent_before


def test_an_account_saved_with_an_impossible_address_fails_in_one_line(tmp_path: Path) -> None:
    """An account an earlier version stored with port 99999 or a space in its host: `send` and
    `account test` say so in one line, and no pending message is left behind."""
    data_dir = tmp_path / "data"
    added = _centralita(data_dir, "account", "add", "cliengo", "cl", "--api-key", CLIENGO_KEY, "--website-id", DEMO_WEBSITE)
    assert added.returncode == 0, added.stderr
    for broken in ("http://127.0.0.1:99999/x", "http://exa mple.com/x"):
        connection = sqlite3.connect(data_dir / DATABASE_FILE)
        with connection:
            connection.execute("UPDATE account SET settings_json = json_set(settings_json, '$.base_url', ?)", (broken,))
        connection.close()
        for args in (("send", "cl", "+59899123456", "--template", "7", "--param", "name=Ana"), ("account", "test", "cl")):
            done = _centralita(data_dir, *args)
            lines = done.stderr.decode().strip().splitlines()
            assert done.returncode != 0 and len(lines) == 1 and "base URL" in lines[0], done.stderr[-300:]
    assert _rows(data_dir)["message"] == 0

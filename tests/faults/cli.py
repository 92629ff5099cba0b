"""The real `centralita` command in a child process, for tests across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from console.sandbox.server import SandboxServer
from tests.faults.conftest import ROOT


def environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CENTRALITA_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = str(ROOT)
    # Never the developer's keyring: the encrypted-file fallback in the data dir.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env.pop("QT_QPA_PLATFORM", None)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "console", *args]


def centralita(
    data_dir: Path,
    *args: str,
    timeout: float = 60,
    stdin: str | None = None,
    preexec_fn: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(*args),
        input=stdin,
        capture_output=True,
        text=True,
        env={**environment(data_dir), **(env or {})},
        timeout=timeout,
        cwd=ROOT,
        preexec_fn=preexec_fn,
    )


def start(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(data_dir),
        cwd=ROOT,
    )


def add_timelinesai(data_dir: Path, server: SandboxServer, name: str = "tl") -> None:
    webhook = server.root_url + server.call(server.sandbox.timelinesai.webhook_url, "demo")
    done = centralita(data_dir, "account", "add", "timelinesai", name, "--webhook-url", webhook)
    assert done.returncode == 0, done.stderr


def one_clear_line(done: subprocess.CompletedProcess[str]) -> str:
    """A refusal: non-zero exit, no traceback, one `centralita: ...` sentence on stderr."""
    assert done.returncode != 0, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr, done.stderr
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("centralita: "), done.stderr
    return lines[0]

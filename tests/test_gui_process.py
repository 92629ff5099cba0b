"""The real `centralita` GUI process: starts on the sandbox, stops cleanly on a signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from console.store.database import DATABASE_FILE


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_the_window_opens_on_the_sandbox_and_closes_on_a_signal(tmp_path: Path, stop_signal: signal.Signals) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CENTRALITA_DATA_DIR=str(tmp_path))
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    app = subprocess.Popen([sys.executable, "-m", "console"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        demo_workspace = tmp_path / "sandbox" / DATABASE_FILE
        deadline = time.monotonic() + 30
        while not (demo_workspace.exists() and (tmp_path / "sandbox" / "secrets.enc").exists()):
            assert app.poll() is None, app.stderr.read() if app.stderr else ""
            assert time.monotonic() < deadline, "the sandbox workspace never appeared"
            time.sleep(0.1)
        time.sleep(1.0)  # let the window come up and the poller start
        app.send_signal(stop_signal)
        assert app.wait(timeout=20) == 0
    finally:
        if app.poll() is None:
            app.kill()
    errors = app.stderr.read() if app.stderr else ""
    assert "Traceback" not in errors


def test_a_signal_during_start_up_still_closes_in_order(tmp_path: Path) -> None:
    """SIGTERM while the sandbox is still being opened: the opening ends, then everything closes."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CENTRALITA_DATA_DIR=str(tmp_path))
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    app = subprocess.Popen([sys.executable, "-m", "console"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "sandbox").exists():  # made at the start of opening the sandbox
            assert app.poll() is None, app.stderr.read() if app.stderr else ""
            assert time.monotonic() < deadline, "the sandbox was never opened"
            time.sleep(0.01)
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
    errors = app.stderr.read() if app.stderr else ""
    assert "Traceback" not in errors

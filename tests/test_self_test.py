"""`centralita --self-test` from source, as CI runs the packaged app: a real process,
offscreen, with the window open and every provider's simulator on loopback."""

from __future__ import annotations

import os
import subprocess
import sys

from console.domain.accounts import PROVIDER_TITLES


def _self_test(*options: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    return subprocess.run(
        [sys.executable, "-m", "console", "--self-test", *options], env=env, capture_output=True, text=True, timeout=120
    )


def _provider_lines(stdout: str) -> dict[str, str]:
    lines = stdout.splitlines()
    return {title: next((line for line in lines if f"  {title}  " in line), "") for title in PROVIDER_TITLES.values()}


def test_the_self_test_sends_through_every_provider_and_exits_0() -> None:
    done = _self_test()
    assert done.returncode == 0, done.stdout + done.stderr
    lines = _provider_lines(done.stdout)
    assert all(line.startswith("PASS") and line.endswith(" s") for line in lines.values()), done.stdout
    assert "read" in lines["Hey Now"] and "read" in lines["Concepto Móvil Broadcasterbot"]  # providers that report it
    assert "accepted" in lines["Cliengo"] and "accepted" in lines["TimelinesAI"]  # the last state they tell
    assert "bot answered" in lines["Chattigo ISV"]
    assert "Traceback" not in done.stderr


def test_a_provider_that_does_not_answer_in_time_fails_the_self_test() -> None:
    done = _self_test("--timeout", "0")
    assert done.returncode == 1, done.stdout + done.stderr
    lines = _provider_lines(done.stdout)
    assert all(line.startswith("FAIL") and "no answer within 0 s" in line for line in lines.values()), done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith("Self-test FAILED")

"""The command line as a script would use it: real processes, real loopback HTTP."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxServer
from tests.conftest import DEMO_PLATFORM


def _environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CENTRALITA_DATA_DIR"] = str(data_dir)
    # Never touch the developer's real keyring: use the encrypted-file fallback.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env.pop("QT_QPA_PLATFORM", None)
    # English whatever the developer's locale: these tests read the English texts.
    for variable in ("LC_ALL", "LC_MESSAGES"):
        env.pop(variable, None)
    env["LANG"] = "C.UTF-8"
    return env


def centralita(
    data_dir: Path, *args: str, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "console", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_environment(data_dir),
        timeout=timeout,
    )


def _add_account(data_dir: Path, server: SandboxServer, name: str = "hn", password: str = "demo") -> None:
    done = centralita(
        data_dir,
        "account",
        "add",
        "heynow",
        name,
        "--base-url",
        server.base_urls["heynow"],
        "--username",
        "demo",
        "--password",
        "-",
        "--platform-id",
        DEMO_PLATFORM,
        stdin=password + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert "encrypted file" in done.stdout  # says honestly where the secret went


def _assert_one_clear_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("centralita: ")
    return lines[0]


def test_the_cli_never_loads_qt(tmp_path: Path) -> None:
    probe = (
        "import sys, console.entry; console.entry.main(['account', 'list']); "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=_environment(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("False")


def test_add_list_test_sync_send_and_follow_to_read(tmp_path: Path, sandbox: SandboxServer) -> None:
    _add_account(tmp_path, sandbox)
    listed = json.loads(centralita(tmp_path, "account", "list", "--json").stdout)
    assert [(a["name"], a["provider"]) for a in listed] == [("hn", "heynow")]
    assert "password" not in json.dumps(listed)

    tested = centralita(tmp_path, "account", "test", "hn")
    assert tested.returncode == 0 and "connected" in tested.stdout

    synced = centralita(tmp_path, "agenda", "sync", "hn")
    assert synced.returncode == 0, synced.stderr
    assert "200 contacts" in synced.stdout
    assert "warning" not in synced.stderr
    unreadable = Fault(FaultKind.VARIANT, times=1, variant="unreadable_contact")
    sandbox.call(sandbox.sandbox.faults.add, "heynow", "agenda", unreadable)
    partly = centralita(tmp_path, "agenda", "sync", "hn")
    assert partly.returncode == 0 and "200 contacts" in partly.stdout
    assert partly.stderr.startswith("centralita: warning: 1 contact of the agenda could not be read and was left out")
    agenda = json.loads(centralita(tmp_path, "agenda", "list", "hn", "--json", "--limit", "5").stdout)
    assert agenda["total"] == 200 and len(agenda["contacts"]) == 5

    to = agenda["contacts"][0]["phone"]
    sent = centralita(tmp_path, "send", "hn", to, "--text", "Hola desde la consola", "--json")
    assert sent.returncode == 0, sent.stderr
    message = json.loads(sent.stdout)
    assert message["state"] == "accepted" and message["raw_state"] == "?"
    assert message["provider_message_id"]

    followed = centralita(tmp_path, "status", str(message["id"]), "--poll", "--json")
    assert followed.returncode == 0, followed.stderr
    status = json.loads(followed.stdout)
    assert status["state"] == "read"
    states = [e["state"] for e in status["events"]]
    assert states[:2] == ["pending", "accepted"] and states[-1] == "read"
    assert {e["source"] for e in status["events"]} == {"local", "response", "poll"}
    assert sandbox.sandbox.log.count("heynow", "send") == 1


def test_failures_are_one_clear_line(tmp_path: Path, sandbox: SandboxServer) -> None:
    _add_account(tmp_path, sandbox, password="wrong")
    line = _assert_one_clear_line(centralita(tmp_path, "account", "test", "hn"))
    assert "refused the user name or password" in line
    assert "wrong" not in line  # the secret itself never appears

    assert "no account named 'nobody'" in _assert_one_clear_line(
        centralita(tmp_path, "send", "nobody", "59899123456", "--text", "x")
    )
    assert "phone" in _assert_one_clear_line(centralita(tmp_path, "send", "hn", "12", "--text", "x"))
    assert "there is no message 999" in _assert_one_clear_line(centralita(tmp_path, "status", "999"))
    duplicate = centralita(
        tmp_path,
        "account",
        "add",
        "heynow",
        "hn",
        "--base-url",
        "http://127.0.0.1:1",
        "--username",
        "u",
        "--password",
        "p",
        "--platform-id",
        "1",
    )
    assert "already exists" in _assert_one_clear_line(duplicate)
    assert sandbox.sandbox.log.count("heynow", "send") == 0


def test_a_refused_send_prints_its_state_and_reason(tmp_path: Path, sandbox: SandboxServer) -> None:
    _add_account(tmp_path, sandbox)
    done = centralita(tmp_path, "send", "hn", "59899123456", "--text", "Hola", "--json")
    assert done.returncode == 1
    assert json.loads(done.stdout)["state"] == "failed"
    assert "never written to this channel" in done.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_sandbox_serve_prints_its_urls_and_serves_the_flow(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "console",
            "sandbox",
            "serve",
            "--listen",
            f"127.0.0.1:{port}",
            "--status-delays",
            "0.2,0.4,0.6",
            "--always-read",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=_environment(tmp_path),
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        match = re.search(r"heynow\s+(http://127\.0\.0\.1:\d+/heynow/api)", first)
        assert match, first
        base = match.group(1)
        data = tmp_path / "console"
        added = centralita(
            data,
            "account",
            "add",
            "heynow",
            "hn",
            "--base-url",
            base,
            "--username",
            "demo",
            "--password",
            "demo",
            "--platform-id",
            DEMO_PLATFORM,
        )
        assert added.returncode == 0, added.stderr
        assert centralita(data, "agenda", "sync", "hn").returncode == 0
        to = json.loads(centralita(data, "agenda", "list", "hn", "--json", "--limit", "1").stdout)[
            "contacts"
        ][0]["phone"]
        sent = json.loads(centralita(data, "send", "hn", to, "--text", "Hola", "--json").stdout)
        status = json.loads(centralita(data, "status", str(sent["id"]), "--poll", "--json").stdout)
        assert status["state"] == "read"
    finally:
        server.terminate()
        assert server.wait(timeout=10) == 0


def test_sandbox_serve_refuses_other_addresses(tmp_path: Path) -> None:
    done = centralita(tmp_path, "sandbox", "serve", "--listen", "0.0.0.0:8999", timeout=20)
    line = _assert_one_clear_line(done)
    assert "only listens on this computer" in line

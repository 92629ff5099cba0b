"""What the window's inbox shows, a script can read: `centralita follow` prints changes as
the sandbox pushes them through a relay, `inbox` and `search` read them back. Real processes."""

from __future__ import annotations

import argparse
import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from console.cli import inbox as cli_inbox
from console.cli.follow import READY
from console.domain.accounts import ProviderKind
from console.domain.phones import parse_phone
from console.relay.process import RelayProcess
from console.relay.tokens import RELAY_TOKEN_ENV
from console.sandbox.broadcasterbot import DEMO_API_KEY
from console.sandbox.server import SandboxServer
from console.services.message_search import MessageSearch
from console.store.types import utcnow
from tests.conftest import open_workspace, run_core
from tests.test_cli import _environment, centralita
from tests.test_relay import NO_KEYRING

CUSTOMER = "+52 55 4433 2211"
TOKEN = "t" * 40


class Follower:
    """`centralita follow` running; its standard output read line by line as it comes."""

    def __init__(self, data_dir: Path, *options: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "console", "follow", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_environment(data_dir),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.ready = self.process.stderr.readline()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, wanted: Callable[[str], bool], timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if wanted(line):
                return line
        raise AssertionError(f"not printed within {timeout} s; printed: {self.seen}")

    def stop(self, how: signal.Signals) -> tuple[int, str]:
        self.process.send_signal(how)
        code = self.process.wait(30)
        assert self.process.stderr is not None
        return code, self.process.stderr.read()


def _json_lines(kind: str, **fields: object) -> Callable[[str], bool]:
    def wanted(line: str) -> bool:
        change = json.loads(line)
        return change["type"] == kind and all(change.get(key) == value for key, value in fields.items())

    return wanted


def _run(data_dir: Path, *args: str, stdin: str | None = None) -> str:
    done = centralita(data_dir, *args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_follow_prints_what_the_sandbox_pushes_and_inbox_shows_it(tmp_path: Path, sandbox: SandboxServer) -> None:
    console_dir, relay_dir = tmp_path / "console", tmp_path / "relay"
    console_dir.mkdir()
    relay_dir.mkdir()
    adding = ("account", "add", "broadcasterbot", "bb", "--base-url", sandbox.base_urls["broadcasterbot"], "--api-key", "-")
    _run(console_dir, *adding, stdin=DEMO_API_KEY + "\n")
    _run(console_dir, "contact", "register", "bb", CUSTOMER)
    with RelayProcess(relay_dir, env={**NO_KEYRING, RELAY_TOKEN_ENV: TOKEN}) as relay:
        connecting = ("account", "callbacks", "bb", "--team-relay", relay.root_url, "--events-token", "-")
        printed = _run(console_dir, *connecting, stdin=TOKEN + "\n")
        sandbox.call(sandbox.sandbox.broadcasterbot.set_callback_url, DEMO_API_KEY, printed.strip().splitlines()[-1])

        follower = Follower(console_dir, "--json")
        try:
            assert follower.ready.startswith(READY) and "callbacks from" in follower.ready
            sent = json.loads(_run(console_dir, "send", "bb", CUSTOMER, "--template", "bienvenida", "--param", "Ana", "--json"))
            sandbox.call(sandbox.sandbox.broadcasterbot.advance, 3600)  # the provider reports the template's way to read
            read = json.loads(follower.wait_for(_json_lines("message", id=sent["id"], state="read")))
            sandbox.call(sandbox.sandbox.broadcasterbot.customer_replies, "5544332211", "MX", "Hola, ¿mi pedido?")
            customer = json.loads(follower.wait_for(_json_lines("message", direction="in")))
            row = json.loads(follower.wait_for(_json_lines("conversation", unread=1)))
        finally:
            code, errors = follower.stop(signal.SIGTERM)
        assert code == 0 and "Traceback" not in errors, errors
        states = [json.loads(line)["state"] for line in follower.seen if json.loads(line).get("id") == sent["id"]]
        assert states[-1] == "read" and "delivered" in states  # each state as it landed
        assert (read["account"], read["contact"], read["direction"], read["kind"]) == ("bb", "525544332211", "out", "template")
        assert customer["text"] == "Hola, ¿mi pedido?" and customer["conversation_id"] == read["conversation_id"]
        assert (row["waiting"], row["summary"], row["window_open"]) == (True, "Hola, ¿mi pedido?", True)

        # A second run goes on from the relay's cursor: only what is new is printed.
        again = Follower(console_dir)
        try:
            sandbox.call(sandbox.sandbox.broadcasterbot.customer_replies, "5544332211", "MX", "¿Sigue en camino?")
            line = again.wait_for(lambda line: line.startswith("message") and "¿Sigue en camino?" in line)
            again.wait_for(lambda line: line.startswith("conversation") and "2 unread" in line)
        finally:
            code, errors = again.stop(signal.SIGINT)
        assert code == 0 and "Traceback" not in errors, errors
        assert not any("Hola, ¿mi pedido?" in seen for seen in again.seen)
        assert line.split("\t")[1:4] == ["in", "delivered", "bb"]

    listed = json.loads(_run(console_dir, "inbox", "--json"))
    assert listed["total"] == 1 and listed["unread"] == {"conversations": 1, "messages": 2}
    [conversation] = listed["conversations"]
    assert (conversation["account"], conversation["contact"], conversation["unread"]) == ("bb", "525544332211", 2)
    assert conversation["summary"] == "¿Sigue en camino?" and conversation["waiting"]
    assert json.loads(_run(console_dir, "inbox", "--unread", "--waiting", "--account", "bb", "--json"))["total"] == 1
    found = json.loads(_run(console_dir, "search", "PEDIDO", "--json"))
    assert [(hit["snippet"], hit["direction"], hit["conversation_id"]) for hit in found] == [
        ("Hola, ¿mi pedido?", "in", conversation["conversation_id"])
    ]


def test_inbox_and_search_as_lines_with_filters(tmp_path: Path) -> None:
    async def written() -> None:
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "Ventas MX", ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9", "api_key": "k"}
            )
            other = await workspace.accounts.add_account(
                "Soporte", ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9", "api_key": "k"}
            )
            customer = parse_phone(CUSTOMER)
            first = await workspace.inbound.record(account, customer, "Necesito la factura", "in-1", utcnow(), name="Lucía")
            await workspace.inbound.record(other, parse_phone("+52 55 4433 2299"), "Gracias, todo bien", "in-2", utcnow())
            assert first is not None
            row = await workspace.inbox.row(first.conversation_id)
            assert row is not None
            await workspace.contact_notes.add_label(row.contact_id, "VIP")
            await workspace.conversations.mark_read(first.conversation_id)

    run_core(written())
    lines = _run(tmp_path, "inbox").splitlines()
    assert [line.split("\t")[2:4] for line in lines] == [["Soporte", "525544332299"], ["Ventas MX", "Lucía"]]
    assert re.fullmatch(r"1 unread, waiting, 23 h \d+ min", lines[0].split("\t")[4])
    assert lines[1].endswith("Necesito la factura\t#VIP")
    assert [line.split("\t")[3] for line in _run(tmp_path, "inbox", "--unread").splitlines()] == ["525544332299"]
    assert _run(tmp_path, "inbox", "--resolved") == ""
    assert [line.split("\t")[3] for line in _run(tmp_path, "inbox", "--label", "VIP").splitlines()] == ["Lucía"]
    [hit] = _run(tmp_path, "search", "factura", "--account", "Ventas MX").splitlines()
    assert hit.split("\t")[1:] == ["Ventas MX", "Lucía", "message 1", "Necesito la [factura]"]
    nothing = centralita(tmp_path, "search", "factura", "--account", "Soporte")
    assert nothing.returncode == 0 and nothing.stdout == "" and "no message contains 'factura'" in nothing.stderr
    refused = centralita(tmp_path, "search", "fa")
    assert refused.returncode == 1
    assert refused.stderr.strip() == "centralita: search: type at least 3 characters to search every conversation"
    unknown = centralita(tmp_path, "inbox", "--account", "Nadie")
    assert unknown.returncode == 1 and "There is no account named 'Nadie'" in unknown.stderr


def test_search_goes_on_past_pages_that_end_short_before_the_oldest_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each page reads only a few candidates, so pages come back short or empty while older
    matches may follow: the command asks on until it has `--limit` hits or the end."""
    phrase = "envio retiro envio retiro envio"

    async def scenario() -> tuple[list[int], list[str], list[str]]:
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "bb", ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9", "api_key": "k"}
            )
            ids = []
            for n, body in enumerate([phrase, phrase, *[f"Envío retiro envío {n}" for n in range(12)]]):
                stored = await workspace.inbound.record(account, parse_phone(f"+52 55 4433 {2200 + n}"), body, f"m-{n}", utcnow())
                assert stored is not None
                ids.append(stored.id)
            workspace.message_search = MessageSearch(workspace.db, candidates=4)
            printed = []
            for limit in (50, 1):
                options = argparse.Namespace(text=phrase, account=None, limit=limit, json=False)
                assert await cli_inbox.search(options, workspace) == 0
                printed.append(capsys.readouterr())
            return ids, [out.out for out in printed], [out.err for out in printed]

    ids, out, err = run_core(scenario())
    assert [line.split("\t")[3] for line in out[0].splitlines()] == [f"message {ids[1]}", f"message {ids[0]}"]
    assert err[0] == ""
    assert [line.split("\t")[3] for line in out[1].splitlines()] == [f"message {ids[1]}"]
    assert err[1] == "... older messages may contain it too (use --limit)\n"

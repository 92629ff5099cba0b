"""Out of file descriptors, a server's failed accepts are one log line and a count, not a
traceback each (the relay wrote 510,126 of them in one such minute)."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import socket
import time
from pathlib import Path

import pytest

from console.net.accept_errors import quiet_accept_errors
from tests.faults.conftest import Figures
from tests.security.limited_relay import limited_relay, post, request

FAILED_ACCEPTS = 10_000


def test_ten_thousand_failed_accepts_are_one_log_line(caplog: pytest.LogCaptureFixture) -> None:
    loop = asyncio.new_event_loop()
    try:
        quiet_accept_errors(loop, logging.getLogger("console.relay"))
        error = OSError(errno.EMFILE, "Too many open files")
        for _ in range(FAILED_ACCEPTS):  # what asyncio's selector loop reports on each failed accept
            loop.call_exception_handler(
                {"message": "socket.accept() out of system resource", "exception": error, "socket": None}
            )
        loop.call_exception_handler({"message": "something else went wrong"})  # still reported as before
    finally:
        loop.close()
    accept_lines = [r for r in caplog.records if "Cannot accept connections" in r.getMessage()]
    assert len(accept_lines) == 1 and accept_lines[0].exc_info is None
    assert "Too many open files" in accept_lines[0].getMessage()
    assert any("something else went wrong" in r.getMessage() for r in caplog.records)


RELAY_OPEN_FILES = 24  # the relay needs about 11 of them before its first connection
CONNECTIONS_BEYOND_LIMIT = 40
HELD_SECONDS = 3.5  # asyncio retries a failed accept every second: several failures, one line


@pytest.mark.slow
def test_a_relay_out_of_open_files_logs_one_line_and_answers_once_connections_close(
    tmp_path: Path, figures: Figures
) -> None:
    """A real relay process limited to 24 open files, offered 40 idle connections from loopback
    for 3.5 s: its failed accepts are one log line with a count and no traceback, and once
    the connections close a real callback is answered 200."""
    idle: list[socket.socket] = []
    with limited_relay(tmp_path, RELAY_OPEN_FILES) as relay:
        address, callback = relay.address, relay.callback
        try:
            for number in range(CONNECTIONS_BEYOND_LIMIT):  # one peer each, so no per-peer cap frees a descriptor
                idle.append(socket.create_connection(address, timeout=5, source_address=(f"127.0.1.{number + 1}", 0)))
            time.sleep(HELD_SECONDS)
            for sock in idle:
                sock.close()
            idle.clear()

            body = json.dumps({"statuses": [{"messageId": "m-1", "state": "delivered"}]}).encode()
            deadline = time.monotonic() + 10
            answer = b""
            while time.monotonic() < deadline and not answer.startswith(b"HTTP/1.1 200"):
                time.sleep(0.2)
                with contextlib.suppress(OSError):
                    answer = request(address, post(callback, body))
        finally:
            for sock in idle:
                sock.close()
    log_lines = relay.log_lines()
    accept_lines = [line for line in log_lines if "Cannot accept connections" in line]
    figures.record(
        relay_open_file_limit=RELAY_OPEN_FILES,
        idle_connections_offered=CONNECTIONS_BEYOND_LIMIT,
        held_seconds=HELD_SECONDS,
        accept_error_log_lines=len(accept_lines),
        relay_log_lines=len(log_lines),
        callback_answer_after=answer.split(b"\r\n", 1)[0].decode(errors="replace"),
    )
    assert len(accept_lines) == 1 and "time(s) so far" in accept_lines[0], log_lines[:20]
    assert not any("Traceback" in line for line in log_lines), log_lines[:20]
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]

"""The relay alone as a public endpoint, under 1,000 slow and half-sent connections, in a process
with systemd's default open-file limit (1,024): real callbacks are still answered within a
second, the half-sent requests are closed after the timeouts, the log stays a few lines.

Loopback only, bounded: 1,000 connections from 127.0.0.2-5, 20 callbacks from 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from console.relay.app import BODY_TIMEOUT, HEADER_TIMEOUT
from tests.faults.conftest import Figures
from tests.security.limited_relay import limited_relay, post, request

OPEN_FILES = 1024  # systemd's default LimitNOFILE
SLOW_CONNECTIONS = 1000
ATTACKERS = ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")
REAL_CALLBACKS = 20
HALF_SENT = b"POST /callbacks/broadcasterbot/" + b"x" * 43 + b" HTTP/1.1\r\nHost: relay\r\nContent-Le"


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        sock.setblocking(False)
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


@pytest.mark.slow
def test_relay_holds_1000_slow_connections_and_answers_real_callbacks(tmp_path: Path, figures: Figures) -> None:
    """1,000 half-sent requests from four loopback addresses against a relay limited to 1,024
    open files: 20 real callbacks answered within 1 s each, the half-sent closed after the
    header timeout, a stalled body answered 408 after the body timeout, a few log lines."""
    slow: list[socket.socket] = []
    with limited_relay(tmp_path, OPEN_FILES) as relay:
        address, callback = relay.address, relay.callback
        try:
            started = time.monotonic()
            for number in range(SLOW_CONNECTIONS):
                sock = socket.create_connection(address, timeout=5, source_address=(ATTACKERS[number % len(ATTACKERS)], 0))
                sock.sendall(HALF_SENT)
                slow.append(sock)
            opened_in = time.monotonic() - started
            stalled_body = socket.create_connection(address, timeout=5, source_address=("127.0.0.1", 0))
            stalled_body.sendall(post(callback, b"x" * 100)[:-90])
            body_stalled_at = time.monotonic()

            latencies: list[float] = []
            for number in range(REAL_CALLBACKS):
                body = json.dumps({"statuses": [{"messageId": f"m-{number}", "state": "delivered"}]}).encode()
                sent = time.monotonic()
                answer = request(address, post(callback, body))
                latencies.append(time.monotonic() - sent)
                assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
                time.sleep(0.1)

            time.sleep(max(0.0, started + HEADER_TIMEOUT + 2 - time.monotonic()))
            closed = sum(_closed_by_server(sock) for sock in slow)
            stalled_body.settimeout(max(1.0, body_stalled_at + BODY_TIMEOUT + 5 - time.monotonic()))
            stalled_answer = stalled_body.recv(4096)
            stalled_body.close()
        finally:
            for sock in slow:
                sock.close()
    log_lines = relay.log_lines()
    figures.record(
        open_file_limit=OPEN_FILES,
        slow_connections=SLOW_CONNECTIONS,
        opened_in_seconds=round(opened_in, 2),
        real_callbacks_answered=len(latencies),
        slowest_real_callback_seconds=round(max(latencies), 3),
        half_sent_closed_after_header_timeout=closed,
        header_timeout_seconds=HEADER_TIMEOUT,
        body_timeout_seconds=BODY_TIMEOUT,
        stalled_body_answer=stalled_answer.split(b"\r\n", 1)[0].decode(errors="replace"),
        relay_log_lines=len(log_lines),
    )
    assert len(latencies) == REAL_CALLBACKS and max(latencies) < 1.0
    assert closed == SLOW_CONNECTIONS
    assert stalled_answer.startswith(b"HTTP/1.1 408")
    assert len(log_lines) < 20 and not any("Traceback" in line for line in log_lines), log_lines[:20]

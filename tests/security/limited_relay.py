"""A real `centralita relay` process with a limited number of open files, and raw HTTP to it:
for the tests of what a public endpoint must hold."""

from __future__ import annotations

import json
import os
import resource
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from console.relay.process import READY_PREFIX
from console.store.secrets import EncryptedFileSecrets


@dataclass(frozen=True, slots=True)
class LimitedRelay:
    address: tuple[str, int]
    callback: str  # the path of a Broadcasterbot route registered on it
    stderr_path: Path  # what it logged

    def log_lines(self) -> list[str]:
        return self.stderr_path.read_text(errors="replace").splitlines()


def request(address: tuple[str, int], data: bytes, timeout: float = 5.0) -> bytes:
    with socket.create_connection(address, timeout=timeout, source_address=("127.0.0.1", 0)) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def post(path: str, body: bytes, headers: str = "") -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: relay\r\nContent-Length: {len(body)}\r\nConnection: close\r\n{headers}\r\n"
    return head.encode() + body


@contextmanager
def limited_relay(data_dir: Path, open_files: int) -> Iterator[LimitedRelay]:
    """The relay on a free loopback port, allowed `open_files` descriptors, with one route;
    terminated on exit."""
    token = secrets.token_urlsafe(32)
    EncryptedFileSecrets(data_dir).set("relay", "events_token", token)
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    command = [sys.executable, "-m", "console.cli.relay", "--data-dir", str(data_dir), "relay", "--listen", "127.0.0.1:0"]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

    stderr_path = data_dir / "relay.stderr"
    with stderr_path.open("wb") as stderr:
        relay = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, env=env, preexec_fn=limit)
    try:
        assert relay.stdout is not None
        line = relay.stdout.readline().decode()
        assert line.startswith(READY_PREFIX), line
        parts = urlsplit(line[len(READY_PREFIX) :].strip())
        address = (parts.hostname or "", parts.port or 0)
        auth = f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        route = request(address, post("/routes", b'{"provider": "broadcasterbot"}', auth))
        callback = json.loads(route.split(b"\r\n\r\n", 1)[1])["callback_path"]
        yield LimitedRelay(address, callback, stderr_path)
    finally:
        relay.terminate()
        relay.wait(15)
        if relay.stdout is not None:
            relay.stdout.close()

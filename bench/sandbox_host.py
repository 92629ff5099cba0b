"""The sandbox in a process of its own, so the client under test and the server do not
share one interpreter (and one GIL).

    .venv/bin/python bench/sandbox_host.py [--agenda 100000]

Prints `{"root": URL, "heynow": URL}` as one JSON line once it serves, then runs until
its standard input closes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import IO

from console.sandbox.heynow import HeyNowSandboxConfig
from console.sandbox.server import SandboxServer

# Statuses far in the future: every poll answers "?" and no message ever leaves the poll schedule.
STILL = HeyNowSandboxConfig(status_delays=(3600.0, 7200.0, 10800.0), never_read_ratio=0.0, stuck_ratio=0.0)


class SandboxHost:
    """Starts `sandbox_host.py` and stops it on exit."""

    def __init__(self, agenda: int = 200) -> None:
        self._agenda = agenda
        self._process: subprocess.Popen[str] | None = None
        self.urls: dict[str, str] = {}

    def __enter__(self) -> SandboxHost:
        self._process = subprocess.Popen(
            [sys.executable, str(Path(__file__)), "--agenda", str(self._agenda)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the sandbox host did not start")
        self.urls = json.loads(line)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait(timeout=30)


def serve(agenda: int, stdin: IO[str]) -> None:
    with SandboxServer(dataclasses.replace(STILL, agenda_size=agenda)) as server:
        print(json.dumps({"root": server.root_url, "heynow": server.base_urls["heynow"]}), flush=True)
        stdin.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agenda", type=int, default=200, help="contacts in the demo channel's agenda")
    serve(parser.parse_args().agenda, sys.stdin)


if __name__ == "__main__":
    main()

"""A standalone relay in a child process (`python -m console.cli.relay`), for a console that
runs the team relay on its own machine, and for tests and benchmarks that must kill it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import Self

__all__ = ["RelayProcess"]

READY_PREFIX = "relay listening on "


class RelayProcess:
    module, command, ready_prefix = "console.cli.relay", "relay", READY_PREFIX

    def __init__(
        self, data_dir: Path, database_url: str | None = None, listen: str = "127.0.0.1:0", env: dict[str, str] | None = None
    ) -> None:
        # A packaged Centralita is one executable whose command line takes the same command.
        program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", self.module]
        self._command = [*program, "--data-dir", str(data_dir), self.command, "--listen", listen]
        if database_url:
            self._command += ["--database-url", database_url]
        # The child's first line is read by this program, not by a person: its words stay in the
        # source language whatever the agent's (a Spanish window starting the team trial).
        source_language = dict.fromkeys(("LC_ALL", "LC_MESSAGES", "LANG"), "C.UTF-8")
        self._env = {**os.environ, **(env or {}), **source_language}
        self._process: subprocess.Popen[str] | None = None
        self.root_url = ""

    @property
    def pid(self) -> int | None:
        """The child's process id once started (a team server's send worker is named after it)."""
        return None if self._process is None else self._process.pid

    def start(self) -> Self:
        """Start the child and return once it answers callbacks (its first output line says where)."""
        process = subprocess.Popen(self._command, stdout=subprocess.PIPE, text=True, env=self._env)
        self._process = process
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith(self.ready_prefix):
            self.kill()
            raise RuntimeError(f"The {self.command} did not start (exit code {process.returncode}).")
        self.root_url = line[len(self.ready_prefix) :].strip()
        return self

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything, as in a crash."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._close_pipe()

    def stop(self, timeout: float = 10) -> int | None:
        """SIGTERM, the graceful stop; SIGKILL if it does not end in time."""
        if self._process is None:
            return None
        self._process.terminate()
        try:
            code = self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            code = self._process.wait()
        self._close_pipe()
        return code

    def _close_pipe(self) -> None:
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()

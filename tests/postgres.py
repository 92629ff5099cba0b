"""A throwaway PostgreSQL cluster in a temporary directory, from the Debian `postgresql` package's
binaries: the tests' fixture (`tests/test_relay.postgres_cluster`) and `bench/team_load.py` start
it the same way. Every local connection is trusted, as user `relay`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cluster", "PostgresUnavailable", "ThrowawayCluster", "free_port"]


class PostgresUnavailable(Exception):
    """What is missing to start a cluster here (its text completes "PostgreSQL needs …")."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    found_versions = Path("/usr/lib/postgresql").glob("*/bin/initdb")
    versions = sorted((p for p in found_versions if p.parent.parent.name.isdigit()), key=lambda p: int(p.parent.parent.name))
    return versions[-1].parent if versions else None


@dataclass
class Cluster:
    host: str
    port: int

    def new_database(self) -> str:
        """A fresh database: each test (or benchmark run) starts from an empty store."""
        import psycopg

        name = f"relay_{secrets.token_hex(6)}"
        with psycopg.connect(host=self.host, port=self.port, user="relay", dbname="postgres", autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return f"postgresql+psycopg://relay@{self.host}:{self.port}/{name}"


class ThrowawayCluster:
    """`start` makes and starts the cluster (`PostgresUnavailable` when it cannot); `stop` stops it and removes it."""

    def __init__(self) -> None:
        self._folder: Path | None = None
        self._pg_ctl: list[str] = []

    def start(self) -> Cluster:
        binaries = postgres_bin()
        if binaries is None:
            raise PostgresUnavailable("initdb and pg_ctl")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise PostgresUnavailable("the psycopg driver") from None
        as_user: list[str] = []
        folder = self._folder = Path(tempfile.mkdtemp(prefix="relay-pg-"))
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # initdb refuses root
            import pwd

            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable("an unprivileged 'postgres' user to run the server as root") from None
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            as_user = ["runuser", "-u", "postgres", "--"]
        data, port = folder / "data", free_port()
        self._pg_ctl = [*as_user, str(binaries / "pg_ctl"), "-D", str(data)]
        initdb = [*as_user, str(binaries / "initdb"), "-D", str(data), "-U", "relay", "-A", "trust", "-E", "UTF8", "--no-locale"]
        subprocess.run(initdb, check=True, capture_output=True)
        options = f"-h 127.0.0.1 -p {port} -k {folder}"
        start = [*self._pg_ctl, "-l", str(folder / "log"), "-w", "-t", "30", "-o", options, "start"]
        subprocess.run(start, check=True, capture_output=True)
        return Cluster("127.0.0.1", port)

    def stop(self) -> None:
        if self._pg_ctl:
            subprocess.run([*self._pg_ctl, "-m", "immediate", "-w", "stop"], capture_output=True)
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

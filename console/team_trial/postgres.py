"""A PostgreSQL cluster of our own on this computer, run from an installed PostgreSQL's binaries.

Debian's `postgresql` package keeps `initdb` and `pg_ctl` in /usr/lib/postgresql/VERSION/bin,
outside PATH; `$CENTRALITA_POSTGRES_BIN` names another folder (and then only that one is
looked at). `initdb` makes the cluster once in a folder, `pg_ctl` starts it listening on
127.0.0.1 only, on a free port, with no Unix socket, and stops it. Trying team mode keeps
one in the user's data folder (`LocalCluster.kept_in`), reached with a password of its own;
the tests and `bench/team_load.py` make a throwaway one that trusts every local connection.

PostgreSQL refuses to run as root: as root the cluster runs as the `postgres` user in a
temporary folder that user can reach (root's data folder is closed to it), removed on `stop`.
Blocking calls: run them off an event loop.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from console.domain.notices import NoticeError, Wording
from console.private_files import private_dir

if TYPE_CHECKING:
    import pwd

__all__ = [
    "NO_POSTGRES",
    "POSTGRES_BIN_ENV",
    "ClusterAddress",
    "LocalCluster",
    "PostgresMissing",
    "free_port",
    "postgres_binaries",
]

POSTGRES_BIN_ENV = "CENTRALITA_POSTGRES_BIN"
TOOLS = ("initdb", "pg_ctl")
DEBIAN_VERSIONS = Path("/usr/lib/postgresql")
START_SECONDS = 30

NO_POSTGRES = Wording(
    "team_trial.no_postgres",
    "Trying team mode needs PostgreSQL on this computer and none was found: install it "
    "(on Debian or Ubuntu: sudo apt install postgresql) and try again.",
)
NO_POSTGRES_USER = Wording(
    "team_trial.no_postgres_user",
    "PostgreSQL does not run as root and this computer has no 'postgres' user to run it as: run Centralita as your own user.",
)
CLUSTER_FAILED = Wording("team_trial.cluster_failed", "PostgreSQL did not start ({step}); its log is in {folder}.")


class PostgresMissing(NoticeError):
    """No PostgreSQL to run here; the notice says what to install."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _has_tools(folder: Path) -> bool:
    return all((folder / tool).is_file() and os.access(folder / tool, os.X_OK) for tool in TOOLS)


def postgres_binaries(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The folder of `initdb` and `pg_ctl`: `$CENTRALITA_POSTGRES_BIN`, else PATH's, else Debian's newest."""
    chosen = environ.get(POSTGRES_BIN_ENV)
    if chosen is not None:
        folder = Path(chosen).expanduser()
        return folder if _has_tools(folder) else None
    found = shutil.which("initdb", path=environ.get("PATH"))
    if found and _has_tools(Path(found).resolve().parent):
        return Path(found).resolve().parent
    versions = sorted(
        (p.parent for p in DEBIAN_VERSIONS.glob("*/bin/initdb") if p.parent.parent.name.isdigit()),
        key=lambda folder: int(folder.parent.name),
    )
    return next((folder for folder in reversed(versions) if _has_tools(folder)), None)


@dataclass(frozen=True, slots=True)
class ClusterAddress:
    host: str
    port: int
    user: str
    password: str | None  # None: the cluster trusts local connections

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of `database` (carrying the password: keep it out of command lines)."""
        secret = "" if self.password is None else ":" + quote(self.password, safe="")
        return f"postgresql+psycopg://{self.user}{secret}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str, *, fresh: bool = False) -> str:
        """Make database `name` (`fresh`: dropped first, with its connections) and return its URL."""
        import psycopg

        with psycopg.connect(
            host=self.host, port=self.port, user=self.user, password=self.password, dbname="postgres", autocommit=True
        ) as connection:
            if fresh:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


class LocalCluster:
    """`start` makes the cluster when its folder has none, starts it and says where it listens
    (`PostgresMissing` or a `NoticeError` when it cannot); `stop` stops it (and removes a throwaway one)."""

    def __init__(self, folder: Path | None, *, user: str) -> None:
        self._kept = folder  # None: a temporary folder trusting local connections, removed on stop
        self._user = user
        self._password: str | None = None
        self._folder: Path | None = None
        self._pg_ctl: list[str] = []
        self._throwaway = False

    @classmethod
    def kept_in(cls, folder: Path) -> LocalCluster:
        """The cluster in `folder` (owner-only), made on the first start and kept, reached with
        a password kept beside it (`folder`/password, owner-only). Nothing is made before `start`."""
        return cls(folder, user="centralita")

    @classmethod
    def throwaway(cls, user: str = "relay") -> LocalCluster:
        """A cluster in a temporary folder that trusts every local connection (tests, benchmarks)."""
        return cls(None, user=user)

    def _kept_password(self, folder: Path) -> str:
        private_dir(folder, tighten=True)
        password_file = folder / "password"
        if not password_file.exists():
            descriptor = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as written:
                written.write(secrets.token_urlsafe(24))
        return password_file.read_text().strip()

    @property
    def folder(self) -> Path | None:
        """Where the cluster's files are, once started."""
        return self._folder

    def start(self) -> ClusterAddress:
        binaries = postgres_binaries()
        if binaries is None:
            raise PostgresMissing(NO_POSTGRES())
        as_user = self._unprivileged()
        self._password = None if self._kept is None else self._kept_password(self._kept)
        if as_user or self._kept is None:
            folder = Path(tempfile.mkdtemp(prefix="centralita-pg-"))
            self._throwaway = True
        else:
            folder = self._kept
        self._folder = folder
        if as_user:
            owner = _postgres_user()
            os.chown(folder, owner.pw_uid, owner.pw_gid)
        data, port = folder / "data", free_port()
        self._pg_ctl = [*as_user, str(binaries / "pg_ctl"), "-D", str(data)]
        if not (data / "PG_VERSION").exists():
            self._initdb(binaries, data, as_user)
        elif subprocess.run([*self._pg_ctl, "status"], capture_output=True).returncode == 0:
            # Left running by a run that ended without stopping it: stopped, then started on a new port.
            subprocess.run([*self._pg_ctl, "-m", "fast", "-w", "stop"], capture_output=True)
        options = f"-h 127.0.0.1 -p {port} -c unix_socket_directories=''"
        start = [*self._pg_ctl, "-l", str(folder / "log"), "-w", "-t", str(START_SECONDS), "-o", options, "start"]
        self._run(start, "pg_ctl start")
        return ClusterAddress("127.0.0.1", port, self._user, self._password)

    def _initdb(self, binaries: Path, data: Path, as_user: list[str]) -> None:
        command = [*as_user, str(binaries / "initdb"), "-D", str(data), "-U", self._user, "-E", "UTF8", "--no-locale"]
        if self._throwaway:  # nothing of it outlives the run: no need to wait for the disk
            command.append("--no-sync")
        if self._password is None:
            self._run([*command, "-A", "trust"], "initdb")
            return
        assert self._folder is not None
        password_file = self._folder / "initdb-password"
        descriptor = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as written:
            written.write(self._password + "\n")
        if as_user:
            owner = _postgres_user()
            os.chown(password_file, owner.pw_uid, owner.pw_gid)
        try:
            self._run([*command, "-A", "scram-sha-256", f"--pwfile={password_file}"], "initdb")
        finally:
            password_file.unlink(missing_ok=True)

    def _run(self, command: list[str], step: str) -> None:
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=START_SECONDS + 10)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            raise NoticeError(CLUSTER_FAILED(step=step, folder=str(self._folder))) from None

    @staticmethod
    def _unprivileged() -> list[str]:
        """The command prefix that runs PostgreSQL's tools as `postgres` when we are root."""
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            return []
        _postgres_user()
        return ["runuser", "-u", "postgres", "--"]

    def stop(self) -> None:
        """Stop the cluster (`fast`: its connections are closed; a throwaway one is removed after)."""
        if self._pg_ctl:
            mode = "immediate" if self._throwaway else "fast"
            subprocess.run([*self._pg_ctl, "-m", mode, "-w", "stop"], capture_output=True)
            self._pg_ctl = []
        if self._throwaway and self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _postgres_user() -> pwd.struct_passwd:
    import pwd  # POSIX only, as running as root is

    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresMissing(NO_POSTGRES_USER()) from None

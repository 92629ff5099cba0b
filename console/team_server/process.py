"""A team server in a child process (`python -m console.cli.server`), for tests and benchmarks
that run several of them on one database, or kill one."""

from __future__ import annotations

from console.relay.process import RelayProcess

__all__ = ["ServerProcess"]


class ServerProcess(RelayProcess):
    """`centralita server --listen … --database-url …`, started and stopped as `RelayProcess` is."""

    module, command, ready_prefix = "console.cli.server", "server", "server listening on "

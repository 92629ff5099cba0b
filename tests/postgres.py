"""A throwaway PostgreSQL cluster for the tests' fixture (`tests/test_relay.postgres_cluster`) and
`bench/team_load.py`: the product's `LocalCluster` (console/team_trial/postgres.py) in a
temporary folder, trusting every local connection, as user `relay`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from console.team_trial.postgres import ClusterAddress, LocalCluster, PostgresMissing, free_port

__all__ = ["Cluster", "PostgresUnavailable", "ThrowawayCluster", "free_port"]

PostgresUnavailable = PostgresMissing  # its text says what to install


@dataclass
class Cluster:
    address: ClusterAddress

    @property
    def host(self) -> str:
        return self.address.host

    @property
    def port(self) -> int:
        return self.address.port

    def new_database(self) -> str:
        """A fresh database: each test (or benchmark run) starts from an empty store."""
        return self.address.create_database(f"relay_{secrets.token_hex(6)}")


class ThrowawayCluster:
    """`start` makes and starts the cluster (`PostgresUnavailable` when it cannot); `stop` stops it and removes it."""

    def __init__(self) -> None:
        self._cluster = LocalCluster.throwaway()

    def start(self) -> Cluster:
        return Cluster(self._cluster.start())

    def stop(self) -> None:
        self._cluster.stop()


"""The team server's provider secrets: never in the database.

They are kept in the host's secret store under a service of the server's own
(`centralita-server`: the OS keyring, or the encrypted file in the data folder), and an
environment variable overrides each one, for hosts without a keyring and for several hosts
sharing one configuration: `CENTRALITA_SERVER_SECRET__<ACCOUNT>__<FIELD>`, the account's name
and the field's key upper-cased, accents dropped, every other character not A–Z or 0–9 an
underscore (account "Ventas MX", field `password`: `CENTRALITA_SERVER_SECRET__VENTAS_MX__PASSWORD`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from console.domain.notices import Notice
from console.store.secrets import SecretStore, open_secrets

__all__ = ["SERVICE", "ServerSecrets", "secret_variable"]

SERVICE = "centralita-server"
PREFIX = "CENTRALITA_SERVER_SECRET__"


def secret_variable(account: str, key: str) -> str:
    """The environment variable that overrides `key` of `account`."""

    def part(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^A-Z0-9]", "_", folded.upper())

    return f"{PREFIX}{part(account)}__{part(key)}"


class ServerSecrets:
    """A `SecretStore`: the environment's value when set, else the host's store."""

    def __init__(self, store: SecretStore, environ: Mapping[str, str] = os.environ) -> None:
        self._store = store
        self._environ = environ

    @classmethod
    def open(cls, data_dir: Path) -> ServerSecrets:
        return cls(open_secrets(data_dir, SERVICE))

    @property
    def description(self) -> Notice:
        return self._store.description

    def get(self, account: str, key: str) -> str | None:
        value = self._environ.get(secret_variable(account, key))
        return value if value else self._store.get(account, key)

    def set(self, account: str, key: str, value: str) -> None:
        self._store.set(account, key, value)

    def delete(self, account: str, key: str) -> None:
        self._store.delete(account, key)

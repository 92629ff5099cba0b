"""Secrets (passwords, API keys, tokens, webhook URLs): the OS keyring, never the database.

Where no OS keyring exists (headless machines, CI), secrets go to a Fernet-encrypted
file in the data dir whose key sits in a separate 0600 file. That protects against
casual reads and copies of the database or backups without the key, not against
other programs running as the same user; `description` says so to the agent.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path
from typing import Protocol

import keyring
import keyring.errors
from cryptography.fernet import Fernet, InvalidToken

SERVICE = "centralita"


class SecretStore(Protocol):
    description: str

    def get(self, account: str, key: str) -> str | None: ...
    def set(self, account: str, key: str, value: str) -> None: ...
    def delete(self, account: str, key: str) -> None: ...


def _entry(account: str, key: str) -> str:
    return f"{account}/{key}"


class KeyringSecrets:
    """The OS keyring (Secret Service, macOS Keychain, Windows Credential Locker)."""

    def __init__(self, backend: keyring.backend.KeyringBackend) -> None:
        self._backend = backend
        self.description = f"OS keyring ({type(backend).__name__})"

    def get(self, account: str, key: str) -> str | None:
        return self._backend.get_password(SERVICE, _entry(account, key))

    def set(self, account: str, key: str, value: str) -> None:
        self._backend.set_password(SERVICE, _entry(account, key), value)

    def delete(self, account: str, key: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(SERVICE, _entry(account, key))


class EncryptedFileSecrets:
    """Fallback: an encrypted file, its key in a separate owner-only file."""

    def __init__(self, directory: Path) -> None:
        self._data_path = directory / "secrets.enc"
        self._key_path = directory / "secrets.key"
        self._lock = threading.Lock()
        self.description = (
            f"encrypted file in {directory} (no OS keyring found): protects copies and backups "
            "of the data folder, not against other programs of this user"
        )

    def _fernet(self) -> Fernet:
        if not self._key_path.exists():
            fd = os.open(self._key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(Fernet.generate_key())
        return Fernet(self._key_path.read_bytes().strip())

    def _load(self) -> dict[str, str]:
        if not self._data_path.exists():
            return {}
        try:
            return json.loads(self._fernet().decrypt(self._data_path.read_bytes()))
        except InvalidToken:
            raise RuntimeError(
                f"The secrets file {self._data_path} cannot be decrypted with its key file; re-enter the accounts' secrets."
            ) from None

    def _save(self, entries: dict[str, str]) -> None:
        token = self._fernet().encrypt(json.dumps(entries).encode())
        tmp = self._data_path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(token)
        os.replace(tmp, self._data_path)

    def get(self, account: str, key: str) -> str | None:
        with self._lock:
            return self._load().get(_entry(account, key))

    def set(self, account: str, key: str, value: str) -> None:
        with self._lock:
            entries = self._load()
            entries[_entry(account, key)] = value
            self._save(entries)

    def delete(self, account: str, key: str) -> None:
        with self._lock:
            entries = self._load()
            if entries.pop(_entry(account, key), None) is not None:
                self._save(entries)


class MemorySecrets:
    """Secrets that live only as long as the process: throwaway runs and tests."""

    def __init__(self, description: str = "memory only (forgotten on exit)") -> None:
        self.description = description
        self.values: dict[tuple[str, str], str] = {}

    def get(self, account: str, key: str) -> str | None:
        return self.values.get((account, key))

    def set(self, account: str, key: str, value: str) -> None:
        self.values[(account, key)] = value

    def delete(self, account: str, key: str) -> None:
        self.values.pop((account, key), None)


def _usable(backend: keyring.backend.KeyringBackend) -> bool:
    try:
        backend.get_password(SERVICE, "probe")
    except keyring.errors.KeyringError:
        return False
    return True


def open_secrets(data_dir: Path) -> SecretStore:
    """The OS keyring when one answers, else the encrypted file fallback."""
    backend = keyring.get_keyring()
    if _usable(backend):
        return KeyringSecrets(backend)
    return EncryptedFileSecrets(data_dir)

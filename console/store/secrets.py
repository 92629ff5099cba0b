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
import keyring.backends.null
import keyring.errors
from cryptography.fernet import Fernet, InvalidToken

from console.domain.notices import Notice, Wording, as_notice
from console.domain.storage import StorageProblem

SERVICE = "centralita"

# Where secrets are kept, as the status bar, the account form and About say it.
IN_KEYRING = Wording("secrets.in_keyring", "OS keyring ({backend})")
IN_ENCRYPTED_FILE = Wording(
    "secrets.in_encrypted_file",
    "encrypted file in {folder} (no OS keyring found): protects copies and backups "
    "of the data folder, not against other programs of this user",
)
IN_MEMORY = Wording("secrets.in_memory", "memory only (forgotten on exit)")
UNUSABLE_FILE = Wording(
    "secrets.unusable_file",
    "The secrets file {path} cannot be used: {why}; restore secrets.key and secrets.enc "
    "from a copy of the data folder, or move both aside and enter the accounts' secrets again.",
)
KEY_MISSING = Wording("secrets.key_missing", "its key file {name} is missing")
KEY_DAMAGED = Wording("secrets.key_damaged", "its key file {name} is damaged")
KEY_UNREADABLE = Wording("secrets.key_unreadable", "{name} cannot be read or written ({error})")
UNDECRYPTABLE = Wording(
    "secrets.undecryptable", "it cannot be decrypted with its key file (one of the two is damaged or replaced)"
)
FILE_UNREADABLE = Wording("secrets.file_unreadable", "it cannot be read ({error})")
CONTENTS_DAMAGED = Wording("secrets.contents_damaged", "its contents are damaged")
FILE_UNWRITABLE = Wording("secrets.file_unwritable", "it cannot be written ({error})")


class SecretStore(Protocol):
    description: Notice  # where the secrets are kept, for the agent

    def get(self, account: str, key: str) -> str | None: ...
    def set(self, account: str, key: str, value: str) -> None: ...
    def delete(self, account: str, key: str) -> None: ...


def _entry(account: str, key: str) -> str:
    return f"{account}/{key}"


class KeyringSecrets:
    """The OS keyring (Secret Service, macOS Keychain, Windows Credential Locker)."""

    def __init__(self, backend: keyring.backend.KeyringBackend, service: str = SERVICE) -> None:
        self._backend = backend
        self._service = service
        self.description = IN_KEYRING(backend=type(backend).__name__)

    def get(self, account: str, key: str) -> str | None:
        return self._backend.get_password(self._service, _entry(account, key))

    def set(self, account: str, key: str, value: str) -> None:
        self._backend.set_password(self._service, _entry(account, key), value)

    def delete(self, account: str, key: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(self._service, _entry(account, key))


class EncryptedFileSecrets:
    """Fallback: an encrypted file, its key in a separate owner-only file. Another `service`
    keeps its entries in a file of its own (`<service>-secrets.enc`), beside the console's."""

    def __init__(self, directory: Path, service: str = SERVICE) -> None:
        stem = "secrets" if service == SERVICE else f"{service}-secrets"
        self._data_path = directory / f"{stem}.enc"
        self._key_path = directory / f"{stem}.key"
        self._lock = threading.Lock()
        self.description = IN_ENCRYPTED_FILE(folder=str(directory))

    def _fernet(self) -> Fernet:
        """The key; made on first use only, never beside a secrets file it could not decrypt."""
        try:
            if not self._key_path.exists():
                if self._data_path.exists():
                    raise self._problem(KEY_MISSING(name=self._key_path.name))
                fd = os.open(self._key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(Fernet.generate_key())
            return Fernet(self._key_path.read_bytes().strip())
        except ValueError:
            raise self._problem(KEY_DAMAGED(name=self._key_path.name)) from None
        except OSError as error:
            raise self._problem(KEY_UNREADABLE(name=self._key_path.name, error=str(error.strerror))) from None

    def _load(self) -> dict[str, str]:
        if not self._data_path.exists():
            return {}
        fernet = self._fernet()
        try:
            entries = json.loads(fernet.decrypt(self._data_path.read_bytes()))
        except (InvalidToken, ValueError):
            raise self._problem(UNDECRYPTABLE()) from None
        except OSError as error:
            raise self._problem(FILE_UNREADABLE(error=str(error.strerror))) from None
        if not isinstance(entries, dict):
            raise self._problem(CONTENTS_DAMAGED())
        return entries

    def _save(self, entries: dict[str, str]) -> None:
        token = self._fernet().encrypt(json.dumps(entries).encode())
        tmp = self._data_path.with_suffix(".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(token)
            os.replace(tmp, self._data_path)
        except OSError as error:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise self._problem(FILE_UNWRITABLE(error=str(error.strerror))) from None

    def _problem(self, why: Notice) -> StorageProblem:
        return StorageProblem(UNUSABLE_FILE(path=str(self._data_path), why=why))

    def check(self) -> None:
        """Read the file once: a missing key or a damaged file is said at opening, before any change."""
        with self._lock:
            self._load()

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

    def __init__(self, description: Notice | str | None = None) -> None:
        self.description = IN_MEMORY() if description is None else as_notice(description)
        self.values: dict[tuple[str, str], str] = {}

    def get(self, account: str, key: str) -> str | None:
        return self.values.get((account, key))

    def set(self, account: str, key: str, value: str) -> None:
        self.values[(account, key)] = value

    def delete(self, account: str, key: str) -> None:
        self.values.pop((account, key), None)


def _usable(backend: keyring.backend.KeyringBackend) -> bool:
    """A backend that answers and keeps what it is given; the null backend answers but forgets
    every secret, so an account's password or a relay route would vanish as it is stored."""
    if isinstance(backend, keyring.backends.null.Keyring):
        return False
    try:
        backend.get_password(SERVICE, "probe")
    except keyring.errors.KeyringError:
        return False
    return True


def open_secrets(data_dir: Path, service: str = SERVICE) -> SecretStore:
    """The OS keyring when one answers, else the encrypted file fallback; `service` names the
    keyring's service (the team server keeps its accounts' secrets under one of its own)."""
    backend = keyring.get_keyring()
    if _usable(backend):
        return KeyringSecrets(backend, service)
    secrets = EncryptedFileSecrets(data_dir, service)
    secrets.check()
    return secrets

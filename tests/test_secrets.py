"""Secrets live in the keyring (or the honest encrypted fallback), never in the database."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import keyring
import pytest
from cryptography.fernet import Fernet
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from console.domain.storage import StorageProblem
from console.sandbox.server import SandboxServer
from console.store.database import DATABASE_FILE
from console.store.secrets import EncryptedFileSecrets, KeyringSecrets, open_secrets
from tests.conftest import DEMO_PLATFORM, open_workspace, run_core

PASSWORD = "s3cr3t-Contraseña-4242"


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring backend, standing in for the OS's Secret Service."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_working_keyring_is_preferred(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    secrets = open_secrets(tmp_path)
    assert isinstance(secrets, KeyringSecrets)
    secrets.set("Ventas", "password", PASSWORD)
    assert memory_keyring.entries == {("centralita", "Ventas/password"): PASSWORD}
    assert secrets.get("Ventas", "password") == PASSWORD
    secrets.delete("Ventas", "password")
    assert secrets.get("Ventas", "password") is None
    assert not (tmp_path / "secrets.enc").exists()


# The null backend answers but forgets every secret: as good as none.
@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring], ids=["no keyring", "a keyring that forgets"])
def test_without_a_keyring_the_fallback_is_encrypted_and_says_so(tmp_path: Path, backend: type) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend())
    try:
        secrets = open_secrets(tmp_path)
    finally:
        keyring.set_keyring(previous)
    assert isinstance(secrets, EncryptedFileSecrets)
    assert "not against other programs of this user" in secrets.description.english()
    secrets.set("Ventas", "password", PASSWORD)
    assert PASSWORD.encode() not in (tmp_path / "secrets.enc").read_bytes()
    assert stat.S_IMODE((tmp_path / "secrets.key").stat().st_mode) == 0o600
    assert EncryptedFileSecrets(tmp_path).get("Ventas", "password") == PASSWORD  # survives a restart


def test_a_fallback_file_with_a_foreign_key_is_a_clear_error(tmp_path: Path) -> None:
    EncryptedFileSecrets(tmp_path).set("a", "password", PASSWORD)
    (tmp_path / "secrets.key").write_bytes(Fernet.generate_key())
    with pytest.raises(StorageProblem, match="cannot be decrypted"):
        EncryptedFileSecrets(tmp_path).get("a", "password")


def test_a_fallback_file_without_its_key_is_a_clear_error_and_no_new_key_is_made(tmp_path: Path) -> None:
    EncryptedFileSecrets(tmp_path).set("a", "password", PASSWORD)
    (tmp_path / "secrets.key").unlink()
    with pytest.raises(StorageProblem, match="secrets.key is missing"):
        EncryptedFileSecrets(tmp_path).get("a", "password")
    assert not (tmp_path / "secrets.key").exists()


def test_the_database_never_holds_a_secret(tmp_path: Path, sandbox: SandboxServer, memory_keyring: MemoryKeyring) -> None:
    async def scenario():
        secrets = KeyringSecrets(memory_keyring)
        async with open_workspace(tmp_path, secrets) as workspace:  # type: ignore[arg-type]
            for name, password in (("Ventas", PASSWORD), ("Demo", "demo")):
                account = await workspace.accounts.add_heynow(
                    name, base_url=sandbox.base_urls["heynow"], username="demo", password=password, platform_id=DEMO_PLATFORM
                )
                await workspace.clients.test_connection(account)

    run_core(scenario())
    token = json.loads(memory_keyring.entries[("centralita", "Demo/token")])["value"]
    stored = b"".join(path.read_bytes() for path in tmp_path.glob(DATABASE_FILE + "*"))
    assert b"Ventas" in stored  # the scan does read the database and its WAL
    assert PASSWORD.encode() not in stored
    assert token.encode() not in stored
    assert memory_keyring.entries[("centralita", "Ventas/password")] == PASSWORD

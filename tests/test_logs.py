"""Log files: redacted lines, rotation, the debug switch, `Secret` values, the relay's shared token."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.domain.redaction import Secret, redact
from console.logging_setup import DEBUG_ENV, LOG_DIR_ENV, LOG_FILE, LogSetup, debug_logging, install_logging, log_dir
from console.providers.base import SignedIn
from console.relay.tokens import RELAY_TOKEN_ENV, SECRETS_ACCOUNT, standalone_events_token
from console.sandbox.server import SandboxServer
from tests.conftest import MemorySecrets, add_demo_account, open_workspace, run_core

PHONE = "+59899123456"
ROUTE_TOKEN = "q7Xk2mP9vL4nR8sT1wY6zA3bC5dE0fGh"
log = logging.getLogger("console.test_logs")


@pytest.fixture
def logs(tmp_path: Path) -> Iterator[LogSetup]:
    setup = install_logging(tmp_path / "logs", debug=False, stderr=False)
    yield setup
    setup.remove()


def _written(setup: LogSetup) -> str:
    for handler in setup.handlers:
        handler.flush()
    return setup.file.read_text(encoding="utf-8")


def test_a_log_line_keeps_the_last_4_digits_of_a_number_and_no_secret(logs: LogSetup) -> None:
    log.warning("send to %s failed", PHONE)
    log.info("GET https://api.example.com/v1/x?token=abc123secret&page=2 with Authorization: Bearer eyJhbGci.x.y")
    log.info("callback at http://relay.example.net/callbacks/broadcasterbot/%s", ROUTE_TOKEN)
    log.info("login body %s", json.dumps({"name": "ventas", "password": "hunter2-long"}))
    try:
        raise ValueError(f"the provider refused {PHONE} with api_key=K-998877")
    except ValueError:
        log.exception("sending stopped")

    text = _written(logs)
    assert "send to +*******3456 failed" in text
    assert "token=[redacted]&page=2" in text and "Bearer [redacted]" in text
    assert "/callbacks/broadcasterbot/[redacted]" in text
    assert '"password": "[redacted]"' in text
    assert "ValueError: the provider refused +*******3456 with api_key=[redacted]" in text  # the traceback too
    for secret in (PHONE, "99123456", "abc123secret", "eyJhbGci", ROUTE_TOKEN, "hunter2-long", "K-998877"):
        assert secret not in text


def test_debug_logging_shows_numbers_but_still_no_secret(tmp_path: Path) -> None:
    setup = install_logging(tmp_path, debug=True, stderr=False)
    try:
        log.debug("polling %s with token=abc123secret", PHONE)
        text = _written(setup)
    finally:
        setup.remove()
    assert f"polling {PHONE} with token=[redacted]" in text
    assert logging.getLogger().level != logging.DEBUG  # removing restores the level


def test_the_debug_switch_and_the_folder_come_from_the_environment(tmp_path: Path) -> None:
    assert debug_logging({DEBUG_ENV: "1"}) and debug_logging({DEBUG_ENV: "yes"})
    assert not debug_logging({}) and not debug_logging({DEBUG_ENV: "0"})
    assert log_dir({LOG_DIR_ENV: str(tmp_path)}) == tmp_path
    assert log_dir({}).name in {"log", "Logs", "centralita"}  # the platform's user log dir


def test_the_log_file_rotates_keeping_a_fixed_number_of_old_files(tmp_path: Path) -> None:
    setup = install_logging(tmp_path, debug=False, stderr=False, max_bytes=4_000, backups=2)
    try:
        for number in range(400):
            log.info("line %04d %s", number, "x" * 60)
    finally:
        setup.remove()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [LOG_FILE, f"{LOG_FILE}.1", f"{LOG_FILE}.2"]
    assert all((tmp_path / name).stat().st_size <= 4_000 for name in files)
    assert "line 0399" in (tmp_path / LOG_FILE).read_text()  # the newest lines in the current file


def test_dates_times_and_short_ids_are_not_taken_for_numbers() -> None:
    text = "message 42 (m-12345678) at 2026-11-21 08:03:12 on port 8766, then +52 55 4433 2211"
    assert redact(text) == "message 42 (m-12345678) at 2026-11-21 08:03:12 on port 8766, then +** ** **** 2211"
    assert redact("wa 5491100000000@s.whatsapp.net") == "wa *********0000@s.whatsapp.net"


def test_a_secret_shows_a_mask_as_text_but_sends_its_value() -> None:
    key = Secret("K-998877")
    assert repr(key) == "Secret('<secret>')" and str(key) == "<secret>"
    assert "%s %r" % (key, key) == "<secret> Secret('<secret>')"  # noqa: UP031 - as logging formats
    assert key == "K-998877" and key.strip() == "K-998877" and json.dumps(key) == '"K-998877"'
    assert f"Bearer {key}" == "Bearer K-998877"  # headers built with f-strings keep working
    assert type(key.reveal()) is str and key.reveal() == "K-998877"


def test_account_secrets_and_login_tokens_travel_as_secrets(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario() -> tuple[str, str, object]:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            account = await add_demo_account(workspace, sandbox)
            client = await workspace.clients.get(account, SignedIn)
            await client.check()  # logs in
            token = client.token  # type: ignore[attr-defined]
            return repr(vars(client.wrapped)), repr(token), token.value  # type: ignore[attr-defined]

    client_dump, token_repr, value = run_core(scenario())
    assert "Secret('<secret>')" in client_dump  # the password, as a dump of the client shows it
    assert isinstance(value, Secret) and value.reveal() not in token_repr
    assert value.reveal() not in client_dump


def test_the_standalone_relay_takes_the_shared_token_from_the_environment() -> None:
    store = MemorySecrets()
    shared = "t" * 40
    assert standalone_events_token(lambda: store, {RELAY_TOKEN_ENV: f" {shared}\n"}) == shared
    assert store.get(SECRETS_ACCOUNT, "events_token") is None  # this host's own was not even made
    own = standalone_events_token(lambda: store, {})
    assert own != shared and store.get(SECRETS_ACCOUNT, "events_token") == own
    with pytest.raises(ValueError, match=RELAY_TOKEN_ENV):
        standalone_events_token(lambda: store, {RELAY_TOKEN_ENV: "short"})

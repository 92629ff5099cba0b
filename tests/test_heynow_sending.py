"""Hey Now through the outbox, against the simulator over loopback HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxServer
from tests.conftest import (
    ALT_BOT_PLATFORM,
    DEMO_PLATFORM,
    FOREIGN_PLATFORM,
    OPEN_PLATFORM,
    add_demo_account,
    agenda_client_ids,
    open_workspace,
    reconfigure,
    run_core,
)

OUTSIDER = "59899123456"  # a valid Uruguayan mobile; generated customers never start with 59899


def _send(
    tmp_path: Path, server: SandboxServer, platform: str, to: str, validation: bool, mass: bool = False
):
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, server, platform_id=platform)
            return await workspace.outbox.send_text(
                account, to, "Hola", contact_validation=validation, mass=mass
            )

    return run_core(scenario())


# The contactValidation table of API.md §3: (platform, contactValidation, in agenda) -> sent?
CONTACT_VALIDATION_TABLE = [
    (DEMO_PLATFORM, True, False, False),
    (DEMO_PLATFORM, True, True, True),
    (DEMO_PLATFORM, False, False, False),
    (DEMO_PLATFORM, False, True, True),
    (ALT_BOT_PLATFORM, True, False, False),
    (ALT_BOT_PLATFORM, True, True, True),
    (ALT_BOT_PLATFORM, False, False, True),  # tried through the alternative bot
    (ALT_BOT_PLATFORM, False, True, True),
    (OPEN_PLATFORM, True, False, False),
    (OPEN_PLATFORM, True, True, True),
    (OPEN_PLATFORM, False, False, True),
    (OPEN_PLATFORM, False, True, True),
]


@pytest.mark.parametrize(("platform", "validation", "in_agenda", "sent"), CONTACT_VALIDATION_TABLE)
def test_contact_validation_table(
    tmp_path: Path, sandbox: SandboxServer, platform: str, validation: bool, in_agenda: bool, sent: bool
) -> None:
    to = agenda_client_ids(sandbox, platform)[0] if in_agenda else OUTSIDER
    message = _send(tmp_path, sandbox, platform, to, validation)
    if sent:
        assert message.state is DeliveryState.ACCEPTED
        assert message.provider_message_id
    else:
        assert message.state is DeliveryState.FAILED
        assert str(message.failure_reason) == (
            "This customer has never written to this channel, so Hey Now will not send to them."
        )
    accepted = [m for m in sandbox.sandbox.heynow.messages_sent() if m.client_id == to]
    assert len(accepted) == (1 if sent else 0)


def test_mass_send_is_refused_on_a_validating_channel(tmp_path: Path, sandbox: SandboxServer) -> None:
    message = _send(tmp_path, sandbox, DEMO_PLATFORM, OUTSIDER, True, mass=True)
    assert message.state is DeliveryState.FAILED
    assert str(message.failure_reason) == (
        "Hey Now refused the mass send (400): Channel validates contacts: mass send not allowed. "
        "Its document allows mass sends only on channels set up not to validate contacts."
    )


def test_mass_send_reaches_anyone_on_an_open_channel(tmp_path: Path, sandbox: SandboxServer) -> None:
    message = _send(tmp_path, sandbox, OPEN_PLATFORM, OUTSIDER, True, mass=True)
    assert message.state is DeliveryState.ACCEPTED


def test_foreign_platform_is_not_your_channel(tmp_path: Path, sandbox: SandboxServer) -> None:
    message = _send(tmp_path, sandbox, FOREIGN_PLATFORM, OUTSIDER, False)
    assert message.state is DeliveryState.FAILED
    assert (
        str(message.failure_reason) == f"This number ({FOREIGN_PLATFORM}) is not one of your channels at Hey Now."
    )


def test_wrong_password_is_reported_and_nothing_is_sent(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox, password="wrong")
            health = await workspace.clients.test_connection(account)
            message = await workspace.outbox.send_text(account, OUTSIDER, "Hola")
            return health, message

    health, message = run_core(scenario())
    assert health.state.value == "wrong_credentials"
    assert "refused the user name or password of 'demo'" in str(health.detail)
    assert message.state is DeliveryState.FAILED
    assert sandbox.sandbox.log.count("heynow", "send") == 0


def test_invalid_input_sends_no_request_and_stores_nothing(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            errors = []
            for to, text in (
                ("12", "Hola"),
                ("hola", "Hola"),
                ("59899123456", "   "),
                ("59899123456", "x" * 5000),
            ):
                with pytest.raises(InvalidInput) as error:
                    await workspace.outbox.send_text(account, to, text)
                errors.append(error.value.field)
            stored = await workspace.agenda.count(account.id)
            return errors, stored

    errors, stored = run_core(scenario())
    assert [str(field) for field in errors] == ["phone", "phone", "text", "text"]
    assert stored == 0
    assert sandbox.sandbox.log.count("heynow") == 0


def test_status_codes_of_the_status_call(tmp_path: Path, sandbox: SandboxServer) -> None:
    from console.providers.base import StatusPolling
    from console.providers.errors import NotFound, ProviderUnavailable

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            client = await workspace.clients.get(account, StatusPolling)
            outcomes = []
            with pytest.raises(NotFound) as missing:
                await client.message_status("no-such-message")
            outcomes.append(missing.value.message)
            reconfigure(sandbox, status_error_ratio=1.0)
            to = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]
            receipt = await client.send_text(to, "Hola")
            with pytest.raises(ProviderUnavailable) as broken:
                await client.message_status(receipt.provider_message_id)
            outcomes.append(broken.value.message)
            return outcomes

    not_found, unavailable = run_core(scenario())
    assert not_found == "Hey Now does not know message no-such-message."
    assert unavailable == "Hey Now had an internal error (500); try again later."


def test_expired_token_means_exactly_one_new_login(tmp_path: Path, sandbox: SandboxServer) -> None:
    to = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            first = await workspace.outbox.send_text(account, to, "uno")
            sandbox.call(sandbox.sandbox.heynow.expire_tokens)
            second = await workspace.outbox.send_text(account, to, "dos")
            third = await workspace.outbox.send_text(account, to, "tres")
            return first, second, third

    sandbox.sandbox.log.reset()
    messages = run_core(scenario())
    assert [m.state for m in messages] == [DeliveryState.ACCEPTED] * 3
    assert sandbox.sandbox.log.count("heynow", "login") == 2
    assert sandbox.sandbox.log.count("heynow", "send") == 4  # one send answered 401, then retried once


def test_a_token_that_keeps_being_refused_does_not_loop(tmp_path: Path, sandbox: SandboxServer) -> None:
    from console.providers.base import StatusPolling
    from console.providers.errors import AuthenticationFailed

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            client = await workspace.clients.get(account, StatusPolling)
            reconfigure(sandbox, token_ttl=0.0)
            with pytest.raises(AuthenticationFailed):
                await client.message_status("anything")

    run_core(scenario())
    assert sandbox.sandbox.log.count("heynow", "login") == 2
    assert sandbox.sandbox.log.count("heynow", "status") == 2


def test_timeout_after_sending_is_unknown_and_never_resent(tmp_path: Path, sandbox: SandboxServer) -> None:
    to = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]
    sandbox.sandbox.faults.add("heynow", "send", Fault(FaultKind.DELAY, seconds=1.5, times=1))
    short = httpx.Timeout(connect=2.0, read=0.4, write=2.0, pool=2.0)

    async def scenario():
        async with open_workspace(tmp_path, timeout=short) as workspace:
            account = await add_demo_account(workspace, sandbox)
            return await workspace.outbox.send_text(account, to, "¿llegó?")

    message = run_core(scenario())
    assert message.state is DeliveryState.UNKNOWN
    assert "may or may not have reached it" in str(message.failure_reason)
    assert sandbox.sandbox.log.count("heynow", "send") == 1
    assert len(sandbox.sandbox.heynow.messages_sent()) == 1  # it did reach the provider


def test_unreachable_provider_fails_without_any_request(tmp_path: Path) -> None:
    with SandboxServer() as server:
        base = server.base_urls["heynow"]
    # The server is stopped: its port now refuses connections.

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_heynow(
                "gone", base_url=base, username="demo", password="demo", platform_id=DEMO_PLATFORM
            )
            return await workspace.outbox.send_text(account, "59899123456", "Hola")

    message = run_core(scenario())
    assert message.state is DeliveryState.FAILED
    assert "could not be reached" in str(message.failure_reason)
    assert "nothing was sent" in str(message.failure_reason)

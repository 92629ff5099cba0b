"""The command line of a Chattigo bot paired with a Cloud API account: `account add chattigo
… --cloud-api NAME`, `inbox --bot`, `chattigo take` and `give-back`. Real processes; the
conversation is handed over the way the console does it when the bot cannot be reached."""

from __future__ import annotations

import json
from pathlib import Path

from console.domain.inbox import BotHandling, InboxFilter
from console.domain.messages import Direction, MessageKind
from console.services.callbacks import CallbackEvent
from console.services.workspace import Workspace
from console.store.secrets import EncryptedFileSecrets
from console.store.types import utcnow
from tests.conftest import run_core
from tests.test_cli import centralita
from tests.test_cli_inbox import _run

SECRETS = "the-access-token\nthe-app-secret\nthe-verify-token\n"
UNREACHABLE = "http://127.0.0.1:9"


def _add_accounts(data_dir: Path) -> None:
    _run(
        data_dir,
        *("account", "add", "cloudapi", "meta", "--phone-number-id", "106540352242922", "--waba-id", "102290129340398"),
        *("--access-token", "-", "--app-secret", "-", "--verify-token", "-", "--graph-url", UNREACHABLE),
        stdin=SECRETS,
    )
    bot = ("account", "add", "chattigo", "bot", "--base-url", UNREACHABLE, "--username", "demo", "--password", "-")
    missing = centralita(data_dir, *bot, "--wa-id", "106540352242922", "--cloud-api", "nadie", stdin="demo\n")
    assert missing.returncode == 1 and "there is no account named 'nadie'" in missing.stderr
    _run(data_dir, *bot, "--wa-id", "106540352242922", "--cloud-api", "meta", stdin="demo\n")
    shown = json.loads(_run(data_dir, "account", "show", "bot", "--json"))
    assert shown["settings"]["cloud_api"] == "meta"


def _webhook(text: str) -> str:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "59829000000", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Ana"}, "wa_id": "59899123456"}],
        "messages": [
            {"from": "59899123456", "id": "wamid.in1", "timestamp": "1733400000", "type": "text", "text": {"body": text}}
        ],
    }
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }
    return json.dumps(body)


def test_a_message_the_bot_cannot_take_waits_for_an_agent_who_takes_and_gives_it_back(tmp_path: Path) -> None:
    _add_accounts(tmp_path)

    async def arrives() -> int:
        # The secrets the commands kept (never a keyring: see `tests.test_cli`).
        workspace = await Workspace.open(tmp_path, EncryptedFileSecrets(tmp_path))
        try:
            meta = await workspace.accounts.by_name("meta")
            event = CallbackEvent(1, "cloudapi", "route", utcnow(), False, None, _webhook("Hola"))
            await workspace.callbacks.apply(meta, event, "test")
            [row] = await workspace.inbox.page(InboxFilter(account_id=meta.id), 0, 5)
            customer, notice = await workspace.conversations.messages(row.conversation_id)
            assert customer.direction is Direction.INCOMING and customer.body == "Hola"
            assert notice.kind is MessageKind.NOTICE and notice.body.startswith(
                "The bot did not receive the customer's message: "
            )
            assert row.bot is BotHandling.HANDED_OVER
            return row.conversation_id
        finally:
            await workspace.close()

    conversation = run_core(arrives())
    [line] = _run(tmp_path, "inbox", "--bot", "handed_over").splitlines()
    assert line.split("\t")[0] == str(conversation) and "bot finished, waiting for an agent" in line.split("\t")[4]
    assert _run(tmp_path, "inbox", "--bot", "bot") == ""
    [listed] = json.loads(_run(tmp_path, "inbox", "--json"))["conversations"]
    assert listed["bot"] == "handed_over"

    _run(tmp_path, "chattigo", "give-back", str(conversation))
    assert "the bot answers" in _run(tmp_path, "inbox", "--bot", "bot")
    _run(tmp_path, "chattigo", "take", str(conversation))
    assert "an agent took it from the bot" in _run(tmp_path, "inbox", "--bot", "agent")
    again = centralita(tmp_path, "chattigo", "take", str(conversation))
    assert again.returncode == 1 and "it is already with the agent" in again.stderr

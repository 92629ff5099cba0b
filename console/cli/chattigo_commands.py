"""`centralita chattigo forward|set-webhook|take|give-back`."""

from __future__ import annotations

import argparse

from console.cli.running import (
    EXIT_NEEDS_SEND_ANYWAY,
    CommandError,
    needs_send_anyway,
)
from console.cli.wording import complain, echo, say
from console.domain.notices import Wording
from console.domain.send_warnings import NeedsSendAnyway, SendWarning
from console.services.workspace import Workspace

TAKEN_FROM_BOT = Wording("cli.taken_from_bot", "conversation {conversation}: an agent answers it; the bot no longer receives it")
GIVEN_BACK_TO_BOT = Wording("cli.given_back_to_bot", "conversation {conversation}: the bot answers it again")
FORWARDING_ANYWAY = Wording("cli.forwarding_anyway", "warning, forwarding anyway: {warning}")
NOT_FORWARDED = Wording(
    "cli.not_forwarded_warnings",
    "not forwarded: {warnings} (--send-anyway forwards it despite this warning)",
    "not forwarded: {warnings} (--send-anyway forwards it despite these warnings)",
    "count",
)
FORWARDED = Wording("cli.forwarded", "{account}: forwarded message {id} to the bot")
WEBHOOK_SET = Wording("cli.webhook_set", "{account}: Chattigo will post the bot's answers to the URL given")


async def chattigo_forward(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    anyway: tuple[SendWarning, ...] = ()
    if options.send_anyway:
        anyway = workspace.bots.forward_warnings(account, options.from_phone)
        for warning in anyway:
            complain(FORWARDING_ANYWAY(warning=warning.notice))
    try:
        message = await workspace.bots.forward(account, options.from_phone, options.text, options.name, anyway)
    except NeedsSendAnyway as error:
        raise CommandError(needs_send_anyway(NOT_FORWARDED, error.warnings), EXIT_NEEDS_SEND_ANYWAY) from None
    echo(FORWARDED(account=account.name, id=str(message.id)))
    return 0


async def chattigo_set_webhook(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    await workspace.bots.set_webhook(account, options.url)
    echo(WEBHOOK_SET(account=account.name))
    return 0


async def chattigo_take(options: argparse.Namespace, workspace: Workspace) -> int:
    await workspace.conversations.take_from_bot(options.conversation)
    print(say(TAKEN_FROM_BOT(conversation=str(options.conversation))))
    return 0


async def chattigo_give_back(options: argparse.Namespace, workspace: Workspace) -> int:
    await workspace.conversations.give_back_to_bot(options.conversation)
    print(say(GIVEN_BACK_TO_BOT(conversation=str(options.conversation))))
    return 0

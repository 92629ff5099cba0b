"""`centralita follow`: the console's background work without the window, for scripts.

It runs what the window runs behind it: the readers of every callback relay in use (and
this computer's relay, when an account receives its callbacks here) and the status poller,
and prints each change as it is stored, one line each (`--json`: one JSON object a line):
messages in and out and their states, conversations' inbox rows, callbacks set aside and
accounts' health. Ctrl+C or SIGTERM stops it cleanly; the relays' cursors are stored, so
the next run goes on from there. Run it instead of the window, not beside it: both would
listen for the same callbacks.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from console.cli.stop_signals import until_stopped
from console.cli.views import detail_json, inbox_row_json, inbox_row_line, message_json, print_json_line
from console.cli.wording import complain, say, told
from console.domain.errors import InvalidInput
from console.domain.messages import MessageSummary
from console.domain.notices import Wording
from console.providers.errors import ProviderError
from console.relay.embedded import EmbeddedRelay
from console.relay.tokens import events_token
from console.services.topics import CallbackProblem, ConversationChanged, HealthChanged
from console.services.workspace import Workspace
from console.store.location import data_dir
from console.store.secrets import open_secrets
from console.store.types import utcnow

READY = "centralita: following"  # how the first line on standard error begins in English, once everything runs
FOLLOWING = Wording("cli.follow.ready", "following the status poller and {relays}; Ctrl+C stops")
CALLBACKS_FROM = Wording("cli.follow.callbacks_from", "callbacks from {relays}")
NO_RELAY = Wording("cli.follow.no_relay", "no callback relay")

Change = MessageSummary | ConversationChanged | CallbackProblem | HealthChanged


def add_follow_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "follow", help="receive callbacks and poll states as the window does, printing each change (Ctrl+C stops)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")


def run_follow(options: argparse.Namespace) -> int:
    try:
        return asyncio.run(_follow(data_dir(options.data_dir), options.json))
    except KeyboardInterrupt:  # where signal handlers cannot be installed (Windows)
        return 130
    except (InvalidInput, ProviderError, LookupError) as error:
        complain(told(error))
        return 1


async def _follow(folder: Path, as_json: bool) -> int:
    secrets = await asyncio.to_thread(open_secrets, folder)
    relay = EmbeddedRelay(folder, await asyncio.to_thread(events_token, secrets))
    try:
        workspace = await Workspace.open(folder, secrets, receiver=relay)
        try:
            printer = _ChangePrinter(workspace, as_json)
            with printer.subscribed():
                printing = asyncio.get_running_loop().create_task(printer.run(), name="follow printer")
                try:
                    await workspace.start_background()
                    _report_start(workspace)
                    await until_stopped()
                finally:
                    await printer.finish(printing)
        finally:
            await workspace.close()
    finally:
        await relay.close()
    return 0


def _report_start(workspace: Workspace) -> None:
    _poller, readers = workspace.background_health()
    relays = CALLBACKS_FROM(relays=", ".join(reader.name for reader in readers)) if readers else NO_RELAY()
    print(f"centralita: {say(FOLLOWING(relays=relays))}", file=sys.stderr, flush=True)




class _ChangePrinter:
    """Takes the workspace's topics as they are published and prints them in order, reading
    what a line needs (the conversation's account and contact) from the store."""

    def __init__(self, workspace: Workspace, as_json: bool) -> None:
        self.workspace = workspace
        self.as_json = as_json
        self.queue: asyncio.Queue[Change | None] = asyncio.Queue()

    @contextlib.contextmanager
    def subscribed(self) -> Iterator[None]:
        topics = self.workspace.topics
        put: Callable[[Change], None] = self.queue.put_nowait
        unsubscribers = [
            topics.message_changed.subscribe(put),
            topics.conversation_changed.subscribe(put),
            topics.callback_problem.subscribe(put),
            topics.account_health.subscribe(put),
        ]
        try:
            yield
        finally:
            for unsubscribe in unsubscribers:
                unsubscribe()

    async def run(self) -> None:
        while (change := await self.queue.get()) is not None:
            if self.as_json:
                print_json_line(await self._json(change))
            else:
                print(await self._line(change), flush=True)

    async def finish(self, printing: asyncio.Task[None]) -> None:
        """Print what was published before the stop, then end."""
        self.queue.put_nowait(None)
        await printing

    async def _json(self, change: Change) -> dict[str, Any]:
        if isinstance(change, MessageSummary):
            row = await self.workspace.inbox.row(change.conversation_id)
            return {
                "type": "message",
                **message_json(change),
                "conversation_id": change.conversation_id,
                "direction": change.direction.value,
                "kind": change.kind.value,
                "account": None if row is None else row.account_name,
                "contact": None if row is None else row.contact_title,
            }
        if isinstance(change, ConversationChanged):
            row = await self.workspace.inbox.row(change.conversation_id)
            body = {"conversation_id": change.conversation_id} if row is None else inbox_row_json(row, utcnow())
            return {"type": "conversation", **body}
        if isinstance(change, CallbackProblem):
            return {
                "type": "callback_set_aside",
                "event_id": change.event_id,
                "provider": change.provider,
                **detail_json("reason", change.reason),
                "received_at": change.received_at.isoformat(),
                "body": change.body,
            }
        account = await self._account_name(change.account_id)
        return {
            "type": "health",
            "account": account,
            "state": change.health.state.value,
            **detail_json("detail", change.health.detail),
        }

    async def _line(self, change: Change) -> str:
        if isinstance(change, MessageSummary):
            row = await self.workspace.inbox.row(change.conversation_id)
            raw = f" [{change.raw_state}]" if change.raw_state else ""
            where = "" if row is None else f"{row.account_name}\t{row.contact_title}"
            fields = [f"message {change.id}", change.direction.value, change.state.value + raw, where, change.body]
            return "\t".join(fields)
        if isinstance(change, ConversationChanged):
            row = await self.workspace.inbox.row(change.conversation_id)
            shown = "gone" if row is None else inbox_row_line(row, utcnow())
            return f"conversation\t{shown}"
        if isinstance(change, CallbackProblem):
            return f"set aside\tcallback {change.event_id}\t{change.provider}\t{say(change.reason)}"
        account = await self._account_name(change.account_id)
        detail = say(change.health.detail) if change.health.detail else ""
        return "\t".join(filter(None, ["health", account, change.health.state.value, detail]))

    async def _account_name(self, account_id: int) -> str:
        try:
            return (await self.workspace.accounts.by_id(account_id)).name
        except LookupError:  # removed meanwhile
            return f"account {account_id}"

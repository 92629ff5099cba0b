"""Argument parsing and dispatch. Errors: one clear line on stderr, non-zero exit."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from console.cli import commands


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="centralita",
        description="Operator console for WhatsApp Business providers. With no command it opens the window.",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="folder of the database and settings (default: the user data dir)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    account = sub.add_parser("account", help="provider accounts").add_subparsers(dest="action", required=True)
    add = account.add_parser("add", help="add an account").add_subparsers(dest="provider", required=True)
    heynow = add.add_parser("heynow", help="a Hey Now channel")
    heynow.add_argument("name")
    heynow.add_argument("--base-url", required=True)
    heynow.add_argument("--username", required=True)
    heynow.add_argument("--password", required=True, help="'-' reads it from standard input")
    heynow.add_argument("--platform-id", required=True, help="your channel's number (platformId)")
    heynow.add_argument(
        "--channel-id", type=int, default=1, help="1 WhatsApp (default), 2 Messenger, 3 Twitter, 4 WebChat"
    )
    heynow.add_argument(
        "--region", default="UY", help="country assumed for numbers typed without one (default UY)"
    )
    listing = account.add_parser("list", help="list accounts")
    listing.add_argument("--json", action="store_true")
    test = account.add_parser("test", help="log in with an account's credentials")
    test.add_argument("name")

    agenda = sub.add_parser("agenda", help="contact agendas").add_subparsers(dest="action", required=True)
    sync = agenda.add_parser("sync", help="download an account's agenda")
    sync.add_argument("account")
    agenda_list = agenda.add_parser("list", help="show the stored agenda")
    agenda_list.add_argument("account")
    agenda_list.add_argument("--search", default="")
    agenda_list.add_argument("--limit", type=int, default=100)
    agenda_list.add_argument("--json", action="store_true")

    send = sub.add_parser("send", help="send a message")
    send.add_argument("account")
    send.add_argument("to", help="the customer's number")
    send.add_argument("--text", required=True)
    send.add_argument(
        "--mass", action="store_true", help="Hey Now mass send (channels without contact validation)"
    )
    send.add_argument("--no-contact-validation", action="store_true")
    send.add_argument("--json", action="store_true")

    status = sub.add_parser("status", help="a message's state and timeline")
    status.add_argument("message_id", type=int)
    status.add_argument("--poll", action="store_true", help="follow it until a terminal state")
    status.add_argument(
        "--timeout", type=float, default=300.0, help="with --poll: stop waiting after this many seconds"
    )
    status.add_argument("--json", action="store_true")

    sandbox = sub.add_parser("sandbox", help="the provider simulators").add_subparsers(
        dest="action", required=True
    )
    serve = sandbox.add_parser("serve", help="serve the simulators on loopback")
    serve.add_argument(
        "--listen", default="127.0.0.1:8765", help="HOST:PORT (loopback only; default 127.0.0.1:8765)"
    )
    serve.add_argument(
        "--agenda-size", type=int, default=200, help="contacts per demo channel (up to 100000)"
    )
    serve.add_argument(
        "--status-delays", default="2,5,9", help="seconds after a send until RS,RU,LU (default 2,5,9)"
    )
    serve.add_argument(
        "--always-read", action="store_true", help="every message is read; none stays unconfirmed"
    )
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    return _build_parser().parse_args(argv)


HANDLERS: dict[tuple[str, str | None], Callable[..., Awaitable[int]]] = {
    ("account", "add"): commands.account_add,
    ("account", "list"): commands.account_list,
    ("account", "test"): commands.account_test,
    ("agenda", "sync"): commands.agenda_sync,
    ("agenda", "list"): commands.agenda_list,
    ("send", None): commands.send,
    ("status", None): commands.status,
}


def run_command(options: argparse.Namespace) -> int:
    if options.command == "sandbox":
        return commands.sandbox_serve(options)
    handler = HANDLERS[(options.command, getattr(options, "action", None))]
    try:
        return asyncio.run(commands.with_workspace(options, handler))
    except KeyboardInterrupt:
        return 130
    except commands.CommandError as error:
        print(f"centralita: {error}", file=sys.stderr)
        return error.exit_code

"""Argument parsing and dispatch. Errors: one clear line on stderr, non-zero exit."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from console.cli import account_commands, agenda_commands, chattigo_commands, inbox, running, send_commands, template_commands
from console.cli.account_fields import add_provider_parsers
from console.cli.database import add_database_parser, run_database
from console.cli.follow import add_follow_parser, run_follow
from console.cli.inbox import add_inbox_parsers
from console.cli.relay import add_relay_parser, run_relay
from console.cli.sandbox_command import sandbox_serve, sandbox_team
from console.cli.server import add_server_parser, run_server
from console.cli.team import add_team_parser, team_join, team_leave, team_status
from console.cli.views import print_json
from console.cli.wording import complain, say, told
from console.domain.notices import Notice, Wording
from console.domain.storage import StorageProblem
from console.domain.validation import shown
from console.logging_setup import install_logging


def _account_add(account: argparse._SubParsersAction) -> None:
    add_provider_parsers(account.add_parser("add", help="add an account"))


def _send(sub: argparse._SubParsersAction) -> None:
    send = sub.add_parser("send", help="send a message (text, template, media or location)")
    send.add_argument("account")
    send.add_argument("to", help="the customer's number (TimelinesAI also chat:ID, jid:JID, name:CHAT NAME)")
    what = send.add_mutually_exclusive_group(required=True)
    what.add_argument("--text")
    what.add_argument("--template", metavar="NAME", help="template name (Cliengo: template id)")
    what.add_argument("--location", metavar="LAT,LON")
    what.add_argument("--media-type", choices=["image", "video", "audio", "document"])
    send.add_argument("--param", action="append", default=[], help="template parameter, repeatable (Cliengo: key=value)")
    send.add_argument("--language", help="template language, e.g. es_mx")
    send.add_argument("--media-url", help="media link (media sends, media templates)")
    send.add_argument("--filename")
    send.add_argument("--caption")
    send.add_argument("--place-name")
    send.add_argument("--address")
    send.add_argument("--mass", action="store_true", help="Hey Now mass send (channels without contact validation)")
    send.add_argument("--no-contact-validation", action="store_true")
    send.add_argument(
        "--send-anyway",
        action="store_true",
        help="send despite warnings about what the console could not confirm (a number newer than its "
        "numbering plan, a media link it could not check, a 24 h window it did not see); without it such a "
        "send prints the warning and exits 4",
    )
    send.add_argument("--json", action="store_true")


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="centralita",
        description="Operator console for WhatsApp Business providers. With no command it opens the window.",
        epilog="centralita --self-test [--timeout SECONDS]: open the window offscreen on the sandbox, send "
        "through every provider's simulator, print a line per provider and exit 0 when all pass.",
    )
    parser.add_argument("--data-dir", type=Path, help="folder of the database and settings (default: the user data dir)")
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="read the data without changing anything (a damaged or read-only data folder); "
        "for status, account list/show, agenda list and template list",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    account = sub.add_parser("account", help="provider accounts").add_subparsers(dest="action", required=True)
    _account_add(account)
    listing = account.add_parser("list", help="list accounts")
    listing.add_argument("--json", action="store_true")
    test = account.add_parser("test", help="prove an account's credentials")
    test.add_argument("name")
    test.add_argument("--json", action="store_true", help="the outcome as JSON (a failure: its code and values)")
    show = account.add_parser("show", help="an account's settings (no secrets) and capabilities")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    callbacks = account.add_parser("callbacks", help="where a push-only account's callbacks are received: a team relay, or off")
    callbacks.add_argument("name")
    where = callbacks.add_mutually_exclusive_group(required=True)
    where.add_argument("--team-relay", metavar="URL", help="the team relay's HTTPS address")
    where.add_argument("--off", action="store_true", help="stop receiving this account's callbacks")
    callbacks.add_argument(
        "--events-token", metavar="TOKEN", help="the relay's events token (`centralita relay token` there); - reads stdin"
    )

    contact = sub.add_parser("contact", help="contacts at the provider").add_subparsers(dest="action", required=True)
    for action, text in (("register", "register a contact (Broadcasterbot)"), ("delete", "delete a contact (Broadcasterbot)")):
        command = contact.add_parser(action, help=text)
        command.add_argument("account")
        command.add_argument("phone")
        command.add_argument("--country", help="ISO country of a number written without its country code")
        if action == "register":
            command.add_argument(
                "--send-anyway",
                action="store_true",
                help="register a number newer than the console's numbering plan; without it such a number "
                "prints the warning and exits 4",
            )

    agenda = sub.add_parser("agenda", help="contact agendas").add_subparsers(dest="action", required=True)
    sync = agenda.add_parser("sync", help="download an account's agenda")
    sync.add_argument("account")
    agenda_list = agenda.add_parser("list", help="show the stored agenda")
    agenda_list.add_argument("account")
    agenda_list.add_argument("--search", default="")
    agenda_list.add_argument("--limit", type=int, default=100)
    agenda_list.add_argument("--json", action="store_true")

    _send(sub)
    add_inbox_parsers(sub)
    add_follow_parser(sub)

    status = sub.add_parser("status", help="a message's state and timeline")
    status.add_argument("message_id", type=int)
    status.add_argument("--poll", action="store_true", help="follow it until a terminal state")
    status.add_argument("--timeout", type=float, default=300.0, help="with --poll: stop waiting after this many seconds")
    status.add_argument("--json", action="store_true")

    template = sub.add_parser("template", help="template catalogues").add_subparsers(dest="action", required=True)
    importing = template.add_parser("import", help="import a CSV or JSON catalogue (see the README)")
    importing.add_argument("account")
    importing.add_argument("file", type=Path)
    adding = template.add_parser("add", help="add one template")
    adding.add_argument("account")
    adding.add_argument("name", metavar="NAME_OR_ID")
    adding.add_argument("--language", default="")
    counted = adding.add_mutually_exclusive_group()
    counted.add_argument("--params", help="number of positional parameters")
    counted.add_argument("--var", action="append", default=[], help="named variable, repeatable")
    adding.add_argument("--type", default="TEXT", choices=["TEXT", "IMAGE", "VIDEO", "DOCUMENT"])
    adding.add_argument("--body", default="")
    syncing = template.add_parser("sync", help="fetch an account's templates from its provider (WhatsApp Cloud API)")
    syncing.add_argument("account")
    template_list = template.add_parser("list", help="an account's templates")
    template_list.add_argument("account")
    template_list.add_argument("--json", action="store_true")

    chattigo = sub.add_parser("chattigo", help="Chattigo ISV").add_subparsers(dest="action", required=True)
    forward = chattigo.add_parser("forward", help="forward a customer's message to the Chattigo bot")
    forward.add_argument("account")
    forward.add_argument("--from", dest="from_phone", required=True)
    forward.add_argument("--text", required=True)
    forward.add_argument("--name")
    forward.add_argument(
        "--send-anyway",
        action="store_true",
        help="forward from a number newer than the console's numbering plan; without it such a number "
        "prints the warning and exits 4",
    )
    webhook = chattigo.add_parser("set-webhook", help="tell Chattigo where to post the bot's answers (HTTPS)")
    webhook.add_argument("account")
    webhook.add_argument("url")
    take = chattigo.add_parser("take", help="an agent answers the conversation: the customer's messages stop reaching the bot")
    take.add_argument("conversation", type=int, help="the conversation's id (`centralita inbox`)")
    give_back = chattigo.add_parser("give-back", help="the bot answers the conversation again")
    give_back.add_argument("conversation", type=int, help="the conversation's id (`centralita inbox`)")

    add_relay_parser(sub)
    add_server_parser(sub)
    add_team_parser(sub)
    add_database_parser(sub)

    sandbox = sub.add_parser("sandbox", help="the provider simulators").add_subparsers(dest="action", required=True)
    serve = sandbox.add_parser("serve", help="serve the simulators on loopback")
    serve.add_argument("--listen", default="127.0.0.1:8765", help="HOST:PORT (loopback only; default 127.0.0.1:8765)")
    serve.add_argument("--agenda-size", type=int, default=200, help="contacts per demo channel (up to 100000)")
    serve.add_argument("--status-delays", default="2,5,9", help="seconds after a send until RS,RU,LU (default 2,5,9)")
    serve.add_argument("--always-read", action="store_true", help="every message is read; none stays unconfirmed")
    team = sandbox.add_parser(
        "team", help="try team mode on this computer: the simulators, PostgreSQL and a team server, with agents' tokens"
    )
    team.add_argument("--listen", default="127.0.0.1:0", help="the team server's HOST:PORT (loopback only; default a free port)")
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    return _build_parser().parse_args(argv)


HANDLERS: dict[tuple[str, str | None], Callable[..., Awaitable[int]]] = {
    ("account", "add"): account_commands.account_add,
    ("account", "list"): account_commands.account_list,
    ("account", "test"): account_commands.account_test,
    ("account", "show"): account_commands.account_show,
    ("account", "callbacks"): account_commands.account_callbacks,
    ("contact", "register"): agenda_commands.contact_register,
    ("contact", "delete"): agenda_commands.contact_delete,
    ("agenda", "sync"): agenda_commands.agenda_sync,
    ("agenda", "list"): agenda_commands.agenda_list,
    ("send", None): send_commands.send,
    ("status", None): send_commands.status,
    ("template", "import"): template_commands.template_import,
    ("template", "add"): template_commands.template_add,
    ("template", "list"): template_commands.template_list,
    ("template", "sync"): template_commands.template_sync,
    ("chattigo", "forward"): chattigo_commands.chattigo_forward,
    ("chattigo", "set-webhook"): chattigo_commands.chattigo_set_webhook,
    ("chattigo", "take"): chattigo_commands.chattigo_take,
    ("chattigo", "give-back"): chattigo_commands.chattigo_give_back,
    ("inbox", None): inbox.inbox,
    ("search", None): inbox.search,
    ("team", "join"): team_join,
    ("team", "leave"): team_leave,
    ("team", "status"): team_status,
}


READING_COMMANDS = {("status", None), ("account", "list"), ("account", "show"), ("agenda", "list"), ("template", "list")}


READ_ONLY_REFUSAL = Wording(
    "cli.read_only_command",
    "`{command}` changes the data, which --read-only does not allow; "
    "only status (without --poll), account list and show, agenda list and template list read it",
)
NOT_UTF8 = Wording("cli.argument_not_utf8", "{argument} is not UTF-8 text; retype it")


def read_only_refusal(options: argparse.Namespace) -> Notice | None:
    """With --read-only, a command that would change the data is refused before anything opens."""
    if not getattr(options, "read_only", False):
        return None
    what = (options.command, getattr(options, "action", None))
    if what in READING_COMMANDS and not getattr(options, "poll", False):
        return None
    shown_command = " ".join(part for part in what if part) + (" --poll" if getattr(options, "poll", False) else "")
    return READ_ONLY_REFUSAL(command=shown_command)


def run_command(options: argparse.Namespace) -> int:
    try:
        install_logging()
    except StorageProblem as problem:
        complain(told(problem))
        return running.EXIT_FAILED
    refusal = read_only_refusal(options)
    if refusal is not None:
        complain(refusal)
        return 2
    if options.command == "database":
        return run_database(options)
    if options.command == "sandbox":
        return sandbox_team(options) if options.action == "team" else sandbox_serve(options)
    if options.command == "relay":
        return run_relay(options)
    if options.command == "server":
        return run_server(options)
    if options.command == "follow":
        return run_follow(options)
    handler = HANDLERS[(options.command, getattr(options, "action", None))]
    undecodable = running.undecodable_argument(options)
    if undecodable is not None:
        complain(NOT_UTF8(argument=undecodable))
        return 2
    try:
        return asyncio.run(running.with_workspace(options, handler))
    except KeyboardInterrupt:
        return 130
    except running.CommandError as error:
        print(f"centralita: {shown(say(error), 600)}", file=sys.stderr)
        if getattr(options, "json", False):  # scripts read what went wrong by its code
            print_json({"error": error.notice.as_json()})
        return error.exit_code

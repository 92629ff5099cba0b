"""The command implementations; each takes the parsed options and an open workspace."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from console.cli.views import message_json, print_json
from console.cli.wording import say
from console.domain.accounts import Account, ProviderKind
from console.domain.attachments import parse_coordinates
from console.domain.capabilities import MediaKind, Operation
from console.domain.content import Content, LocationContent, MediaContent, TemplateContent, TextContent
from console.domain.errors import DuplicateAccount, InvalidInput
from console.domain.lifecycle import DeliveryState, is_terminal
from console.domain.links import displayed_link
from console.domain.messages import MessageSummary
from console.domain.notices import Notice, NoticeError, Wording, notice_of
from console.domain.send_warnings import NeedsSendAnyway, SendWarning
from console.domain.storage import StorageProblem
from console.domain.validation import MAX_WHOLE_NUMBER, is_utf8, shown
from console.providers import registry
from console.providers.base import SendOptions
from console.providers.errors import ProviderError
from console.services.agenda import SyncProgress
from console.services.backups import DailyBackups
from console.services.preflight import TEMPLATE_NOT_IN_CATALOGUE
from console.services.templates import template_from_fields
from console.services.workspace import Workspace
from console.store.database import Database
from console.store.health import explain
from console.store.location import data_dir

EXIT_FAILED = 1
EXIT_UNKNOWN = 3
EXIT_NEEDS_SEND_ANYWAY = 4  # a warning stopped the send; `--send-anyway` overrides it


class CommandError(NoticeError):
    """A command that cannot go on: one sentence for the user and the exit code."""

    def __init__(self, message: Notice | str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


async def with_workspace(options: argparse.Namespace, handler: Callable[..., Awaitable[int]]) -> int:
    """Open the workspace, run the handler, turn every expected failure into one line.
    A day after the last backup, the database is backed up once the command is done."""
    read_only = bool(getattr(options, "read_only", False))
    try:
        folder = data_dir(options.data_dir)
        workspace = await Workspace.open(folder, read_only=read_only)
    except StorageProblem as problem:
        hint = "" if read_only or not await asyncio.to_thread(_readable_as_it_is, folder) else READ_ONLY_HINT
        raise CommandError(str(problem) + hint) from None
    try:
        code = await handler(options, workspace)
    except (InvalidInput, ProviderError, LookupError, DuplicateAccount, StorageProblem) as error:
        raise CommandError(notice_of(error)) from None
    except DBAPIError as error:
        if read_only:
            raise CommandError(READ_ONLY_REFUSAL) from None
        problem = explain(error, workspace.db.path, mid_command=True)
        if problem is None:
            raise
        hint = READ_ONLY_HINT if "read-only" in str(problem) else ""
        raise CommandError(str(problem) + hint) from None
    finally:
        await workspace.close()
    if not read_only:
        await DailyBackups(workspace.data_dir).take_if_due()
    return code


READ_ONLY_HINT = " Reading commands (status, account list and show, agenda list, template list) still work with --read-only."
READ_ONLY_REFUSAL = "the data is open read-only (--read-only) and this would change it; nothing was changed"


def _readable_as_it_is(folder: Path) -> bool:
    """Whether SQLite can still read the database that could not be opened for writing."""
    try:
        Database.open_read_only(folder).close()
    except (StorageProblem, OSError):
        return False
    return True


MAX_LISTED = 100_000
TEMPLATES_FETCHED = Wording(
    "cli.templates_fetched",
    "{account}: {count} template fetched ({statuses})",
    "{account}: {count} templates fetched ({statuses})",
    "count",
)
TEMPLATES_IN_STATUS = Wording("cli.templates_in_status", "{count} {status}")  # the status is the provider's word
NO_STATUS = Wording("cli.no_template_status", "no status")
NO_TEMPLATES = Wording("cli.no_templates", "none")
TAKEN_FROM_BOT = Wording("cli.taken_from_bot", "conversation {conversation}: an agent answers it; the bot no longer receives it")
GIVEN_BACK_TO_BOT = Wording("cli.given_back_to_bot", "conversation {conversation}: the bot answers it again")
_CELL = 10_000


def undecodable_argument(options: argparse.Namespace) -> str | None:
    """The flag or argument whose text came from bytes that are not UTF-8, if any (file paths may be anything)."""
    for key, value in vars(options).items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and not is_utf8(v) for v in values):
            return "--" + key.replace("_", "-") if key not in ("name", "account", "to", "file") else key.upper()
    return None


def _cell(text: str) -> str:
    """A value for a tab-separated line: control characters (tabs, new lines, escapes) escaped."""
    return shown(text, _CELL)


def _secret(value: str, what: str) -> str:
    if value != "-":
        return value
    line = sys.stdin.readline().rstrip("\n")
    if not line:
        raise CommandError(f"no {what} on standard input")
    return line


async def account_add(options: argparse.Namespace, workspace: Workspace) -> int:
    provider = ProviderKind(options.provider)
    values: dict[str, object] = {}
    for field in registry.definition(provider).fields:
        value = getattr(options, field.key)
        if value is not None:
            values[field.key] = _secret(value, field.label) if field.secret else value
    account = await workspace.accounts.add_account(options.name, provider, values)
    print(f"Added {account.title}. Secrets are kept in: {workspace.accounts.secrets_description}.")
    return 0


async def account_list(options: argparse.Namespace, workspace: Workspace) -> int:
    accounts = await workspace.accounts.list()
    if options.json:
        print_json(
            [
                {
                    "id": a.id,
                    "name": a.name,
                    "provider": a.provider.value,
                    "sandbox": a.sandbox,
                    "settings": _shown_settings(a.settings),
                }
                for a in accounts
            ]
        )
        return 0
    if not accounts:
        print("No accounts. Add one with: centralita account add heynow NAME --base-url URL ...")
    for account in accounts:
        base_url = str(account.settings.get("base_url", ""))
        print(f"{_cell(account.name)}\t{account.provider.value}\t{_cell(displayed_link(base_url) if base_url else '')}")
    return 0


async def account_test(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.name)
    health = await workspace.clients.test_connection(account)
    if health.state.value != "connected":
        raise CommandError(f"{account.name}: {health.detail or health.state.value}")
    print(f"{account.name}: connected")
    return 0


async def account_show(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.name)
    capabilities = registry.capabilities(account.provider)
    secret_keys = registry.definition(account.provider).secret_keys
    body = {
        "name": account.name,
        "provider": account.provider.value,
        "sandbox": account.sandbox,
        "settings": _shown_settings(account.settings),
        "secrets": [f"{key} (in the {workspace.accounts.secrets_description})" for key in secret_keys],
        "capabilities": sorted(op.value for op in capabilities.operations),
        "delivery_reports": capabilities.delivery_reports,
        "min_send_interval_seconds": capabilities.min_send_interval,
        "media_limits": {kind.value: rule.max_bytes for kind, rule in capabilities.media.items()},
    }
    if capabilities.supports(Operation.PUSH_CALLBACKS):
        # The URL to hand to the provider; None until the account is connected to a relay.
        status = await workspace.callback_setup.status(account)
        body["callbacks"] = status.mode.value
        body["callback_url"] = status.url
    if "verify_token" in secret_keys:  # whether it is set, never its value
        body["verify_token"] = "set" if await workspace.accounts.has_secret(account, "verify_token") else "missing"
    if options.json:
        print_json(body)
        return 0
    for key, value in body.items():
        print(f"{key}: {value}")
    return 0


def _shown_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings as printed: a base URL stored by an earlier version with user:pass@ shows without it."""
    return {
        key: displayed_link(value) if key == "base_url" and isinstance(value, str) else value for key, value in settings.items()
    }


async def account_callbacks(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.name)
    if options.off:
        await workspace.callback_setup.turn_off(account)
        print(f"{account.name}: callbacks off")
        return 0
    token = _secret(options.events_token, "events token") if options.events_token else None
    url = await workspace.callback_setup.use_team_relay(account, options.team_relay, token)
    status = await workspace.callback_setup.status(await workspace.accounts.by_id(account.id))
    where = "the provider was told" if status.provider_told else "hand it to the provider"
    print(f"{account.name}: callbacks at the team relay; callback URL ({where}):\n{url}")
    return 0


async def contact_register(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    anyway: tuple[SendWarning, ...] = ()
    if options.send_anyway:
        anyway = workspace.contacts.registration_warnings(account, options.phone, options.country)
        for warning in anyway:
            print(f"centralita: warning, registering anyway: {warning}", file=sys.stderr)
    try:
        phone = await workspace.contacts.register(account, options.phone, options.country, anyway)
    except NeedsSendAnyway as error:
        raise CommandError(_needs_send_anyway(error.warnings, "registered", "registers"), EXIT_NEEDS_SEND_ANYWAY) from None
    print(f"{account.name}: registered {phone.international}")
    return 0


async def contact_delete(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    phone = await workspace.contacts.delete(account, options.phone, options.country)
    print(f"{account.name}: deleted {phone.international}")
    return 0


async def agenda_sync(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    interactive = sys.stderr.isatty()

    def show(progress: SyncProgress) -> None:
        if interactive and progress.phase == "storing":
            print(f"\rstoring {progress.done}/{progress.total}", end="", file=sys.stderr, flush=True)

    result = await workspace.agenda.sync(account, show)
    if interactive:
        print(file=sys.stderr)
    print(f"{account.name}: {result.listed} contacts in the agenda, {result.left_agenda} no longer listed.")
    if result.unreadable_sentence:
        print(f"centralita: warning: {say(result.unreadable_sentence)}", file=sys.stderr)
    return 0


async def agenda_list(options: argparse.Namespace, workspace: Workspace) -> int:
    if not 1 <= options.limit <= MAX_LISTED:
        raise CommandError(f"--limit must be between 1 and {MAX_LISTED:,}")
    account = await workspace.accounts.by_name(options.account)
    total = await workspace.agenda.count(account.id, options.search)
    contacts = await workspace.agenda.page(account.id, options.search, 0, options.limit)
    if options.json:
        print_json(
            {
                "total": total,
                "contacts": [
                    {
                        "id": c.id,
                        "external_id": c.external_id,
                        "phone": c.phone,
                        "name": c.display_name,
                        "in_agenda": c.in_agenda,
                    }
                    for c in contacts
                ],
            }
        )
        return 0
    for contact in contacts:
        print(f"{_cell(contact.phone)}\t{_cell(contact.display_name)}")
    if total > len(contacts):
        print(f"... {total - len(contacts)} more (use --limit or --search)", file=sys.stderr)
    return 0


def _exit_for(message: MessageSummary) -> int:
    if message.state is DeliveryState.FAILED:
        return EXIT_FAILED
    if message.state is DeliveryState.UNKNOWN:
        return EXIT_UNKNOWN
    return 0


def _content(options: argparse.Namespace, account: Account) -> Content:
    """The send's content from its flags; flags that do not belong to it are an error."""
    if options.text is not None:
        _reject_flags(options, "--text", "param", "language", "media_url", "filename", "caption", "place_name", "address")
        return TextContent(options.text)
    if options.template is not None:
        _reject_flags(options, "--template", "caption", "place_name", "address")
        positional, named = _params(options.param, named=account.provider is ProviderKind.CLIENGO)
        return TemplateContent(options.template, positional, named, options.language, options.media_url, options.filename)
    if options.location is not None:
        _reject_flags(options, "--location", "param", "language", "media_url", "filename", "caption")
        latitude, longitude = parse_coordinates(options.location, "--location")
        return LocationContent(latitude, longitude, options.place_name, options.address)
    _reject_flags(options, "--media-type", "param", "language", "place_name", "address")
    if not options.media_url:
        raise InvalidInput("--media-url", "a media send needs the file's link")
    return MediaContent(MediaKind(options.media_type), options.media_url, options.caption, options.filename)


def _reject_flags(options: argparse.Namespace, kind: str, *names: str) -> None:
    for name in names:
        if getattr(options, name) not in (None, []):
            raise InvalidInput("--" + name.replace("_", "-"), f"does not go with {kind}")


def _params(values: list[str], *, named: bool) -> tuple[tuple[str, ...], dict[str, str]]:
    if not named:
        return tuple(values), {}
    pairs: dict[str, str] = {}
    for value in values:
        key, separator, text = value.partition("=")
        if not separator or not key.strip():
            raise InvalidInput("--param", f"'{value}' must be key=value for Cliengo templates")
        pairs[key.strip()] = text
    return (), pairs


async def send(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    content = _content(options, account)
    send_options = SendOptions(options.mass, not options.no_contact_validation)
    anyway: tuple[SendWarning, ...] = ()
    if options.send_anyway:
        anyway = (await workspace.outbox.check(account, options.to, content, send_options)).warnings
        for warning in anyway:
            print(f"centralita: warning, sending anyway: {warning}", file=sys.stderr)
    try:
        message = await workspace.outbox.send(account, options.to, content, send_options, anyway)
    except NeedsSendAnyway as error:
        raise CommandError(_needs_send_anyway(error.warnings), EXIT_NEEDS_SEND_ANYWAY) from None
    if options.json:
        print_json(message_json(message))
    else:
        reference = f" ({message.provider_message_id})" if message.provider_message_id else ""
        print(f"message {message.id}: {message.state.value}{reference}")
    for event in await workspace.conversations.timeline(message.id):
        if event.state is DeliveryState.PENDING and event.detail and event.detail.code == TEMPLATE_NOT_IN_CATALOGUE.code:
            print(f"centralita: warning: {say(event.detail)}", file=sys.stderr)
    if message.failure_reason and message.state in (DeliveryState.FAILED, DeliveryState.UNKNOWN):
        print(f"centralita: {say(message.failure_reason)}", file=sys.stderr)
    return _exit_for(message)


def _needs_send_anyway(warnings: tuple[SendWarning, ...], done: str = "sent", does: str = "sends") -> str:
    """One line: every warning, and how to go ahead despite them."""
    which = "this warning" if len(warnings) == 1 else "these warnings"
    return f"not {done}: {'; '.join(str(w) for w in warnings)} (--send-anyway {does} it despite {which})"


async def status(options: argparse.Namespace, workspace: Workspace) -> int:
    if not 1 <= options.message_id <= MAX_WHOLE_NUMBER:
        raise CommandError(f"there is no message {shown(str(options.message_id))}")
    message = await workspace.conversations.message(options.message_id)
    if message is None:
        raise CommandError(f"there is no message {options.message_id}")
    if options.poll and not is_terminal(message.state):
        try:
            await asyncio.wait_for(workspace.poller.follow(message.id), options.timeout)
        except TimeoutError:
            print(f"centralita: stopped waiting after {options.timeout:g} s", file=sys.stderr)
        message = await workspace.conversations.message(options.message_id)
        assert message is not None
    events = await workspace.conversations.timeline(message.id)
    if options.json:
        body = message_json(message)
        body["events"] = [
            {
                "state": e.state.value,
                "raw_state": e.raw_state,
                "source": e.source.value,
                "at": e.at.isoformat(),
                "detail": e.detail,
            }
            for e in events
        ]
        print_json(body)
        return 0
    print(f"message {message.id}: {message.state.value}")
    for event in events:
        raw = f" [{event.raw_state}]" if event.raw_state else ""
        detail = f" — {say(event.detail)}" if event.detail else ""
        print(f"  {event.at:%Y-%m-%d %H:%M:%S}  {event.state.value:<9}{raw}  ({event.source.value}){detail}")
    return 0


async def template_import(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    templates = await workspace.templates.import_file(account, options.file)
    print(f"{account.name}: {len(templates)} template(s) imported from {options.file.name}")
    return 0


async def template_add(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    fields = {"name": options.name, "language": options.language, "type": options.type, "body": options.body}
    if options.params is not None:
        fields["params"] = str(options.params)
    if options.var:
        fields["variables"] = options.var
    template = template_from_fields(fields, "the template")
    await workspace.templates.add(account, template)
    print(f"{account.name}: template {template.name} saved")
    return 0


async def template_sync(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    templates = await workspace.templates.sync(account)
    statuses = Counter(t.status.lower() for t in templates)
    shown_statuses = ", ".join(
        say(TEMPLATES_IN_STATUS(count=count, status=status or NO_STATUS())) for status, count in sorted(statuses.items())
    )
    print(say(TEMPLATES_FETCHED(account=account.name, count=len(templates), statuses=shown_statuses or NO_TEMPLATES())))
    return 0


async def template_list(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    templates = await workspace.templates.list(account)
    if options.json:
        print_json(
            [
                {
                    "name": t.name,
                    "language": t.language,
                    "type": t.kind.value,
                    "params": t.param_count,
                    "variables": list(t.variables),
                    "body": t.body,
                    "status": t.status,
                }
                for t in templates
            ]
        )
        return 0
    for t in templates:
        shape = ", ".join(t.variables) if t.variables else f"{t.param_count} param(s)"
        status = f"\t{t.status}" if t.status else ""
        print(f"{_cell(t.name)}\t{_cell(t.language) or '-'}\t{t.kind.value}\t{_cell(shape)}\t{_cell(t.body)}{status}")
    return 0


async def chattigo_forward(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    anyway: tuple[SendWarning, ...] = ()
    if options.send_anyway:
        anyway = workspace.bots.forward_warnings(account, options.from_phone)
        for warning in anyway:
            print(f"centralita: warning, forwarding anyway: {warning}", file=sys.stderr)
    try:
        message = await workspace.bots.forward(account, options.from_phone, options.text, options.name, anyway)
    except NeedsSendAnyway as error:
        raise CommandError(_needs_send_anyway(error.warnings, "forwarded", "forwards"), EXIT_NEEDS_SEND_ANYWAY) from None
    print(f"{account.name}: forwarded message {message.id} to the bot")
    return 0


async def chattigo_set_webhook(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    await workspace.bots.set_webhook(account, options.url)
    print(f"{account.name}: Chattigo will post the bot's answers to the URL given")
    return 0


async def chattigo_take(options: argparse.Namespace, workspace: Workspace) -> int:
    await workspace.conversations.take_from_bot(options.conversation)
    print(say(TAKEN_FROM_BOT(conversation=str(options.conversation))))
    return 0


async def chattigo_give_back(options: argparse.Namespace, workspace: Workspace) -> int:
    await workspace.conversations.give_back_to_bot(options.conversation)
    print(say(GIVEN_BACK_TO_BOT(conversation=str(options.conversation))))
    return 0


def sandbox_serve(options: argparse.Namespace) -> int:
    from console.sandbox.heynow import HeyNowSandboxConfig
    from console.sandbox.server import serve_forever

    host, _, port = options.listen.rpartition(":")
    if not host or not port.isdigit():
        print(f"centralita: --listen wants HOST:PORT, not '{options.listen}'", file=sys.stderr)
        return 2
    if not 1 <= options.agenda_size <= 100_000:
        print("centralita: --agenda-size must be between 1 and 100000", file=sys.stderr)
        return 2
    try:
        delays = tuple(float(part) for part in options.status_delays.split(","))
    except ValueError:
        delays = ()
    if len(delays) != 3 or any(d < 0 for d in delays):
        print("centralita: --status-delays wants three numbers of seconds, e.g. 2,5,9", file=sys.stderr)
        return 2
    config = HeyNowSandboxConfig(agenda_size=options.agenda_size, status_delays=delays)  # type: ignore[arg-type]
    if options.always_read:
        config = dataclasses.replace(config, never_read_ratio=0.0, stuck_ratio=0.0)
    try:
        serve_forever(host, int(port), config)
    except (ValueError, OSError) as error:
        print(f"centralita: {error}", file=sys.stderr)
        return 1
    return 0

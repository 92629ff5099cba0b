"""`centralita server`: the team server (the relay's routes plus the team endpoints) and its agents.

    centralita server --listen HOST:PORT --database-url URL     upgrade the schema if needed, then serve until SIGINT/SIGTERM
    centralita server upgrade --database-url URL                upgrade the schema only, saying from which revision to which
    centralita server agents add NAME --database-url URL        print the new agent's token, once
    centralita server agents list [--json]                      name, created, last seen, revoked
    centralita server agents revoke NAME                        the token stops opening the server
    centralita server accounts add PROVIDER NAME --FIELD …     a provider account, as `centralita account add`
        [--public-url https://server.example.com]              where providers reach the server (Chattigo is told)
    centralita server accounts list [--json]                    name, provider, settings (never a secret), callback path
    centralita server accounts set NAME --FIELD …               change some of an account's fields, the others kept
        [--public-url https://server.example.com]              (a Cloud API route sealed again; Chattigo told again)
    centralita server accounts remove NAME                      the account, its callback route and this host's secrets

The database URL may come from `$CENTRALITA_SERVER_DATABASE` instead, which keeps a password
out of the process list and the shell history. An account's secrets go to this host's secret
store (`--data-dir`), never to the database; `team_server.secrets` says which environment
variable overrides each. A Cloud API account's route is signed: its app secret sealed with
the events token in effect (`$CENTRALITA_RELAY_TOKEN`, else this host's), which must be the
servers' own. A failure is one sentence on stderr, never
the URL's password or a traceback. `python -m console.cli.server` takes the same arguments
plus `--data-dir`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import asdict
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from console.cli.account_fields import (
    add_every_field,
    add_provider_parsers,
    changed_values,
    entered_values,
    flag_for,
    read_secret,
)
from console.cli.relay import CANNOT_LISTEN
from console.cli.stop_signals import until_stopped
from console.cli.wording import complain, echo, say, told
from console.domain.accounts import PROVIDER_TITLES, Account, ProviderKind
from console.domain.network import is_loopback_host, parse_listen_address
from console.domain.notices import Notice, NoticeError, Wording
from console.logging_setup import install_logging
from console.providers.registry import definition
from console.providers.whatsapp_cloud import VERIFY_TOKEN
from console.relay.signed_routes import SIGNED_PROVIDERS, Sealer
from console.relay.store import open_engine
from console.relay.tokens import standalone_events_token
from console.services import field_labels
from console.services.callback_setup import reachable_url
from console.store.location import data_dir
from console.store.secrets import open_secrets
from console.team_server.accounts import ServerAccounts
from console.team_server.claiming import WorkerOptions
from console.team_server.secrets import ServerSecrets, secret_variable
from console.team_server.server import DATABASE_ENV, TeamServer
from console.team_server.store import TeamStore
from console.team_server.upgrade import Upgrade, database_where, upgrade
from console.team_server.webhooks import WEBHOOK_NOT_CHANGED, is_told, set_webhook

DEFAULT_LISTEN = "127.0.0.1:8767"
LEASE_ENV = "CENTRALITA_SERVER_SEND_LEASE"
PUBLIC_URL_ENV = "CENTRALITA_SERVER_PUBLIC_URL"

LISTENING = Wording("cli.server.listening", "server listening on {url}")
REACHABLE = Wording(
    "cli.server.reachable", "server: reachable from other computers; put it behind an HTTPS proxy for consoles and providers"
)
NO_DATABASE = Wording("cli.server.no_database", "no database given: pass --database-url or set {variable}")
BAD_URL = Wording(
    "cli.server.bad_database_url",
    "the database URL is not one the server can use; expected postgresql+psycopg://USER:PASSWORD@HOST/DATABASE or sqlite:///PATH",
)
UNREACHABLE = Wording(
    "cli.server.database_unreachable",
    "cannot reach the database {where}; check that it runs and that the URL's host, port, user and password are right",
)
DATABASE_ERROR = Wording(
    "cli.server.database_error", "the database {where} refused the server ({kind}); check the user's rights on it"
)
TOKEN_ONCE = Wording(
    "cli.server.token_once", "agent {name} added; the token above is shown only this once: hand it to the agent privately"
)
REVOKED = Wording("cli.server.revoked", "agent {name} revoked; its token no longer opens the server")
RELEASED = Wording("cli.server.released", "conversations {name} had, now nobody's: {count}")
AGENT_LINE = Wording("cli.server.agent_line", "{name}\tcreated {created}\tlast seen {last_seen}\t{state}")
NEVER = Wording("cli.server.never", "never")
ACTIVE = Wording("cli.server.active", "active")
REVOKED_AT = Wording("cli.server.revoked_at", "revoked {at}")
SCHEMA_CREATED = Wording("cli.server.schema_created", "database {where}: it had no tables; created them at schema {after}")
SCHEMA_ADOPTED = Wording(
    "cli.server.schema_adopted",
    "database {where}: kept its tables made before schema revisions (by an older server or a relay); now at schema {after}",
)
SCHEMA_UPGRADED = Wording("cli.server.schema_upgraded", "database {where}: upgraded from schema {before} to {after}")
SCHEMA_CURRENT = Wording("cli.server.schema_current", "database {where}: already at schema {after}; nothing to do")
BAD_LEASE = Wording("cli.server.bad_lease", "{variable} must be a number of seconds from 1 to 600")
ACCOUNT_ADDED = Wording("cli.server.account_added", "Added {account}. Secrets are kept in: {where}.")
CALLBACK_PATH = Wording(
    "cli.server.callback_path",
    "Give the provider this callback URL, after the server's public HTTPS address (keep it private): {path}",
)
VERIFY_TOKEN_LINE = Wording(
    "cli.server.verify_token", "Give Meta this verify token with the callback URL (keep it private too): {token}"
)
PROVIDER_TOLD = Wording("cli.server.provider_told", "{provider} was told to post to this callback URL (keep it private): {url}")
TELL_IT_YOURSELF = Wording(
    "cli.server.tell_it_yourself",
    "{provider} was not told the callback URL: the server's public address was not given (--public-url or {variable}); "
    "give it the URL yourself.",
)
SECRET_VARIABLE = Wording("cli.server.secret_variable", "On another server host, set {variable} instead.")
ACCOUNT_REMOVED = Wording(
    "cli.server.account_removed", "Removed {account}, its callback route and this host's copy of its secrets."
)
ACCOUNT_CHANGED = Wording("cli.server.account_changed", "Changed {account}. Secrets are kept in: {where}.")
NOTHING_TO_CHANGE = Wording(
    "cli.server.nothing_to_change", "nothing to change: give the fields to change, e.g. --app-secret - --verify-token -"
)
NOT_ITS_FIELDS = Wording(
    "cli.server.not_its_fields",
    "{flags} is not a field of a {provider} account",
    "{flags} are not fields of a {provider} account",
    "count",
)
VARIABLE_WINS = Wording(
    "cli.server.variable_wins", "{variable} is set here and wins over the stored secret: change it too, wherever it is set."
)
NO_SERVER_ACCOUNTS = Wording(
    "cli.server.no_accounts", "No accounts. Add one with: centralita server accounts add PROVIDER NAME ..."
)


def _database_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--database-url",
        default=default,
        help=f"SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (default ${DATABASE_ENV}); one process may use sqlite:///PATH",
    )


def add_server_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("server", help="the team server: the relay plus agents, change log and conversations")
    parser.add_argument("--listen", default=DEFAULT_LISTEN, help=f"HOST:PORT (default {DEFAULT_LISTEN})")
    _database_option(parser)
    actions = parser.add_subparsers(dest="server_action", metavar="ACTION")
    agents = actions.add_parser("agents", help="the agents whose tokens open the server").add_subparsers(
        dest="agents_action", required=True
    )
    add = agents.add_parser("add", help="add an agent and print its token, once")
    add.add_argument("name")
    listing = agents.add_parser("list", help="every agent: created, last seen, revoked")
    listing.add_argument("--json", action="store_true")
    revoke = agents.add_parser("revoke", help="revoke an agent's token")
    revoke.add_argument("name")
    accounts = actions.add_parser("accounts", help="the provider accounts the server sends through").add_subparsers(
        dest="accounts_action", required=True
    )
    account_add = accounts.add_parser("add", help="add a provider account: the same fields as `centralita account add`")
    providers = add_provider_parsers(account_add)
    for provider in providers:
        provider.add_argument(
            "--public-url",
            default=os.environ.get(PUBLIC_URL_ENV, ""),
            help=f"the server's public HTTPS address, which Chattigo is told (default ${PUBLIC_URL_ENV})",
        )
    account_list = accounts.add_parser("list", help="every account: name, provider, settings (no secret)")
    account_list.add_argument("--json", action="store_true")
    account_set = accounts.add_parser("set", help="change some of an account's fields; the others are kept")
    account_set.add_argument("name")
    add_every_field(account_set)
    account_set.add_argument(
        "--public-url",
        default=os.environ.get(PUBLIC_URL_ENV, ""),
        help=f"the server's public HTTPS address, which Chattigo is told again (default ${PUBLIC_URL_ENV})",
    )
    account_remove = accounts.add_parser(
        "remove", help="remove an account, its callback route and this host's copy of its secrets"
    )
    account_remove.add_argument("name")
    migrate = actions.add_parser("upgrade", help="upgrade the database's schema to this version's, then exit")
    for command in (add, listing, revoke, account_list, account_set, account_remove, migrate, *providers):
        _database_option(command, argparse.SUPPRESS)  # after the action too, without hiding one given before it
    return parser


def _where(url: str) -> str:
    return database_where(make_url(url))


@contextlib.contextmanager
def _database(url: str) -> Iterator[None]:
    """The database's failures as one sentence that never carries the URL's password."""
    try:
        yield
    except (ArgumentError, ImportError):
        raise NoticeError(BAD_URL()) from None
    except OperationalError:
        raise NoticeError(UNREACHABLE(where=_where(url))) from None
    except DBAPIError as error:
        raise NoticeError(DATABASE_ERROR(where=_where(url), kind=type(error.orig).__name__)) from None


def _database_url(options: argparse.Namespace) -> str:
    url = options.database_url or os.environ.get(DATABASE_ENV, "").strip()
    if not url:
        raise NoticeError(NO_DATABASE(variable=DATABASE_ENV))
    try:
        make_url(url)
    except (ArgumentError, ValueError):
        raise NoticeError(BAD_URL()) from None
    return url


def _agents(options: argparse.Namespace) -> int:
    url = _database_url(options)
    with _database(url):
        store = TeamStore.open(url)
        try:
            if options.agents_action == "add":
                token = store.add_agent(options.name)
                print(token)
                print(say(TOKEN_ONCE(name=options.name)), file=sys.stderr)
            elif options.agents_action == "revoke":
                released = store.revoke_agent(options.name)
                echo(REVOKED(name=options.name))
                if released:
                    echo(RELEASED(name=options.name, count=len(released)))
            elif options.json:
                print(json.dumps([asdict(agent) for agent in store.agents()], indent=2))
            else:
                for agent in store.agents():
                    state = ACTIVE() if agent.revoked_at is None else REVOKED_AT(at=agent.revoked_at)
                    last_seen = agent.last_seen_at or NEVER()
                    echo(AGENT_LINE(name=agent.name, created=agent.created_at, last_seen=last_seen, state=state))
        finally:
            store.close()
    return 0


def upgrade_said(upgraded: Upgrade, where: str) -> Notice:
    """What an upgrade did, in one sentence."""
    if not upgraded.changed:
        return SCHEMA_CURRENT(where=where, after=upgraded.after)
    if upgraded.adopted:
        return SCHEMA_ADOPTED(where=where, after=upgraded.after)
    if upgraded.before is None:
        return SCHEMA_CREATED(where=where, after=upgraded.after)
    return SCHEMA_UPGRADED(where=where, before=upgraded.before, after=upgraded.after)


def _upgrade(options: argparse.Namespace) -> int:
    url = _database_url(options)
    with _database(url):
        engine = open_engine(url)
        try:
            upgraded = upgrade(engine)
        finally:
            engine.dispose()
    echo(upgrade_said(upgraded, _where(url)))
    return 0


async def _serve(server: TeamServer, host: str) -> None:
    await server.start()
    stopped = asyncio.ensure_future(until_stopped())
    await asyncio.sleep(0)  # SIGTERM is handled from here on: whoever reads the next line may send it at once
    echo(LISTENING(url=server.root_url))
    if not is_loopback_host(host):
        echo(REACHABLE())
    sys.stdout.flush()
    try:
        await stopped
    finally:
        await server.stop()


def _accounts(options: argparse.Namespace) -> int:
    values = _given_values(options)
    url = _database_url(options)
    folder = data_dir(options.data_dir)
    secrets = ServerSecrets.open(folder)
    with _database(url):
        store = TeamStore.open(url)
        try:
            provider = _provider_of(options, ServerAccounts(store.engine, secrets))
            sealer = None
            if provider is not None and provider.value in SIGNED_PROVIDERS:  # the token the servers check with
                sealer = Sealer(standalone_events_token(lambda: open_secrets(folder)))
            accounts = ServerAccounts(store.engine, secrets, sealer)
            if options.accounts_action == "add":
                account = _add_account(options, accounts, values)
                echo(ACCOUNT_ADDED(account=account.title, where=secrets.description))
                _say_callbacks(accounts, account, options.public_url)
                _say_variables(account, values)
            elif options.accounts_action == "set":
                account = _change_account(options, accounts, values)
                echo(ACCOUNT_CHANGED(account=account.title, where=secrets.description))
                _say_callbacks(accounts, account, options.public_url)
                _say_variables(account, values)
            elif options.accounts_action == "remove":
                accounts.remove(options.name)
                echo(ACCOUNT_REMOVED(account=options.name))
            elif options.json:
                listed = [
                    {
                        "name": a.name,
                        "provider": a.provider.value,
                        "settings": a.settings,
                        "callback_path": accounts.callback_path(a.name),
                    }
                    for a in accounts.list()
                ]
                print(json.dumps(listed, indent=2, ensure_ascii=False))
            else:
                listed_accounts = accounts.list()
                if not listed_accounts:
                    echo(NO_SERVER_ACCOUNTS())
                for account in listed_accounts:
                    print(f"{account.name}\t{account.provider.value}\t{PROVIDER_TITLES[account.provider]}")
        finally:
            store.close()
    return 0


def _given_values(options: argparse.Namespace) -> dict[str, object]:
    """The fields on the command line (secrets read from standard input before anything else)."""
    if options.accounts_action == "add":
        return entered_values(options, read_secret)
    if options.accounts_action == "set":
        values = changed_values(options, read_secret)
        if not values and not options.public_url.strip():
            raise NoticeError(NOTHING_TO_CHANGE())
        return values
    return {}


def _provider_of(options: argparse.Namespace, accounts: ServerAccounts) -> ProviderKind | None:
    """The provider of the account added or changed; None for the other actions (and an unknown
    account, which `set` then refuses)."""
    if options.accounts_action == "add":
        return ProviderKind(options.provider)
    if options.accounts_action == "set":
        account = accounts.by_name(options.name)
        return None if account is None else account.provider
    return None


def _change_account(options: argparse.Namespace, accounts: ServerAccounts, values: dict[str, object]) -> Account:
    """The account changed; Chattigo is told its callback URL again when the public address is known."""
    account = accounts.by_name(options.name)
    if account is not None:
        keys = {spec_field.key for spec_field in definition(account.provider).fields}
        foreign = [flag_for(key) for key in values if key not in keys]
        if foreign:
            raise NoticeError(
                NOT_ITS_FIELDS(flags=", ".join(foreign), provider=PROVIDER_TITLES[account.provider], count=len(foreign))
            )
    public = reachable_url(options.public_url, field_labels.PUBLIC_URL()) if options.public_url.strip() else ""

    def announce(changed: Account, secrets: Mapping[str, str], path: str) -> None:
        asyncio.run(set_webhook(changed, secrets, public + path, WEBHOOK_NOT_CHANGED))

    telling = account is not None and bool(public) and is_told(account.provider)
    return accounts.change(options.name, values, announce if telling else None)


def _say_variables(account: Account, values: Mapping[str, object]) -> None:
    """The variables that override the secrets given, for another host; one set here wins over them."""
    for key in sorted(key for key in values if key in definition(account.provider).secret_keys):
        variable = secret_variable(account.name, key)
        echo(SECRET_VARIABLE(variable=variable))
        if os.environ.get(variable):
            echo(VARIABLE_WINS(variable=variable))


def _add_account(options: argparse.Namespace, accounts: ServerAccounts, values: dict[str, object]) -> Account:
    """The account added; a provider told the callback URL through its API (Chattigo) is told first,
    when the server's public address is known."""
    public = reachable_url(options.public_url, field_labels.PUBLIC_URL()) if options.public_url.strip() else ""
    provider = ProviderKind(options.provider)

    def announce(account: Account, secrets: Mapping[str, str], path: str) -> None:
        asyncio.run(set_webhook(account, secrets, public + path))

    return accounts.add(options.name, provider, values, announce if public and is_told(provider) else None)


def _say_callbacks(accounts: ServerAccounts, account: Account, public_url: str) -> None:
    """Where the account's provider posts, and what else the admin hands it."""
    path = accounts.callback_path(account.name)
    if path is None:
        return
    title = PROVIDER_TITLES[account.provider]
    public = public_url.strip().rstrip("/")
    if not is_told(account.provider):
        echo(CALLBACK_PATH(path=path))
    elif public:
        echo(PROVIDER_TOLD(provider=title, url=public + path))
    else:
        echo(CALLBACK_PATH(path=path))
        echo(TELL_IT_YOURSELF(provider=title, variable=PUBLIC_URL_ENV))
    if account.provider.value in SIGNED_PROVIDERS:
        echo(VERIFY_TOKEN_LINE(token=str(accounts.secrets.get(account.name, VERIFY_TOKEN))))


def _worker_options() -> WorkerOptions:
    """The send worker's lease from `$CENTRALITA_SERVER_SEND_LEASE` (seconds), else the default."""
    raw = os.environ.get(LEASE_ENV, "").strip()
    if not raw:
        return WorkerOptions()
    try:
        lease = float(raw)
    except ValueError:
        lease = 0.0
    if not 1.0 <= lease <= 600.0:
        raise NoticeError(BAD_LEASE(variable=LEASE_ENV))
    return WorkerOptions(lease=lease)


def run_server(options: argparse.Namespace) -> int:
    try:
        if getattr(options, "server_action", None) == "agents":
            return _agents(options)
        if getattr(options, "server_action", None) == "upgrade":
            return _upgrade(options)
        if getattr(options, "server_action", None) == "accounts":
            return _accounts(options)
        host, port = parse_listen_address(options.listen)
        url = _database_url(options)
        folder = data_dir(options.data_dir)
        token = standalone_events_token(lambda: open_secrets(folder))
        secrets = ServerSecrets.open(folder)
        with _database(url):
            server = TeamServer.open(url, token, secrets, host, port, _worker_options())
        if server.upgraded.changed:  # on standard error: the first line out is where the server listens
            print(say(upgrade_said(server.upgraded, _where(url))), file=sys.stderr)
    except (NoticeError, ValueError) as error:  # StorageProblem and InvalidInput are NoticeErrors
        complain(told(error))
        return 2
    try:
        with _database(url):
            asyncio.run(_serve(server, host))
    except KeyboardInterrupt:
        return 130
    except NoticeError as error:
        complain(told(error))
        return 1
    except OSError as error:
        complain(CANNOT_LISTEN(listen=options.listen, error=str(error)))
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="centralita")
    parser.add_argument("--data-dir", type=Path)
    add_server_parser(parser.add_subparsers(dest="command", required=True))
    options = parser.parse_args(argv)
    install_logging()
    return run_server(options)


if __name__ == "__main__":
    raise SystemExit(main())

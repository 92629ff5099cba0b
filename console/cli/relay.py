"""`centralita relay`: the callback receiver as a standalone service, and its events token.

    centralita relay --listen HOST:PORT [--database-url URL]   serve until SIGINT/SIGTERM
    centralita relay token                                     print the events token

The events token is `$CENTRALITA_RELAY_TOKEN` when set (relays on several hosts sharing one
database, see docs/TEAM.md), else one made and kept in this host's secret store.
`python -m console.cli.relay` takes the same arguments plus `--data-dir`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from console.cli.stop_signals import until_stopped
from console.cli.wording import complain, echo, told
from console.domain.network import is_loopback_host, parse_listen_address
from console.domain.notices import Wording
from console.domain.storage import StorageProblem
from console.logging_setup import install_logging
from console.relay.embedded import STORE_FILE
from console.relay.server import Relay
from console.relay.store import RelayStore, sqlite_url
from console.relay.tokens import standalone_events_token
from console.store.health import check_database_file, explain
from console.store.location import data_dir
from console.store.secrets import open_secrets

DEFAULT_LISTEN = "127.0.0.1:8766"
STORE_WAY_OUT = Wording(
    "cli.relay.store_way_out", "restore it from a backup of this host, or move it aside to start the relay with an empty store"
)
LISTENING = Wording("cli.relay.listening", "relay listening on {url}")
REACHABLE = Wording(
    "cli.relay.reachable", "relay: reachable from other computers; put it behind an HTTPS proxy for the providers"
)
CANNOT_LISTEN = Wording("cli.relay.cannot_listen", "cannot listen on {listen}: {error}")


def add_relay_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("relay", help="receive provider callbacks for consoles (standalone service)")
    parser.add_argument("--listen", default=DEFAULT_LISTEN, help=f"HOST:PORT (default {DEFAULT_LISTEN})")
    parser.add_argument(
        "--database-url",
        help=f"SQLAlchemy URL of the store, e.g. postgresql+psycopg://user@host/db (default: {STORE_FILE} in the data dir)",
    )
    actions = parser.add_subparsers(dest="relay_action", metavar="ACTION")
    actions.add_parser("token", help="print the events token consoles use to read this relay ($CENTRALITA_RELAY_TOKEN when set)")
    return parser


async def _serve(store: RelayStore, token: str, host: str, port: int) -> None:
    relay = await Relay(store, token, host, port).start()
    echo(LISTENING(url=relay.root_url))
    if not is_loopback_host(host):
        echo(REACHABLE())
    sys.stdout.flush()
    try:
        await until_stopped()
    finally:
        await relay.stop()


def run_relay(options: argparse.Namespace) -> int:
    try:
        folder = data_dir(options.data_dir)
        token = standalone_events_token(lambda: open_secrets(folder))
    except (ValueError, StorageProblem) as error:
        complain(told(error))
        return 2
    if getattr(options, "relay_action", None) == "token":
        print(token)
        return 0
    try:
        host, port = parse_listen_address(options.listen)
        if not options.database_url:
            check_database_file(folder / STORE_FILE, STORE_WAY_OUT())  # an empty file must not become a relay without routes
        store = RelayStore.open(options.database_url or sqlite_url(folder / STORE_FILE))
    except Exception as error:
        problem = None if options.database_url else explain(error, folder / STORE_FILE, hint=STORE_WAY_OUT())
        complain(told(problem or error))
        return 2
    try:
        asyncio.run(_serve(store, token, host, port))
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        complain(CANNOT_LISTEN(listen=options.listen, error=str(error)))
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="centralita")
    parser.add_argument("--data-dir", type=Path)
    add_relay_parser(parser.add_subparsers(dest="command", required=True))
    options = parser.parse_args(argv)
    install_logging()
    return run_relay(options)


if __name__ == "__main__":
    raise SystemExit(main())

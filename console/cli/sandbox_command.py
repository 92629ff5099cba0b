"""`centralita sandbox serve`: the simulators on loopback for the command line."""

from __future__ import annotations

import argparse
import dataclasses
import signal
from pathlib import Path

from console.cli.wording import complain, echo, told
from console.domain.notices import Wording


def sandbox_serve(options: argparse.Namespace) -> int:
    from console.sandbox.heynow import HeyNowSandboxConfig
    from console.sandbox.server import serve_forever

    host, _, port = options.listen.rpartition(":")
    if not host or not port.isdigit():
        complain(LISTEN_FORMAT(listen=options.listen))
        return 2
    if not 1 <= options.agenda_size <= 100_000:
        complain(AGENDA_SIZE_RANGE())
        return 2
    try:
        delays = tuple(float(part) for part in options.status_delays.split(","))
    except ValueError:
        delays = ()
    if len(delays) != 3 or any(d < 0 for d in delays):
        complain(STATUS_DELAYS_FORMAT())
        return 2
    config = HeyNowSandboxConfig(agenda_size=options.agenda_size, status_delays=delays)  # type: ignore[arg-type]
    if options.always_read:
        config = dataclasses.replace(config, never_read_ratio=0.0, stuck_ratio=0.0)
    try:
        serve_forever(host, int(port), config)
    except (ValueError, OSError) as error:
        complain(told(error))
        return 1
    return 0


LISTEN_FORMAT = Wording("cli.listen_format", "--listen wants HOST:PORT, not '{listen}'")
AGENDA_SIZE_RANGE = Wording("cli.agenda_size_range", "--agenda-size must be between 1 and 100000")
STATUS_DELAYS_FORMAT = Wording("cli.status_delays_format", "--status-delays wants three numbers of seconds, e.g. 2,5,9")


TEAM_LISTENING = Wording("cli.team_trial.listening", "Team server to try team mode: {url}")
TEAM_TOKEN = Wording("cli.team_trial.token", "Agent {agent}: token {token}")
TEAM_ACCOUNTS = Wording("cli.team_trial.accounts", "Accounts on the server (simulators at {sandbox}): {accounts}")
TEAM_CUSTOMERS = Wording("cli.team_trial.customers", "Customers who take Broadcasterbot templates: {numbers}")
TEAM_JOIN = Wording(
    "cli.team_trial.join",
    "Join from the window (File → Join a team…, the address and a token above) or with: centralita team join {url} --token -",
)
TEAM_SECOND = Wording(
    "cli.team_trial.second",
    "To try a transfer, open a second console with a data folder of its own "
    "(centralita --data-dir {folder}) and join it as {agent}.",
)
TEAM_STOP = Wording("cli.team_trial.stop", "Ctrl+C stops the team server, its PostgreSQL ({folder}) and the simulators.")
NOT_LOOPBACK = Wording("cli.team_trial.loopback", "The team to try listens only on this computer: --listen wants 127.0.0.1:PORT")


def sandbox_team(options: argparse.Namespace) -> int:
    """The simulators and a team server on them, on loopback, until Ctrl+C; then everything stops."""
    from console.domain.network import is_loopback_host, parse_listen_address
    from console.domain.notices import NoticeError
    from console.store.location import data_dir
    from console.team_trial.postgres import NO_POSTGRES, postgres_binaries

    try:
        host, _ = parse_listen_address(options.listen)
    except ValueError as error:
        complain(told(error))
        return 2
    if not is_loopback_host(host):
        complain(NOT_LOOPBACK())
        return 2
    if postgres_binaries() is None:  # said before anything starts
        complain(NO_POSTGRES())
        return 3
    # SIGTERM while it starts stops what started so far, as Ctrl+C does (afterwards both are awaited).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        folder = data_dir(options.data_dir) / "team-trial"
        return _run_team(folder, options.listen)
    except NoticeError as error:
        complain(told(error))
        return 1
    except KeyboardInterrupt:
        return 130


def _run_team(folder: Path, listen: str) -> int:
    import asyncio
    import sys

    from console.cli.stop_signals import until_stopped
    from console.sandbox.server import SandboxServer
    from console.team_trial.team import AGENTS, EmbeddedTeam, template_customers

    with SandboxServer() as sandbox:
        team = EmbeddedTeam(folder, sandbox, listen=listen)
        started = team.start()
        try:
            echo(TEAM_LISTENING(url=started.server_url))
            for agent, token in started.tokens.items():
                echo(TEAM_TOKEN(agent=agent, token=token))
            echo(TEAM_ACCOUNTS(sandbox=sandbox.root_url, accounts=", ".join(started.accounts)))
            echo(TEAM_CUSTOMERS(numbers=", ".join(template_customers(sandbox)[:3])))
            echo(TEAM_JOIN(url=started.server_url))
            echo(TEAM_SECOND(folder=str(started.folder / AGENTS[1]), agent=AGENTS[1]))
            echo(TEAM_STOP(folder=str(team.cluster_folder)))
            sys.stdout.flush()
            asyncio.run(until_stopped())
        except KeyboardInterrupt:
            pass
        finally:
            team.stop()
    return 0

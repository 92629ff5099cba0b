"""`centralita team join|leave|status`: this console as a client of a team server."""

from __future__ import annotations

import argparse

from console.cli.running import CommandError, secret_argument
from console.cli.views import print_json
from console.cli.wording import echo, told
from console.domain.notices import NoticeError, Wording
from console.services.workspace import Workspace

AGENT_TOKEN = Wording("cli.agent_token", "agent token")
JOINED = Wording("cli.team_joined", "Joined the team server {server} as {agent}.")
LEFT = Wording("cli.team_left", "Left the team server; its address and this agent's token are forgotten.")
NOT_IN_A_TEAM = Wording("cli.team_none", "This console has not joined a team; nothing to leave.")
STATUS = Wording("cli.team_status", "Server {server}, agent {agent}, cursor {cursor}, lag {lag}: {reachability}.")
REACHABLE = Wording("cli.team_reachable", "reachable")
UNREACHABLE = Wording("cli.team_unreachable", "not reachable now")
UNKNOWN_LAG = Wording("cli.team_unknown_lag", "unknown")


def add_team_parser(sub: argparse._SubParsersAction) -> None:
    team = sub.add_parser("team", help="this console as an agent of a team server").add_subparsers(dest="action", required=True)
    join = team.add_parser("join", help="join a team server with an agent token (`centralita server agents add` there)")
    join.add_argument("url", help="the team server's address, e.g. https://team.example.com")
    join.add_argument("--token", required=True, help="the agent's token; - reads it from standard input (keeps it out of ps)")
    team.add_parser("leave", help="forget the team server and this agent's token")
    status = team.add_parser("status", help="server, agent, cursor and lag")
    status.add_argument("--json", action="store_true")


async def team_join(options: argparse.Namespace, workspace: Workspace) -> int:
    token = secret_argument(options.token, AGENT_TOKEN())
    agent = await workspace.team.join(options.url, token)
    link = await workspace.team.link()
    echo(JOINED(server=link.server_url if link else options.url, agent=agent))
    return 0


async def team_leave(options: argparse.Namespace, workspace: Workspace) -> int:
    echo(LEFT() if await workspace.team.leave() else NOT_IN_A_TEAM())
    return 0


async def team_status(options: argparse.Namespace, workspace: Workspace) -> int:
    try:
        status = await workspace.team.status()
    except NoticeError as error:
        raise CommandError(told(error)) from None
    if options.json:
        print_json(
            {
                "server": status.server_url,
                "agent": status.agent,
                "cursor": status.cursor,
                "latest": status.latest,
                "lag": status.lag,
                "reachable": status.reachable,
            }
        )
    else:
        reachability = REACHABLE() if status.reachable else UNREACHABLE()
        lag: object = status.lag if status.lag is not None else UNKNOWN_LAG()
        echo(STATUS(server=status.server_url, agent=status.agent, cursor=status.cursor, lag=lag, reachability=reachability))
    return 0 if status.reachable else 1

"""A mistyped events token never replaces the good one stored for a team relay."""

from __future__ import annotations

import json
from pathlib import Path

from console.relay.process import RelayProcess
from console.relay.tokens import new_token
from console.sandbox.server import SandboxServer
from tests.faults.conftest import Figures
from tests.test_cli import _environment, centralita
from tests.test_cli_providers import _ok


def test_a_mistyped_events_token_is_refused_and_the_good_one_kept(
    tmp_path: Path, sandbox: SandboxServer, figures: Figures
) -> None:
    """`account callbacks --events-token <typo>` on a connected account: refused with one
    sentence, non-zero exit; the stored token still connects and the route is kept."""
    console, team = tmp_path / "console", tmp_path / "team"
    team.mkdir()
    token = centralita(team, "relay", "token").stdout.strip()
    relay = RelayProcess(team, env=_environment(team)).start()
    try:
        base = sandbox.base_urls["broadcasterbot"]
        _ok(console, "account", "add", "broadcasterbot", "bb", "--base-url", base, "--api-key", "demo-broadcasterbot-key")
        _ok(console, "account", "callbacks", "bb", "--team-relay", relay.root_url, "--events-token", "-", stdin=token + "\n")
        url = json.loads(_ok(console, "account", "show", "bb", "--json"))["callback_url"]

        mistyped = token[:-1] + ("x" if token[-1] != "x" else "y")
        typo = centralita(console, "account", "callbacks", "bb", "--team-relay", relay.root_url, f"--events-token={mistyped}")
        assert typo.returncode != 0 and "refused this console's token" in typo.stdout + typo.stderr
        assert "Traceback" not in typo.stdout + typo.stderr

        # The stored token still works: connecting again without one succeeds and keeps the route.
        again = _ok(console, "account", "callbacks", "bb", "--team-relay", relay.root_url)
        assert url in again
        kept = json.loads(_ok(console, "account", "show", "bb", "--json"))["callback_url"] == url
        figures.record(typo_exit=typo.returncode, good_token_kept=kept, route_kept=url in again)
        assert kept
    finally:
        relay.stop()


def test_a_new_events_token_never_reads_as_a_command_line_option() -> None:
    """A token beginning with "-" pasted after `--events-token` would be taken for an option."""
    assert not any(new_token().startswith("-") for _ in range(2000))

"""`centralita sandbox serve`: the simulators on loopback for the command line."""

from __future__ import annotations

import argparse
import dataclasses

from console.cli.wording import complain, told
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

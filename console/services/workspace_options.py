"""How a workspace is tuned: one typed value handed from the entry points to `Workspace.open`."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from console.providers.transport import DEFAULT_TIMEOUT
from console.services.health_monitor import DEFAULT_INTERVAL
from console.services.outbox import NOT_SENT_RETRIES
from console.services.poller import PollPolicy


@dataclass(frozen=True, slots=True)
class WorkspaceOptions:
    """The defaults are what the console runs with; tests and the sandbox shorten the waits."""

    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)  # every provider request
    poll_policy: PollPolicy = field(default_factory=PollPolicy)
    retry_pauses: tuple[float, ...] = NOT_SENT_RETRIES  # before re-trying a request that never left
    health_interval: float = DEFAULT_INTERVAL  # seconds between two checks of every account's connection

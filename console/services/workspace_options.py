"""How a workspace is tuned: one typed value handed from the entry points to `Workspace.open`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from console.services.health_monitor import DEFAULT_INTERVAL
from console.services.outbox import NOT_SENT_RETRIES
from console.services.poller import PollPolicy

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True, slots=True)
class WorkspaceOptions:
    """The defaults are what the console runs with; tests and the sandbox shorten the waits."""

    # Every provider request; None: the providers' default (`transport.DEFAULT_TIMEOUT`), which
    # leaves httpx unloaded until the first request.
    timeout: httpx.Timeout | None = None
    poll_policy: PollPolicy = field(default_factory=PollPolicy)
    retry_pauses: tuple[float, ...] = NOT_SENT_RETRIES  # before re-trying a request that never left
    health_interval: float = DEFAULT_INTERVAL  # seconds between two checks of every account's connection

"""The callback receiver: a small HTTP service that providers POST to and consoles poll.

See `app` for the routes, `store` for durability and id ordering, `batcher` for group commit.
Names are loaded on first use, so a console that never runs a relay never imports the
HTTP server.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOMES = {
    "MAX_BODY": "console.relay.app",
    "build_app": "console.relay.app",
    "callback_path": "console.relay.app",
    "Relay": "console.relay.server",
    "RelayThread": "console.relay.server",
    "RelayStore": "console.relay.store",
    "sqlite_url": "console.relay.store",
    "events_token": "console.relay.tokens",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)

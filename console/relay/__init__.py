"""The callback receiver: a small HTTP service that providers POST to and consoles poll.

See `app` for the routes, `store` for durability and id ordering, `batcher` for group commit.
"""

from console.relay.app import MAX_BODY, build_app, callback_path
from console.relay.server import Relay, RelayThread, events_token
from console.relay.store import RelayStore, sqlite_url

__all__ = ["MAX_BODY", "Relay", "RelayStore", "RelayThread", "build_app", "callback_path", "events_token", "sqlite_url"]

"""A cap on a public server's open connections, in all and per peer address.

aiohttp accepts every connection it is offered; idle or half-sent ones then hold a file
descriptor each until a timeout closes them, and once the process runs out of descriptors
no real request gets in. Here a new connection beyond a cap closes the oldest one in its
place (of the same peer for the per-peer cap, of any peer for the total): a peer opening
connections in a loop only pushes out its own, and a real callback, answered in
milliseconds, is never the oldest for long.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

__all__ = ["ConnectionLimits", "default_total"]

_RESERVED_DESCRIPTORS = 64  # the database, logs, the event loop's own


def default_total(ceiling: int = 4096) -> int:
    """As many connections as the process's open-file limit leaves room for, at most `ceiling`."""
    try:
        import resource  # POSIX only
    except ImportError:
        return ceiling
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return ceiling
    return max(16, min(ceiling, soft - _RESERVED_DESCRIPTORS))


class ConnectionLimits:
    """Wraps a protocol factory (what `loop.create_server` takes) so connections stay within the caps."""

    def __init__(self, total: int, per_peer: int) -> None:
        if total < 1 or per_peer < 1:
            raise ValueError("Connection caps must be at least 1.")
        self.total, self.per_peer = total, per_peer
        self._open: OrderedDict[_Limited, str] = OrderedDict()  # oldest first
        self.evicted = 0

    @property
    def open(self) -> int:
        return len(self._open)

    def wrap(self, factory: Callable[[], asyncio.Protocol]) -> Callable[[], asyncio.Protocol]:
        return lambda: _Limited(factory(), self)

    def _admit(self, connection: _Limited, peer: str) -> None:
        mine = [c for c, p in self._open.items() if p == peer]
        if len(mine) >= self.per_peer:
            self._evict(mine[0])
        elif len(self._open) >= self.total:
            self._evict(next(iter(self._open)))
        self._open[connection] = peer

    def _evict(self, connection: _Limited) -> None:
        self._open.pop(connection, None)
        self.evicted += 1
        connection.abort()

    def _left(self, connection: _Limited) -> None:
        self._open.pop(connection, None)


class _Limited(asyncio.Protocol):
    """Passes everything to the wrapped protocol; tells the limits when it opens and closes."""

    def __init__(self, inner: asyncio.Protocol, limits: ConnectionLimits) -> None:
        self._inner = inner
        self._limits = limits
        self._transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        peer: Any = transport.get_extra_info("peername")
        self._limits._admit(self, str(peer[0]) if isinstance(peer, tuple) and peer else "")
        self._inner.connection_made(transport)

    def abort(self) -> None:
        if self._transport is not None:
            self._transport.abort()  # connection_lost follows, on the loop's next turn

    def connection_lost(self, exc: Exception | None) -> None:
        self._limits._left(self)
        self._transport = None
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

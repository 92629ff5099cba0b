"""What each fault does to one answer, on the wire (aiohttp).

`unprocessed` answers instead of the provider (its handler never runs); `processed`
bends the provider's real answer after its handler ran and changed its state.
"""

from __future__ import annotations

import asyncio
import math
import socket
import struct

from aiohttp import web

from console.sandbox.faults import Fault, FaultKind

SLOW_BODY_CHUNKS = 8
TRUNCATED_JSON = b'{"status": "succ'


async def unprocessed(fault: Fault, request: web.Request) -> web.StreamResponse:
    """The answer to a request the provider never processed: 429 or a reset connection."""
    if fault.kind is FaultKind.TOO_MANY_REQUESTS:
        return web.json_response(
            {"message": "Too many requests; retry later."},
            status=429,
            headers={"Retry-After": retry_after_text(fault.seconds)},
        )
    return _reset(request)


async def processed(fault: Fault, request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    """The provider's `response`, bent by `fault` (a variant was the handler's own to shape)."""
    if fault.kind is FaultKind.DELAY:
        await asyncio.sleep(fault.seconds)
    elif fault.kind is FaultKind.RESET_AFTER:
        return _reset(request)
    elif fault.kind is FaultKind.SERVER_ERROR:
        return web.json_response({"message": "Internal server error"}, status=fault.status)
    elif fault.kind is FaultKind.MALFORMED_JSON:
        return web.Response(body=TRUNCATED_JSON, status=response.status, content_type="application/json")
    elif fault.kind is FaultKind.SLOW_BODY and isinstance(response, web.Response):
        return await _trickle(request, response, fault.seconds)
    return response


def retry_after_text(seconds: float) -> str:
    """Whole seconds, as HTTP says; a fraction of a second stays as written (fast tests)."""
    return str(int(seconds)) if seconds == math.floor(seconds) else f"{seconds:g}"


def _reset(request: web.Request) -> web.StreamResponse:
    """Close the connection with a TCP reset and no answer."""
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    # Nothing can be written any more; aiohttp drops this answer on the closed connection.
    return web.Response(status=204)


async def _trickle(request: web.Request, response: web.Response, seconds: float) -> web.StreamResponse:
    """Send the status and headers at once, then the body in pieces over `seconds`."""
    body = response.body if isinstance(response.body, bytes) else b""
    stream = web.StreamResponse(status=response.status, reason=response.reason)
    if response.content_type:
        stream.content_type = response.content_type
    if response.charset:
        stream.charset = response.charset
    stream.content_length = len(body)
    await stream.prepare(request)
    step = max(1, math.ceil(len(body) / SLOW_BODY_CHUNKS))
    pause = seconds / SLOW_BODY_CHUNKS
    for start in range(0, len(body), step):
        await asyncio.sleep(pause)
        await stream.write(body[start : start + step])
    await stream.write_eof()
    return stream

"""A loopback file host whose answers to HEAD and GET can be bent file by file.

Media links are fetched by providers, which judge them by a HEAD request's headers. The
host serves named in-memory files with knobs for every way a real server can fail that
judgement: no content type, no content length, a length that lies, HEAD refused,
redirects (a file redirecting to itself, or two files to each other, make a loop), slow
answers.

Two ways to use it:
- on its own thread: `with MediaHost({"a.png": MediaFile(...)}) as host: host.url("a.png")`;
- mounted in another aiohttp app (the sandbox does this for its demo media):
  `MediaHost(files).register_routes(app, "/demo-media", wrap=...)` before the app runs;
  `wrap` receives each handler, so a simulator can record the requests
  (`lambda h: instrumented(PROVIDER, "demo_media", h, log, faults)`). Redirects use
  relative `Location`s, so they work under any prefix.
"""

from __future__ import annotations

import asyncio
import struct
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import quote

from aiohttp import web

from console.net.server_thread import ServerThread
from console.sandbox.loopback import SHUTDOWN_GRACE, require_loopback
from console.sandbox.recorder import Handler

STANDALONE_PREFIX = "/media"


@dataclass(frozen=True, slots=True)
class MediaFile:
    data: bytes = b""
    # None: HEAD answers carry no content-type (GET ones get aiohttp's application/octet-stream)
    content_type: str | None = "application/octet-stream"
    send_length: bool = True  # False: no content-length on HEAD, GET is sent chunked
    claimed_length: int | None = None  # the content-length HEAD declares; None: the real size
    head_allowed: bool = True  # False: HEAD answers 405
    redirect_to: str | None = None  # another file's name or an absolute URL: HEAD and GET answer 302 to it
    delay: float = 0.0  # seconds before answering

    @property
    def declared_length(self) -> int | None:
        if not self.send_length:
            return None
        return len(self.data) if self.claimed_length is None else self.claimed_length


def png_bytes(width: int = 16, height: int = 16, rgb: tuple[int, int, int] = (0, 122, 204)) -> bytes:
    """A valid PNG of one colour."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b"")


def pdf_bytes(text: str = "Factura de prueba") -> bytes:
    """A valid one-page PDF showing `text` (ASCII)."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class MediaHost:
    """Named files served by HEAD and GET; `requests` counts (method, name) pairs.

    Files may be added from any thread while the host runs.
    """

    def __init__(self, files: Mapping[str, MediaFile] | None = None, host: str = "127.0.0.1") -> None:
        require_loopback(host)
        self._host = host
        self._lock = threading.Lock()
        self._files: dict[str, MediaFile] = dict(files or {})
        self._counts: Counter[tuple[str, str]] = Counter()
        self._server: ServerThread | None = None
        self.root_url = ""

    # ---- files and counts -----------------------------------------------------------

    def add(self, name: str, file: MediaFile) -> None:
        with self._lock:
            self._files[name] = file

    def count(self, method: str | None = None, name: str | None = None) -> int:
        with self._lock:
            return sum(n for (m, f), n in self._counts.items() if method in (None, m) and name in (None, f))

    def url(self, name: str) -> str:
        if not self.root_url:
            raise RuntimeError("The media host is not running on its own; build URLs from where it is mounted.")
        return f"{self.root_url}{STANDALONE_PREFIX}/{quote(name)}"

    # ---- serving --------------------------------------------------------------------

    def register_routes(self, app: web.Application, prefix: str, wrap: Callable[[Handler], Handler] | None = None) -> None:
        """Serve the files at `{prefix}/{name}` of `app`."""
        handler = (wrap or (lambda h: h))(self._serve)
        app.router.add_route("HEAD", f"{prefix}/{{name}}", handler)
        app.router.add_route("GET", f"{prefix}/{{name}}", handler)

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        with self._lock:
            self._counts[(request.method, name)] += 1
            file = self._files.get(name)
        if file is None:
            return web.Response(status=404, text=f"No file named {name}")
        if file.delay:
            await asyncio.sleep(file.delay)
        if file.redirect_to is not None:
            # Relative, so the redirect stays under whatever prefix the host is mounted at.
            absolute = "://" in file.redirect_to
            return web.Response(status=302, headers={"Location": file.redirect_to if absolute else quote(file.redirect_to)})
        if request.method == "HEAD":
            return await _head_answer(request, file)
        if file.send_length:
            response = web.Response(body=file.data)
            if file.content_type is not None:
                response.content_type = file.content_type
            return response
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        if file.content_type is not None:
            response.content_type = file.content_type
        await response.prepare(request)
        await response.write(file.data)
        await response.write_eof()
        return response

    # ---- running on its own thread ---------------------------------------------------

    def start(self) -> MediaHost:
        if self._server is not None:
            raise RuntimeError("This media host is already running.")
        app = web.Application()
        self.register_routes(app, STANDALONE_PREFIX)
        self._server = ServerThread(app, "media-host", self._host, 0, SHUTDOWN_GRACE).start()
        self.root_url = self._server.root_url
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        server, self._server = self._server, None
        server.stop()

    def __enter__(self) -> MediaHost:
        return self if self._server is not None else self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()


async def _head_answer(request: web.Request, file: MediaFile) -> web.StreamResponse:
    """Headers only, exactly as the knobs say (aiohttp adds no defaults to HEAD answers)."""
    if not file.head_allowed:
        return web.Response(status=405, headers={"Allow": "GET"}, text="HEAD not allowed")
    response = web.StreamResponse()
    if file.content_type is not None:
        response.headers["Content-Type"] = file.content_type
    length = file.declared_length
    if length is not None:
        response.headers["Content-Length"] = str(length)
    await response.prepare(request)
    await response.write_eof()
    return response

"""Out of file descriptors, a server's failed accepts are one log line and a count, not a
traceback each (the relay wrote 510,126 of them in one such minute)."""

from __future__ import annotations

import asyncio
import errno
import logging

import pytest

from console.net.accept_errors import quiet_accept_errors

FAILED_ACCEPTS = 10_000


def test_ten_thousand_failed_accepts_are_one_log_line(caplog: pytest.LogCaptureFixture) -> None:
    loop = asyncio.new_event_loop()
    try:
        quiet_accept_errors(loop, logging.getLogger("console.relay"))
        error = OSError(errno.EMFILE, "Too many open files")
        for _ in range(FAILED_ACCEPTS):  # what asyncio's selector loop reports on each failed accept
            loop.call_exception_handler(
                {"message": "socket.accept() out of system resource", "exception": error, "socket": None}
            )
        loop.call_exception_handler({"message": "something else went wrong"})  # still reported as before
    finally:
        loop.close()
    accept_lines = [r for r in caplog.records if "Cannot accept connections" in r.getMessage()]
    assert len(accept_lines) == 1 and accept_lines[0].exc_info is None
    assert "Too many open files" in accept_lines[0].getMessage()
    assert any("something else went wrong" in r.getMessage() for r in caplog.records)

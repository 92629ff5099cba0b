"""The log files: where they are, how they rotate, and the filter that redacts every line.

The window and the command line call `install_logging` once at start. Lines go to
`centralita.log` in the platform's user log dir (`$CENTRALITA_LOG_DIR` chooses another),
rotated at 2 MB with 5 old files kept; warnings also go to stderr, as they did before.
Secrets are always masked; phone numbers keep only their last 4 digits unless the user
switches debug logging on with `CENTRALITA_DEBUG_LOG=1` (which also logs at DEBUG level).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import platformdirs

from console.domain.redaction import redact
from console.domain.storage import StorageProblem
from console.private_files import owner_only_opener, private_dir

APP_NAME = "centralita"
LOG_DIR_ENV = "CENTRALITA_LOG_DIR"
DEBUG_ENV = "CENTRALITA_DEBUG_LOG"
LOG_FILE = "centralita.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """`$CENTRALITA_LOG_DIR`, else the platform's user log dir (not created here)."""
    chosen = environ.get(LOG_DIR_ENV) or platformdirs.user_log_dir(APP_NAME, appauthor=False)
    return Path(chosen).expanduser()


def debug_logging(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the user switched debug logging on (phone numbers then appear in full)."""
    return environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


class RedactingFilter(logging.Filter):
    """Rewrites each record's message, traceback and stack with `redact` before any
    handler formats it. Secrets are always masked; phone numbers unless `keep_phones`."""

    def __init__(self, keep_phones: bool = False) -> None:
        super().__init__()
        self.keep_phones = keep_phones

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what can be shown of it
            message = f"{record.msg!r} % {record.args!r}"
        record.msg, record.args = redact(message, keep_phones=self.keep_phones), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, keep_phones=self.keep_phones)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, keep_phones=self.keep_phones)
        return True


class LogFileHandler(RotatingFileHandler):
    """The rotating log file; when it cannot be written (a full disk), one line says so on
    stderr, once, instead of a traceback per record, and the program goes on."""

    def __init__(self, filename: Path, **options: Any) -> None:
        super().__init__(filename, **options)
        self._failed = False

    def _open(self):  # type: ignore[no-untyped-def]  # (logging's own signature)
        """Log files, the first and each one rotation starts, readable by their owner only."""
        return open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors, opener=owner_only_opener)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        if not self._failed:
            self._failed = True
            reason = sys.exc_info()[1]
            print(
                f"centralita: the log file {self.baseFilename} cannot be written ({reason}); going on without it.",
                file=sys.stderr,
            )


def _open_log_file(folder: Path, max_bytes: int, backups: int, *, tighten: bool) -> LogFileHandler:
    try:
        private_dir(folder, tighten=tighten)
        return LogFileHandler(folder / LOG_FILE, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    except OSError as error:
        raise StorageProblem(
            f"The log folder {folder} cannot be written ({error.strerror or error}): give this user write permission "
            f"there or choose another folder with {LOG_DIR_ENV}."
        ) from None


@dataclass
class LogSetup:
    """What `install_logging` added to the root logger; `remove` takes it away again."""

    directory: Path
    debug: bool
    handlers: tuple[logging.Handler, ...]
    previous_level: int

    @property
    def file(self) -> Path:
        return self.directory / LOG_FILE

    def remove(self) -> None:
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(self.previous_level)


def install_logging(
    directory: Path | None = None,
    *,
    debug: bool | None = None,
    stderr: bool = True,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
) -> LogSetup:
    """Send the root logger's records, redacted, to the rotating log file (and warnings to stderr)."""
    folder = log_dir() if directory is None else directory
    file_handler = _open_log_file(folder, max_bytes, backups, tighten=directory is None and not os.environ.get(LOG_DIR_ENV))
    debug = debug_logging() if debug is None else debug
    redaction = RedactingFilter(keep_phones=debug)
    formatter = logging.Formatter(LINE_FORMAT)

    handlers: list[logging.Handler] = [file_handler]
    if stderr:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        handlers.append(console)
    root = logging.getLogger()
    previous_level = root.level
    for handler in handlers:
        handler.addFilter(redaction)
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    # One line per HTTP request drowns what matters; debug logging brings them back.
    logging.getLogger("httpx").setLevel(logging.DEBUG if debug else logging.WARNING)
    return LogSetup(folder, debug, tuple(handlers), previous_level)

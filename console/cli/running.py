"""What every command shares: opening the workspace, the exit codes, one-line failures."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from console.cli.account_fields import read_secret
from console.cli.wording import say, told
from console.domain.errors import DuplicateAccount, InvalidInput
from console.domain.notices import Notice, NoticeError, Wording
from console.domain.send_warnings import SendWarning
from console.domain.storage import StorageProblem
from console.domain.validation import is_utf8, shown
from console.providers.errors import ProviderError
from console.services.backups import DailyBackups
from console.services.workspace import Workspace
from console.store.database import Database
from console.store.health import READ_ONLY as READ_ONLY_FOLDER
from console.store.health import explain
from console.store.location import data_dir

EXIT_FAILED = 1
EXIT_UNKNOWN = 3
EXIT_NEEDS_SEND_ANYWAY = 4  # a warning stopped the send; `--send-anyway` overrides it


class CommandError(NoticeError):
    """A command that cannot go on: one sentence for the user and the exit code."""

    def __init__(self, message: Notice | str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


async def with_workspace(options: argparse.Namespace, handler: Callable[..., Awaitable[int]]) -> int:
    """Open the workspace, run the handler, turn every expected failure into one line.
    A day after the last backup, the database is backed up once the command is done."""
    read_only = bool(getattr(options, "read_only", False))
    try:
        folder = data_dir(options.data_dir)
        workspace = await Workspace.open(folder, read_only=read_only)
    except StorageProblem as problem:
        hinted = not read_only and await asyncio.to_thread(_readable_as_it_is, folder)
        raise CommandError(READ_ONLY_HINT(problem=told(problem)) if hinted else told(problem)) from None
    try:
        code = await handler(options, workspace)
    except (InvalidInput, ProviderError, LookupError, DuplicateAccount, StorageProblem) as error:
        raise CommandError(told(error)) from None
    except DBAPIError as error:
        if read_only:
            raise CommandError(READ_ONLY_REFUSAL()) from None
        problem = explain(error, workspace.db.path, mid_command=True)
        if problem is None:
            raise
        hinted = problem.notice.code == READ_ONLY_FOLDER.code
        raise CommandError(READ_ONLY_HINT(problem=told(problem)) if hinted else told(problem)) from None
    finally:
        await workspace.close()
    if not read_only:
        await DailyBackups(workspace.data_dir).take_if_due()
    return code


READ_ONLY_HINT = Wording(
    "cli.read_only_hint",
    "{problem} Reading commands (status, account list and show, agenda list, template list) still work with --read-only.",
)
READ_ONLY_REFUSAL = Wording(
    "cli.read_only_refusal", "the data is open read-only (--read-only) and this would change it; nothing was changed"
)


def _readable_as_it_is(folder: Path) -> bool:
    """Whether SQLite can still read the database that could not be opened for writing."""
    try:
        Database.open_read_only(folder).close()
    except (StorageProblem, OSError):
        return False
    return True


_CELL = 10_000


def undecodable_argument(options: argparse.Namespace) -> str | None:
    """The flag or argument whose text came from bytes that are not UTF-8, if any (file paths may be anything)."""
    for key, value in vars(options).items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and not is_utf8(v) for v in values):
            return "--" + key.replace("_", "-") if key not in ("name", "account", "to", "file") else key.upper()
    return None


def cell(text: str) -> str:
    """A value for a tab-separated line: control characters (tabs, new lines, escapes) escaped."""
    return shown(text, _CELL)


def secret_argument(value: str, what: Notice | str) -> str:
    try:
        return read_secret(value, what)
    except NoticeError as error:
        raise CommandError(error.notice) from None


WARNING = Wording("cli.warning", "warning: {warning}")


def needs_send_anyway(wording: Wording, warnings: tuple[SendWarning, ...]) -> Notice:
    """One line: every warning, and how to go ahead despite them."""
    return wording(warnings="; ".join(say(warning.notice) for warning in warnings), count=len(warnings))

"""`centralita database ...`: backups, and the ways out of a database that cannot be used.

These commands never open the workspace: they must work when the database cannot.
"""

from __future__ import annotations

import argparse

from console.cli.wording import complain, echo, told
from console.domain.notices import ByteSize, Wording
from console.domain.storage import StorageProblem
from console.services.backups import back_up_now, restore_last_backup, start_new_profile
from console.store.backups import backups
from console.store.location import data_dir


def add_database_parser(sub: argparse._SubParsersAction) -> None:
    database = sub.add_parser("database", help="the database's backups, and ways out of a damaged one")
    actions = database.add_subparsers(dest="action", required=True)
    actions.add_parser("backup", help="take a backup now (one is taken each day by itself)")
    actions.add_parser("backups", help="list the backups, newest first")
    restore = actions.add_parser("restore", help="put a backup in place (the newest by default); the current file is kept")
    restore.add_argument("name", nargs="?", help="a backup's name, as `database backups` lists it")
    actions.add_parser("set-aside", help="start a new, empty profile; the current database is kept aside")


BACKED_UP = Wording("cli.backed_up", "Backed up to {path} ({size}).")
BACKUP_LINE = Wording("cli.backup_line", "{name}\t{taken_at} UTC\t{size}")


def run_database(options: argparse.Namespace) -> int:
    try:
        folder = data_dir(options.data_dir)
        if options.action == "backup":
            backup = back_up_now(folder)
            echo(BACKED_UP(path=str(backup.path), size=ByteSize(backup.size)))
        elif options.action == "backups":
            for backup in backups(folder):
                echo(BACKUP_LINE(name=backup.name, taken_at=f"{backup.taken_at:%Y-%m-%d %H:%M}", size=ByteSize(backup.size)))
        elif options.action == "restore":
            echo(restore_last_backup(folder, options.name))
        else:
            echo(start_new_profile(folder))
    except StorageProblem as problem:
        complain(told(problem))
        return 1
    return 0

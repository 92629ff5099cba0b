"""Runs the migrations programmatically: no alembic.ini needed at run time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from console.domain.storage import StorageProblem, WayOut
from console.store.health import NEWER_SCHEMA
from console.store.revisions import known_revisions, newest_revision

if TYPE_CHECKING:
    from alembic.config import Config

_HERE = Path(__file__).parent


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        try:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except OperationalError as error:
            if "no such table" in str(error.orig):  # a new database: no version table yet
                return None
            raise


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_HERE))
    config.attributes["engine"] = engine
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Migrate to the newest schema; a database already there is not handed to alembic,
    whose import and checks cost a noticeable part of the console's start."""
    assert engine.url.database is not None
    current = require_known_revision(engine, Path(engine.url.database))
    if current != newest_revision():
        upgrade_to(engine, "head")


def require_known_revision(engine: Engine, path: Path) -> str | None:
    """The database's schema revision (None: a new database), refused when it is newer than this program's."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise StorageProblem(
            NEWER_SCHEMA(path=str(path), current=current, newest=newest_revision()),
            (WayOut.RESTORE_BACKUP,),
            path.parent,
        )
    return current


def upgrade_to(engine: Engine, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(_HERE)).get_current_head()
    assert head is not None
    return head

"""Creating or upgrading the schema at start, on either engine, with Alembic run from code.

Alembic's revisions ship inside the package (``bot/db/alembic``) and are run through the bot's
own connection, so no ``alembic.ini`` or url is needed at run time. SQLite databases written by
earlier releases were migrated by numbered ``.sql`` files and ``PRAGMA user_version`` instead:
such a database is first brought to the last of those files (7) and then stamped with the
baseline revision, which describes exactly that schema, so it is adopted in place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

BASELINE = "0001"
LAST_LEGACY_VERSION = 7
# Any constant shared by every process of the bot: they take turns creating the schema.
POSTGRES_MIGRATION_LOCK = 7_305_187_001


class SchemaError(Exception):
    """The database holds a schema this release cannot adopt."""


def _config(connection: Connection) -> Config:
    config = _script_config()
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, to: str = "head") -> None:
    """Bring the schema to revision ``to`` (the newest), inside the caller's transaction."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_MIGRATION_LOCK})")
    elif not inspect(connection).has_table("alembic_version"):
        _adopt_legacy(connection)
    _refuse_newer(connection)
    command.upgrade(_config(connection), to)


def _refuse_newer(connection: Connection) -> None:
    """A database written by a newer release is left alone: this one would misread what it added."""
    current = current_revision(connection)
    script = ScriptDirectory.from_config(_script_config())
    if current is not None and not is_known(current):
        raise SchemaError(
            f"the database is at schema revision {current}, written by a newer release; this release"
            f" knows revisions up to {script.get_current_head()}. Run the newer release, or restore a"
            " backup made by this one"
        )


def is_known(revision: str) -> bool:
    """Whether this release ships ``revision`` (an older database's) or not (a newer release's)."""
    script = ScriptDirectory.from_config(_script_config())
    return revision in {known.revision for known in script.walk_revisions()}


def head() -> str:
    """The newest revision this release ships."""
    script = ScriptDirectory.from_config(_script_config())
    return str(script.get_current_head())


def _script_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "bot.db:alembic")
    return config


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _adopt_legacy(connection: Connection) -> None:
    """Finish the ``.sql`` migrations of an older SQLite database and stamp the baseline."""
    version = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    if version == 0:
        if inspect(connection).get_table_names():
            raise SchemaError("the SQLite file has tables but no schema version; it was not made by this bot")
        return
    if version > LAST_LEGACY_VERSION:
        raise SchemaError(f"the SQLite file is at schema version {version}, newer than this release knows")
    for number, script in legacy_migrations():
        if number > version:
            for statement in _statements(script):
                connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"PRAGMA user_version = {LAST_LEGACY_VERSION}")
    command.stamp(_config(connection), BASELINE)


def legacy_migrations() -> list[tuple[int, str]]:
    """The numbered ``NNNN_name.sql`` files of earlier releases, in order."""
    folder = resources.files("bot.db") / "migrations"
    found = sorted(
        (int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    )
    numbers = [number for number, _ in found]
    if numbers != list(range(1, LAST_LEGACY_VERSION + 1)):
        raise RuntimeError(f"legacy migrations must be numbered 1..{LAST_LEGACY_VERSION}, found {numbers}")
    return found


def _statements(script: str) -> Iterable[str]:
    """Split a migration into statements; ``executescript`` would commit behind our back."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if statement:
                yield statement
            buffer = ""
    if buffer.strip():
        raise ValueError(f"unterminated statement in migration: {buffer.strip()[:80]}")

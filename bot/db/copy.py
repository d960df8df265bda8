"""Moving up: every row of a SQLite database copied into an empty PostgreSQL database.

The target's schema, the rows, the sequences and the final check of the row counts all happen
in one PostgreSQL transaction: a copy that fails half-way leaves the target as it found it, so
it can never look complete when it is not. The SQLite file is only read.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Table, insert, inspect, select, text

from bot.db import migrate
from bot.db.database import Database
from bot.db.schema import metadata

CHUNK = 2_000
"""Rows read and written per statement: big enough for few round trips, small enough for memory."""


class CopyRefusedError(Exception):
    """The target cannot take the copy; nothing was written to it. The message says why."""


async def copy_storage(source: Path, target_url: str) -> dict[str, int]:
    """Copy ``source`` (SQLite) into ``target_url`` (PostgreSQL); returns the rows per table."""
    origin = await Database.open(source)
    try:
        target = await Database.open(target_url, migrate=False)
        try:
            return await _copy(origin, target)
        finally:
            await target.close()
    finally:
        await origin.close()


async def _copy(origin: Database, target: Database) -> dict[str, int]:
    if target.dialect != "postgresql":
        raise CopyRefusedError("the target must be a PostgreSQL database")
    expected = await origin.row_counts()
    if not any(expected.values()):
        raise CopyRefusedError("the SQLite database holds no rows; check [storage] path in the config")
    async with target.transaction() as connection:
        await connection.run_sync(_require_empty)
        await connection.run_sync(migrate.upgrade)
        for table in metadata.sorted_tables:
            await _copy_table(origin, target, table)
        await connection.run_sync(_advance_sequences)
        copied = await target.row_counts()
        if copied != expected:
            differing = {
                name: (expected[name], copied[name]) for name in expected if expected[name] != copied[name]
            }
            raise RuntimeError(
                f"row counts differ after copying (source, target): {differing}; nothing was kept"
            )
    return copied


def _require_empty(connection: Connection) -> None:
    """Refuse a target holding anything but the bot's own empty tables."""
    ours = {table.name for table in metadata.sorted_tables} | {"alembic_version"}
    tables = set(inspect(connection).get_table_names())
    foreign = sorted(tables - ours)
    if foreign:
        raise CopyRefusedError(
            f"the target database is not empty (it has tables {', '.join(foreign)}); copy into a new database"
        )
    for name in sorted(tables & (ours - {"alembic_version"})):
        count = connection.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
        if count:
            raise CopyRefusedError(
                f"the target database is not empty ({name} holds {count} rows); copy into a new database"
            )


async def _copy_table(origin: Database, target: Database, table: Table) -> None:
    """Rows in primary-key order (a repeat comes after the meetup it repeats), a chunk at a time."""
    order = list(table.primary_key.columns)
    offset = 0
    while True:
        rows = await origin.fetch_all(select(table).order_by(*order).limit(CHUNK).offset(offset))
        if not rows:
            return
        await target.execute_many(insert(table), [dict(row) for row in rows])
        offset += len(rows)


def _advance_sequences(connection: Connection) -> None:
    """Ids were copied as they were, so each id sequence must continue after the largest one."""
    for table in metadata.sorted_tables:
        for column in table.primary_key.columns:
            if len(table.primary_key.columns) == 1:
                sequence = connection.execute(
                    text("SELECT pg_get_serial_sequence(:table, :column)"),
                    {"table": table.name, "column": column.name},
                ).scalar()
                if sequence is None:
                    continue
                connection.execute(
                    text(
                        f'SELECT setval(:sequence, COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'
                    ),
                    {"sequence": sequence},
                )

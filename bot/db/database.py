"""One aiosqlite connection, its pragmas, its migrations and its transactions.

SQLite allows one writer at a time. The bot is one process with one connection, so the safe and
fast arrangement is an explicit ``BEGIN IMMEDIATE`` per unit of work, serialised by an asyncio
lock: two handlers can never interleave statements inside each other's transaction, and another
process holding the write lock makes us wait up to the busy timeout instead of failing at once.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

BUSY_TIMEOUT_MS = 5_000
_inside_transaction: ContextVar[bool] = ContextVar("inside_transaction", default=False)


class DatabaseBusyError(Exception):
    """Another process held the write lock for longer than the busy timeout."""


def _migrations() -> list[tuple[int, str]]:
    """The numbered ``NNNN_name.sql`` files shipped with the package, in order."""
    folder = resources.files("bot.db") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, found {numbers}")
    return found


class Database:
    """The single connection every repository shares."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        connection = await aiosqlite.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        connection.row_factory = sqlite3.Row
        await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await connection.execute("PRAGMA journal_mode = WAL")
        await connection.execute("PRAGMA synchronous = NORMAL")
        await connection.execute("PRAGMA foreign_keys = ON")
        database = cls(connection)
        await database.migrate()
        return database

    async def close(self) -> None:
        await self._connection.close()

    async def schema_version(self) -> int:
        row = await self.fetch_one("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self) -> int:
        """Apply every migration newer than ``user_version``, all in one transaction."""
        current = await self.schema_version()
        pending = [(number, sql) for number, sql in _migrations() if number > current]
        if not pending:
            return current
        async with self.transaction() as connection:
            for number, sql in pending:
                for statement in _statements(sql):
                    await connection.execute(statement)
                await connection.execute(f"PRAGMA user_version = {number}")
        return pending[-1][0]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: everything inside commits together or not at all.

        Nested use joins the outer transaction, so a service can call another service's helper.
        """
        if _inside_transaction.get():
            yield self._connection
            return
        async with self._write_lock:
            try:
                await self._connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    raise DatabaseBusyError(str(error)) from error
                raise
            marker = _inside_transaction.set(True)
            try:
                yield self._connection
            except BaseException:
                await self._connection.execute("ROLLBACK")
                raise
            else:
                await self._connection.execute("COMMIT")
            finally:
                _inside_transaction.reset(marker)

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> int:
        """Run one write inside the caller's transaction and return how many rows it changed.

        Writes outside :meth:`transaction` are refused: a use case that writes twice must not be
        able to leave the first write behind when the second fails. The cursor is left to the
        garbage collector: closing it explicitly would cost another trip to the worker thread.
        """
        _require_transaction()
        cursor = await self._connection.execute(sql, parameters)
        return cursor.rowcount

    async def insert(self, sql: str, parameters: Sequence[Any] = ()) -> int:
        """Run one INSERT inside the caller's transaction and return the new row id."""
        _require_transaction()
        row = await self._connection.execute_insert(sql, parameters)
        return int(row[0]) if row else 0

    async def write_returning(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run one write with a RETURNING clause inside the caller's transaction, in one trip."""
        _require_transaction()
        return list(await self._connection.execute_fetchall(sql, parameters))

    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        _require_transaction()
        await self._connection.executemany(sql, rows)

    async def fetch_one(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Row | None:
        rows = await self.fetch_all(sql, parameters)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """One round trip to the connection's thread (execute, fetch and close together).

        Every query crosses to aiosqlite's worker thread; under load those crossings, not SQLite,
        were the cost, so reads take one crossing instead of three.
        """
        return list(await self._connection.execute_fetchall(sql, parameters))


def _require_transaction() -> None:
    if not _inside_transaction.get():
        raise RuntimeError("database writes must run inside Database.transaction()")


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

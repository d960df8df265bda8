"""The database every repository shares: one SQLAlchemy engine, its migrations and transactions.

A unit of work is one write transaction, serialised in this process by an asyncio lock: two
handlers can never interleave statements inside each other's transaction, and on SQLite (one
writer at a time) the transaction begins with ``BEGIN IMMEDIATE``, so another process holding the
write lock makes us wait up to the busy timeout instead of failing half-way. Reads outside a
transaction use a connection of their own and see only committed rows; reads inside one see its
writes. What must hold across processes (claiming a nudge, closing a poll) is decided by the
database itself, in the repositories' conditional updates, not by the lock.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import CursorResult, Executable, RowMapping, TextClause, event, func, select, text, update
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.db import engines, migrate
from bot.db.engines import BUSY_TIMEOUT_MS, WRITE_OPTION, StorageError
from bot.db.migrate import SchemaError
from bot.db.schema import metadata, nudges

__all__ = ["BUSY_TIMEOUT_MS", "Database", "DatabaseBusyError", "StorageError"]

Statement = Executable | str
Parameters = Mapping[str, Any] | None


SQLITE_HEADER = b"SQLite format 3\x00"
RESTORE_ADVICE = "point it at the bot's database file, restore a backup, or name a new file to start afresh"


def _refuse_foreign_file(path: Path) -> None:
    """A file that is not SQLite's is refused before any connection is opened on it (an empty or
    missing file is a new database)."""
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    if header and header != SQLITE_HEADER:
        raise SchemaError(f"{path} is not a SQLite database; {RESTORE_ADVICE}")


class DatabaseBusyError(Exception):
    """Another process held the write lock for longer than the busy timeout."""


def _statement(sql: Statement) -> Executable | TextClause:
    return text(sql) if isinstance(sql, str) else sql


class Database:
    """The engine, and the transaction (if any) the current task is inside."""

    def __init__(self, engine: AsyncEngine, *, reader: AsyncEngine | None = None) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        self._reader = reader or engine
        self._write_lock = asyncio.Lock()
        self._in_flight: set[asyncio.Task[Any]] = set()
        self._kept: AsyncConnection | None = None
        self._current: ContextVar[AsyncConnection | None] = ContextVar(
            f"transaction_{id(self)}", default=None
        )

    @classmethod
    async def open(cls, target: Path | str, *, migrate: bool = True) -> Database:
        """Open a SQLite file (a path) or PostgreSQL (a ``postgresql://`` url), migrated unless told not to.

        A PostgreSQL server that cannot be used raises :class:`StorageError` with a printable reason.
        """
        if engines.is_url(str(target)):
            url = engines.postgres_url(str(target))
            engine = engines.postgres_engine(url)
            database = cls(engine, reader=engine.execution_options(isolation_level="AUTOCOMMIT"))
            try:
                await (database.migrate() if migrate else database.fetch_all("SELECT 1"))
            except (DBAPIError, OSError) as error:
                await engine.dispose()
                raise engines.connection_problem(error, url) from None
            except BaseException:
                await engine.dispose()
                raise
            return database
        _refuse_foreign_file(Path(target))
        database = cls(engines.sqlite_engine(target), reader=engines.sqlite_engine(target, reader=True))
        try:
            if migrate:
                await database.migrate()
                await database._void_leases()
        except DatabaseError as error:
            await database.close()
            raise SchemaError(f"{target} is damaged ({error.orig}); {RESTORE_ADVICE}") from None
        except BaseException:
            await database.close()
            raise
        return database

    async def _void_leases(self) -> None:
        """A SQLite file serves one bot process, which is only starting: a nudge lease left in it
        belongs to a process that died, and must not hold up the nudges it was firing."""
        async with self.transaction():
            await self.execute(
                update(nudges)
                .where(nudges.c.lease_until.is_not(None))
                .values(lease_holder=None, lease_until=None)
            )

    def time_queries(self, record: Callable[[float], None]) -> None:
        """Tell ``record`` how many seconds each statement took, on the writer and the reader alike
        (a reader that is the writer with other options shares its events, so is timed once)."""
        engines_ = [self._engine.sync_engine]
        if self._reader.sync_engine.pool is not self._engine.sync_engine.pool:
            engines_.append(self._reader.sync_engine)

        def started(conn: Any, cursor: Any, statement: Any, parameters: Any, context: Any, many: Any) -> None:
            context.meetup_query_started = time.perf_counter()

        def finished(
            conn: Any, cursor: Any, statement: Any, parameters: Any, context: Any, many: Any
        ) -> None:
            record(time.perf_counter() - context.meetup_query_started)

        for engine in engines_:
            event.listen(engine, "before_cursor_execute", started)
            event.listen(engine, "after_cursor_execute", finished)

    async def ping(self) -> None:
        """One trivial read, for a health check: raises when the database does not answer."""
        await self._read(text("SELECT 1"), None)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``: for the few statements the two engines spell differently."""
        return self._engine.dialect.name

    async def close(self) -> None:
        """Let transactions still ending finish, then close every connection."""
        await asyncio.gather(*self._in_flight, return_exceptions=True)
        if self._kept is not None:
            await self._kept.close()
            self._kept = None
        await self._reader.dispose()
        await self._engine.dispose()

    async def migrate(self) -> str | None:
        """Create or upgrade the schema in one transaction; returns the revision it is at."""
        async with self.transaction() as connection:
            await connection.run_sync(migrate.upgrade)
            return await connection.run_sync(migrate.current_revision)

    async def revision(self) -> str | None:
        async with self._reader.connect() as connection:
            return await connection.run_sync(migrate.current_revision)

    async def row_counts(self) -> dict[str, int]:
        """How many rows each of the bot's tables holds (for checks and copies)."""
        counts = {}
        for table in metadata.sorted_tables:
            row = await self.fetch_one(select(func.count().label("rows")).select_from(table))
            counts[table.name] = int(row["rows"]) if row else 0
        return counts

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction: everything inside commits together or not at all.

        Nested use joins the outer transaction, so a service can call another service's helper.
        """
        joined = self._current.get()
        if joined is not None:
            yield joined
            return
        async with self._write_lock:
            connection = await self._begin()
            marker = self._current.set(connection)
            try:
                yield connection
            except BaseException:
                await self._uninterrupted(self._end(connection, commit=False))
                raise
            else:
                # Directly, not as a task: a cancellation here makes SQLAlchemy drop the
                # connection, and a dropped connection's transaction is rolled back by the engine.
                await self._end(connection, commit=True)
            finally:
                self._current.reset(marker)

    async def _begin(self) -> AsyncConnection:
        """The connection of a new transaction, begun. SQLite writes on one connection kept for
        the Database's life (its writes are one at a time anyway, and a checkout per transaction
        cost more than the transaction); PostgreSQL takes one from its pool."""
        connection = self._kept or await self._writer.connect()
        try:
            await connection.begin()
        except BaseException as error:
            await self._end(connection, commit=False)
            # SQLite's BEGIN IMMEDIATE goes straight to the driver, so its error comes unwrapped.
            if isinstance(error, OperationalError | sqlite3.OperationalError) and (
                "locked" in str(error) or "busy" in str(error)
            ):
                raise DatabaseBusyError(str(getattr(error, "orig", error))) from error
            raise
        if self.dialect == "sqlite":
            self._kept = connection
        return connection

    async def _end(self, connection: AsyncConnection, *, commit: bool) -> None:
        try:
            if commit:
                await connection.commit()
            elif connection.in_transaction():
                await connection.rollback()
        finally:
            if connection is not self._kept:
                await connection.close()

    async def _uninterrupted(self, step: Coroutine[Any, Any, None]) -> None:
        """Roll back a failed transaction and give its connection back even if the caller is
        cancelled meanwhile (the failure is often that cancellation): the rollback runs as a task
        of its own, which a cancelled caller waits for before going on."""
        task = asyncio.ensure_future(step)
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            await asyncio.wait({task})
            raise

    def _transaction_connection(self) -> AsyncConnection:
        connection = self._current.get()
        if connection is None:
            raise RuntimeError("database writes must run inside Database.transaction()")
        return connection

    async def _write(self, sql: Statement, parameters: Parameters) -> CursorResult[Any]:
        return await self._transaction_connection().execute(_statement(sql), parameters)

    async def execute(self, sql: Statement, parameters: Parameters = None) -> int:
        """Run one write inside the caller's transaction and return how many rows it changed.

        Writes outside :meth:`transaction` are refused: a use case that writes twice must not be
        able to leave the first write behind when the second fails.
        """
        return int((await self._write(sql, parameters)).rowcount)

    async def insert(self, sql: Statement, parameters: Parameters = None) -> int:
        """Run one INSERT inside the caller's transaction and return the new row's id."""
        result = await self._write(sql, parameters)
        key = result.inserted_primary_key if not isinstance(sql, str) else None
        return int(key[0]) if key else int(result.lastrowid or 0)

    async def write_returning(self, sql: Statement, parameters: Parameters = None) -> list[RowMapping]:
        """Run one write with a RETURNING clause inside the caller's transaction, in one trip."""
        return list((await self._write(sql, parameters)).mappings().all())

    async def execute_many(self, sql: Statement, rows: Sequence[Mapping[str, Any]]) -> None:
        """One statement for many rows (the driver's executemany); nothing to do for no rows."""
        connection = self._transaction_connection()
        if rows:
            await connection.execute(_statement(sql), list(rows))

    async def fetch_one(self, sql: Statement, parameters: Parameters = None) -> RowMapping | None:
        rows = await self.fetch_all(sql, parameters)
        return rows[0] if rows else None

    async def fetch_all(self, sql: Statement, parameters: Parameters = None) -> list[RowMapping]:
        """Rows as mappings; inside a transaction on its connection, otherwise on a reader's."""
        connection = self._current.get()
        if connection is not None:
            result = await connection.execute(_statement(sql), parameters)
            return list(result.mappings().all())
        return await self._read(_statement(sql), parameters)

    async def _read(self, statement: Executable, parameters: Parameters) -> list[RowMapping]:
        async with self._reader.connect() as reader:
            result = await reader.execute(statement, parameters)
            return list(result.mappings().all())

"""Which engine a storage target means, and an SQLAlchemy engine set up for it.

SQLite (a file path) is the default: WAL, foreign keys and a busy timeout are set on every
connection, the driver is left in autocommit so reads take no lock, and write transactions begin
with ``BEGIN IMMEDIATE`` so a writer queues for the lock up front instead of failing half-way.
PostgreSQL (a ``postgresql://`` url) gets a real connection pool over asyncpg.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from bot.db.sqlite_trips import OneTripConnection

BUSY_TIMEOUT_MS = 5_000
CONNECT_TIMEOUT_S = 10
WRITE_OPTION = "meetup_write"
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+asyncpg")


class StorageError(Exception):
    """The configured storage cannot be used; the message is safe to print (no password)."""


def is_url(target: Path | str) -> bool:
    return isinstance(target, str) and "://" in target


def postgres_url(url: str) -> URL:
    """``postgresql://USER@HOST:PORT/DB`` as SQLAlchemy's asyncpg url; anything else is refused."""
    scheme = url.split("://", 1)[0]
    if scheme not in POSTGRES_SCHEMES:
        raise StorageError(f'unknown scheme "{scheme}://"; write "postgresql://USER@HOST:PORT/DATABASE"')
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        raise StorageError(f"not a valid url ({type(error).__name__})") from None
    if not parsed.database:
        raise StorageError('no database name; write "postgresql://USER@HOST:PORT/DATABASE"')
    return parsed.set(drivername="postgresql+asyncpg")


def describe(url: URL) -> str:
    """The url for messages: everything but the password."""
    return url.render_as_string(hide_password=True).replace("+asyncpg", "", 1)


def sqlite_engine(path: Path | str, *, reader: bool = False) -> AsyncEngine:
    """An engine for writing (transactions begin with ``BEGIN IMMEDIATE``) or, with ``reader``,
    for reading in autocommit, which spares each read a ROLLBACK trip to the driver's thread."""
    options: dict[str, Any] = (
        {"isolation_level": "AUTOCOMMIT", "skip_autocommit_rollback": True} if reader else {}
    )
    engine = create_async_engine(
        f"sqlite+aiosqlite:///{path}",
        poolclass=AsyncAdaptedQueuePool,
        pool_size=4 if reader else 1,
        max_overflow=8 if reader else 1,
        pool_reset_on_return=None,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        **options,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.__class__ = OneTripConnection
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Connection) -> None:
        # Straight to the driver: SQLAlchemy's statement machinery would cost more than SQLite.
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.connection.dbapi_connection.cursor().execute("BEGIN IMMEDIATE")

    return engine


def postgres_engine(url: URL) -> AsyncEngine:
    return create_async_engine(
        url,
        pool_size=5,
        max_overflow=10,
        connect_args={"timeout": CONNECT_TIMEOUT_S},
    )


def connection_problem(error: BaseException, url: URL) -> StorageError:
    """One line saying why PostgreSQL at ``url`` refused us, without the password."""
    cause: BaseException = error.orig if isinstance(error, DBAPIError) and error.orig else error
    while cause.__cause__ is not None and not hasattr(cause, "sqlstate"):
        cause = cause.__cause__
    where = describe(url)
    name = type(cause).__name__
    if name == "InvalidPasswordError" or getattr(cause, "sqlstate", None) == "28P01":
        return StorageError(f"wrong password or user for {where}")
    if name == "InvalidAuthorizationSpecificationError" or getattr(cause, "sqlstate", None) == "28000":
        return StorageError(f"the server refused user {url.username!r} at {where}")
    if name == "InvalidCatalogNameError" or getattr(cause, "sqlstate", None) == "3D000":
        return StorageError(f'database "{url.database}" does not exist at {where}; create it with createdb')
    if isinstance(cause, socket.gaierror):
        return StorageError(f'cannot resolve host "{url.host}" in {where}')
    if isinstance(cause, OSError | TimeoutError):
        return StorageError(f"cannot reach PostgreSQL at {where} ({name})")
    detail = str(cause).splitlines()[0] if str(cause) else name
    return StorageError(f"cannot use {where}: {detail}")

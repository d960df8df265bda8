"""One trip to aiosqlite's thread per statement, instead of SQLAlchemy's four; no waiting on close.

aiosqlite runs SQLite in a thread of its own, and every call crosses to it and back. SQLAlchemy's
adapter makes four crossings per statement (open a cursor, execute, fetch, close); under load
those crossings, not SQLite, are what a command costs (see bench/RESULTS.md). This cursor does
the four in one function run in that thread, so a read is one crossing as it was before the bot
used SQLAlchemy. It relies on the adapter's cursor attributes and aiosqlite's ``_execute``, which
is why pyproject.toml pins both below their next minor release; a test counts the crossings.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_cursor
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor whose statement, rows and counts come back in one crossing."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid or 0

    def _run(self, operation: str, parameters: Any, many: bool) -> None:
        """In aiosqlite's thread: execute, keep what SQLAlchemy will ask for, close."""
        cursor: sqlite3.Cursor = self._connection._conn.cursor()
        try:
            if many:
                cursor.executemany(operation, parameters)
            else:
                cursor.execute(operation, () if parameters is None else parameters)
            self._description = cursor.description
            self._rows = collections.deque(cursor.fetchall() if cursor.description else ())
            self._rowcount = cursor.rowcount
            self._lastrowid = cursor.lastrowid
        finally:
            cursor.close()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            return await_(self._connection._execute(self._run, operation, parameters, False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        try:
            return await_(self._connection._execute(self._run, operation, seq_of_parameters, True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _async_soft_close(self) -> None:
        """Nothing to close: the real cursor was closed in the thread."""

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """The adapter's connection, handing out :class:`OneTripCursor` s."""

    __slots__ = ()
    _cursor_cls = OneTripCursor

    def terminate(self) -> None:
        """Close a connection SQLAlchemy gave up on (its statement was cancelled) without waiting.

        The adapter would close it gracefully from a task of its own, which a shutting-down event
        loop can leave pending forever; SQLite has no server to say goodbye to, so stopping the
        thread is enough.
        """
        self._terminate_force_close()

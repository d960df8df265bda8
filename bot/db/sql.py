"""The few statements SQLite and PostgreSQL spell differently, chosen by the database's dialect."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, literal_column
from sqlalchemy.dialects import postgresql, sqlite

from bot.db.database import Database


def upsert(database: Database, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that can take ``ON CONFLICT`` (both engines know it, through their own dialect)."""
    if database.dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def insertion_order(database: Database, table: Table) -> list[ColumnElement[object]]:
    """The order rows were written in: SQLite's rowid; PostgreSQL has none, so the primary key."""
    if database.dialect == "postgresql":
        return list(table.primary_key.columns)
    return [literal_column(f"{table.name}.rowid")]

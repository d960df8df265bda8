"""copy-storage refuses a target that holds anything, before writing a single row or table."""

from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import make_url

from bot.db.copy import CopyRefusedError, copy_storage
from bot.db.database import Database
from tests.integration.conftest import make_meetup
from tests.postgres import PostgresServer


async def tables_of(url: str) -> list[str]:
    parsed = make_url(url)
    connection = await asyncpg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, database=parsed.database
    )
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return sorted(row["tablename"] for row in rows)
    finally:
        await connection.close()


@pytest.fixture
async def source(tmp_path: Path) -> Path:
    """A SQLite database with one meetup in it."""
    path = tmp_path / "meetups.sqlite3"
    database = await Database.open(path)
    try:
        await make_meetup(database)
    finally:
        await database.close()
    return path


async def test_target_with_tables_of_its_own_is_left_alone(
    source: Path, postgres_server: PostgresServer
) -> None:
    """A database holding another application's table gets neither the bot's schema nor rows."""
    url = await postgres_server.create_database()
    parsed = make_url(url)
    connection = await asyncpg.connect(
        host=parsed.host, port=parsed.port, user="postgres", database=parsed.database
    )
    await connection.execute("CREATE TABLE notes (body text)")
    await connection.close()
    with pytest.raises(CopyRefusedError, match="it has tables notes"):
        await copy_storage(source, url)
    assert await tables_of(url) == ["notes"]


async def test_copy_into_an_empty_database_keeps_ids(source: Path, postgres_server: PostgresServer) -> None:
    """The copy carries the rows with their ids, and the source's counts."""
    url = await postgres_server.create_database()
    copied = await copy_storage(source, url)
    assert copied["meetups"] == 1
    assert copied["date_options"] == 2
    target = await Database.open(url)
    try:
        assert await target.row_counts() == copied
    finally:
        await target.close()

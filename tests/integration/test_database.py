"""Migrations, pragmas and transactions on a real SQLite file."""

import sqlite3
from pathlib import Path

import pytest

from bot.db.database import Database, _migrations
from bot.db.meetups import MeetupRepository
from tests.integration.conftest import make_meetup


async def test_migrates_empty_database_to_latest(db_path: Path) -> None:
    """An empty file ends at the newest migration with every table in place."""
    database = await Database.open(db_path)
    try:
        assert await database.schema_version() == len(_migrations())
        tables = {
            row[0] for row in await database.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert {"meetups", "date_options", "venue_options", "votes", "rsvps", "nudges"} <= tables
    finally:
        await database.close()


async def test_rerunning_migrations_is_a_no_op(db_path: Path) -> None:
    """Opening the same file again applies nothing and keeps the data."""
    first = await Database.open(db_path)
    await make_meetup(first)
    await first.close()
    again = await Database.open(db_path)
    try:
        assert await again.migrate() == len(_migrations())
        rows = await again.fetch_all("SELECT title FROM meetups")
        assert [row["title"] for row in rows] == ["SoMe meetup IRL"]
    finally:
        await again.close()


async def test_pragmas(database: Database) -> None:
    """WAL, foreign keys and a busy timeout are on for the one connection."""
    assert (await database.fetch_one("PRAGMA journal_mode"))[0] == "wal"
    assert (await database.fetch_one("PRAGMA foreign_keys"))[0] == 1
    assert (await database.fetch_one("PRAGMA busy_timeout"))[0] == 5000


async def test_failed_transaction_leaves_nothing(database: Database) -> None:
    """An error half-way through a use case rolls back its earlier writes."""
    insert = (
        "INSERT INTO meetups (guild_id, number, channel_id, organizer_id, title, created_at, closes_at)"
        " VALUES (1, 1, 1, 1, ?, 'x', 'y')"
    )

    async def two_writes_of_which_the_second_fails() -> None:
        async with database.transaction():
            await database.execute(insert, ("first",))
            await database.execute(insert, ("duplicate number",))

    with pytest.raises(sqlite3.IntegrityError):
        await two_writes_of_which_the_second_fails()
    assert await database.fetch_all("SELECT * FROM meetups") == []


async def test_writes_outside_a_transaction_are_refused(database: Database) -> None:
    """A write that is not part of a transaction cannot happen by accident."""
    with pytest.raises(RuntimeError, match=r"inside Database\.transaction"):
        await database.execute("DELETE FROM meetups")


async def test_meetup_numbers_count_per_server(database: Database) -> None:
    """Each server numbers its meetups from 1, independently of the others."""
    first = await make_meetup(database, guild_id=1)
    second = await make_meetup(database, guild_id=1)
    other = await make_meetup(database, guild_id=2)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    repository = MeetupRepository(database)
    found = await repository.by_number(1, 2)
    assert found is not None
    assert found.id == second.id
    assert [o.source_text for o in await repository.date_options(first.id)] == ["fri 19:00", "sat 18:00"]


async def test_times_come_back_aware_in_utc(database: Database) -> None:
    """Stored times are UTC and come back as aware datetimes equal to what went in."""
    meetup = await make_meetup(database)
    loaded = await MeetupRepository(database).get(meetup.id)
    assert loaded is not None
    assert loaded.closes_at == meetup.closes_at
    assert loaded.closes_at.utcoffset().total_seconds() == 0

"""Migrations, pragmas and transactions, on each engine."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy.exc import IntegrityError

from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.migrate import head
from tests.integration.conftest import make_meetup


async def test_migrates_empty_database_to_latest(db_path: Path | str) -> None:
    """An empty database ends at the newest revision with every table in place, empty."""
    database = await Database.open(db_path)
    try:
        assert await database.revision() == head()
        counts = await database.row_counts()
        assert {"meetups", "date_options", "venue_options", "votes", "rsvps", "nudges"} <= set(counts)
        assert set(counts.values()) == {0}
    finally:
        await database.close()


async def test_rerunning_migrations_is_a_no_op(db_path: Path | str) -> None:
    """Opening the same database again applies nothing and keeps the data."""
    first = await Database.open(db_path)
    await make_meetup(first)
    await first.close()
    again = await Database.open(db_path)
    try:
        assert await again.migrate() == head()
        rows = await again.fetch_all("SELECT title FROM meetups")
        assert [row["title"] for row in rows] == ["SoMe meetup IRL"]
    finally:
        await again.close()


@pytest.mark.parametrize("storage_engine", ["sqlite"])
async def test_pragmas(database: Database) -> None:
    """WAL, foreign keys and a busy timeout are on for the one connection."""
    assert await database.fetch_all("PRAGMA journal_mode") == [{"journal_mode": "wal"}]
    assert await database.fetch_all("PRAGMA foreign_keys") == [{"foreign_keys": 1}]
    assert await database.fetch_all("PRAGMA busy_timeout") == [{"timeout": 5000}]


async def test_failed_transaction_leaves_nothing(database: Database) -> None:
    """An error half-way through a use case rolls back its earlier writes."""
    insert = (
        "INSERT INTO meetups (guild_id, number, channel_id, organizer_id, title, created_at, closes_at)"
        " VALUES (1, 1, 1, 1, :title, '2026-01-01T00:00:00+00:00', '2026-01-02T00:00:00+00:00')"
    )

    async def two_writes_of_which_the_second_fails() -> None:
        async with database.transaction():
            await database.execute(insert, {"title": "first"})
            await database.execute(insert, {"title": "duplicate number"})

    with pytest.raises(IntegrityError):
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


@pytest.mark.parametrize("storage_engine", ["sqlite"])
async def test_each_statement_is_one_trip_to_sqlites_thread(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read, and each statement of a write, crosses to aiosqlite's thread once (not four times)."""
    meetup = await make_meetup(database)
    repository = MeetupRepository(database)
    await repository.get(meetup.id)  # opens the reading connection: its set-up is not counted
    trips: list[str] = []
    crossing = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", repr(fn)))
        return await crossing(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    assert await repository.get(meetup.id) is not None
    assert len(trips) == 1
    trips.clear()
    async with database.transaction():
        await repository.set_poll_message(meetup.id, 5)
    assert len(trips) == 3, trips

"""SQLite files written by release 0.1 (``.sql`` migrations, ``PRAGMA user_version``) are adopted in place.

The database is built with that release's own migration files (still shipped in bot/db/migrations), filled with rows in
every table, and then opened by the current code: every row must come back unchanged.
"""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.migrate import BASELINE, SchemaError, head, legacy_migrations, upgrade
from bot.db.nudges import NudgeRepository
from bot.db.schema import metadata
from bot.domain.model import MeetupStatus, NudgeState

T = "2026-11-28T17:00:00.000000+00:00"

ROWS = {
    "meetups": (
        "INSERT INTO meetups VALUES (1, 10, 1, 20, 30, 'Pizza', 'bring cash', 'scheduled', ?, ?, ?, 10800,"
        " 8, 2, 40, 41, 1, 'Luigi''s', 'Main St 1', 'https://l.example', 1, NULL, 'luigis', NULL, 2, 42, 1,"
        " 'Europe/Stockholm')",
        (T, T, "2026-12-05T18:00:00.000000+00:00"),
    ),
    "date_options": ("INSERT INTO date_options VALUES (1, 1, ?, 'sat 19:00')", (T,)),
    "venue_options": ("INSERT INTO venue_options VALUES (1, 1, 'Luigi''s', 'Main St 1', NULL, 30)", ()),
    "votes": ("INSERT INTO votes VALUES (1, 'date', 1, 31, ?)", (T,)),
    "rsvps": ("INSERT INTO rsvps VALUES (1, 31, 'going', 1, ?)", (T,)),
    "nudges": ("INSERT INTO nudges VALUES (1, 1, 'reminder', '86400', ?, 'sent', ?, 1, 43)", (T, T)),
    "invites": ("INSERT INTO invites VALUES (1, 32)", ()),
    "deliveries": ("INSERT INTO deliveries VALUES (1, 31, 'going', 'sent', ?)", (T,)),
    "member_prefs": ("INSERT INTO member_prefs VALUES (31, 0, 'Europe/Oslo')", ()),
    "members": ("INSERT INTO members VALUES (10, 31, 'Bob')", ()),
    "venues": ("INSERT INTO venues VALUES (10, 'luigis', 'Luigi''s', 'Main St 1', NULL)", ()),
    "ratings": ("INSERT INTO ratings VALUES (1, 31, 4, ?)", (T,)),
    "recaps": ("INSERT INTO recaps VALUES (1, 44, 45, ?, ?, NULL, 3)", (T, T)),
    "again_votes": ("INSERT INTO again_votes VALUES (1, 31)", ()),
    "watched_channels": ("INSERT INTO watched_channels VALUES (20, 10, 1, ?)", (T,)),
    "guild_settings": (
        "INSERT INTO guild_settings VALUES (10, 'Europe/Oslo', 'en', '3600', 7200, 0, 1, 1)",
        (),
    ),
}


def build_release_database(path: Path, up_to: int = 7) -> None:
    """A database exactly as release 0.1 wrote it, migrated to ``up_to``: by its own numbered
    ``.sql`` scripts, which the package still ships to finish databases older than that release."""
    with sqlite3.connect(path) as db:
        for number, script in legacy_migrations():
            if number <= up_to:
                db.executescript(script)
        db.execute(f"PRAGMA user_version = {up_to}")
    db.close()


def release_columns(path: Path) -> dict[str, str]:
    """Each table's columns as the release made them (later revisions may add some)."""
    db = sqlite3.connect(path)
    try:
        return {
            table: ", ".join(row[1] for row in db.execute(f"PRAGMA table_info('{table}')")) for table in ROWS
        }
    finally:
        db.close()


def snapshot(path: Path, columns: dict[str, str]) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    try:
        return {
            table: db.execute(f"SELECT {columns[table]} FROM {table} ORDER BY rowid").fetchall()
            for table in ROWS
        }
    finally:
        db.close()


def structure(path: Path) -> dict[str, tuple[object, ...]]:
    """Columns (name, type, not null, default, key), indexes and foreign keys of every table."""
    db = sqlite3.connect(path)
    try:
        described = {}
        for table in ROWS:
            indexes = sorted(
                (row[1], row[2], row[4], tuple(c[2] for c in db.execute(f"PRAGMA index_info('{row[1]}')")))
                for row in db.execute(f"PRAGMA index_list('{table}')")
                if row[3] == "c"
            )
            # An INTEGER PRIMARY KEY is the rowid and never NULL, whether or not NOT NULL is written.
            columns = [
                (cid, name, kind, int(notnull or key == 1), default, key)
                for cid, name, kind, notnull, default, key in db.execute(f"PRAGMA table_info('{table}')")
            ]
            described[table] = (
                columns,
                indexes,
                sorted(row[2:] for row in db.execute(f"PRAGMA foreign_key_list('{table}')")),
            )
        return described
    finally:
        db.close()


ADDED_SINCE_RELEASE = {"series", "series_skips"}
"""Tables later revisions created; a release-0.1 database has no rows for them to keep."""


def test_every_table_has_a_row() -> None:
    """The fixture covers the release's whole schema, so a table cannot be forgotten here."""
    assert set(ROWS) == {table.name for table in metadata.sorted_tables} - ADDED_SINCE_RELEASE


async def test_release_database_is_adopted_with_every_row(tmp_path: Path) -> None:
    """A database at user_version 7 is stamped, not rebuilt: every row of every table survives."""
    path = tmp_path / "meetups.sqlite3"
    build_release_database(path)
    with sqlite3.connect(path) as db:
        for sql, parameters in ROWS.values():
            db.execute(sql, parameters)
    db.close()
    columns = release_columns(path)
    before = snapshot(path, columns)
    assert all(len(rows) == 1 for rows in before.values())

    database = await Database.open(path)
    try:
        assert await database.revision() == head()
        meetup = await MeetupRepository(database).get(1)
        assert meetup is not None
        assert meetup.status is MeetupStatus.SCHEDULED
        assert meetup.starts_at == datetime(2026, 12, 5, 18, tzinfo=UTC)
        assert meetup.venue_name == "Luigi's"
        assert meetup.private_address
        nudge = await NudgeRepository(database).get(1)
        assert nudge is not None
        assert (nudge.state, nudge.sent_at, nudge.late) == (
            NudgeState.SENT,
            datetime(2026, 11, 28, 17, tzinfo=UTC),
            True,
        )
    finally:
        await database.close()
    assert snapshot(path, columns) == before
    again = await Database.open(path)
    await again.close()
    assert snapshot(path, columns) == before


async def test_older_release_database_is_finished_then_adopted(tmp_path: Path) -> None:
    """A database left at user_version 3 gets the remaining .sql steps, then the baseline stamp."""
    path = tmp_path / "meetups.sqlite3"
    build_release_database(path, up_to=3)
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO meetups (id, guild_id, number, channel_id, organizer_id, title, created_at, closes_at)"
            " VALUES (1, 10, 1, 20, 30, 'Pizza', ?, ?)",
            (T, T),
        )
    db.close()
    database = await Database.open(path)
    try:
        assert await database.revision() == head()
        meetup = await MeetupRepository(database).get(1)
        assert meetup is not None
        assert (meetup.title, meetup.calendar_sequence, meetup.timezone) == ("Pizza", 0, None)
    finally:
        await database.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (7,)
    db.close()


async def test_new_database_has_the_release_schema(tmp_path: Path) -> None:
    """Alembic's baseline builds the same columns, types, defaults, keys and indexes as the .sql files."""
    old, new = tmp_path / "old.sqlite3", tmp_path / "new.sqlite3"
    build_release_database(old)
    engine = create_engine(f"sqlite:///{new}")
    with engine.begin() as connection:
        upgrade(connection, to=BASELINE)
    engine.dispose()
    assert structure(new) == structure(old)


async def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    """A SQLite file with tables but no schema version is not the bot's, and is left alone."""
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    db.close()
    with pytest.raises(SchemaError, match="not made by this bot"):
        await Database.open(path)

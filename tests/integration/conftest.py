"""Every integration test runs on a real SQLite file in tmp_path and on a real PostgreSQL database."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.domain.model import DateOption, Meetup, NewMeetup
from tests.postgres import ENGINES


@pytest.fixture(params=ENGINES)
def storage_engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_path(storage_target: Path | str) -> Path | str:
    """The database the test's connections open: a file path or a PostgreSQL url."""
    return storage_target


@pytest.fixture
async def database(db_path: Path | str) -> AsyncIterator[Database]:
    opened = await Database.open(db_path)
    yield opened
    await opened.close()


@pytest.fixture
async def other(db_path: Path | str, database: Database) -> AsyncIterator[Database]:
    """A second connection to the same database, opened after the first."""
    opened = await Database.open(db_path)
    yield opened
    await opened.close()


async def make_meetup(
    database: Database, *, closes_in: timedelta = timedelta(hours=1), guild_id: int = 1
) -> Meetup:
    """A polling meetup with two candidate dates, written in one transaction."""
    now = datetime.now(UTC)
    draft = NewMeetup(
        guild_id=guild_id,
        channel_id=10,
        organizer_id=100,
        title="SoMe meetup IRL",
        details="",
        created_at=now,
        closes_at=now + closes_in,
        dates=(
            DateOption(1, now + timedelta(days=2), "fri 19:00"),
            DateOption(2, now + timedelta(days=3), "sat 18:00"),
        ),
    )
    async with database.transaction():
        return await MeetupRepository(database).create(draft)

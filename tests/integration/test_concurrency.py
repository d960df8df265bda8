"""Two connections (two ``Database`` objects, as two processes would have) racing for one thing:
the database itself lets exactly one win, on each engine."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.nudges import NudgeRepository
from bot.db.rsvps import RsvpRepository
from bot.domain.model import NudgeKind, NudgeState, PlannedNudge, RsvpStatus
from tests.integration.conftest import make_meetup
from tests.integration.test_scheduling import Running, start


async def test_one_of_two_connections_claims_a_nudge(database: Database, other: Database) -> None:
    """Claims made at the same moment through two connections: each nudge goes to one of them."""
    meetup = await make_meetup(database)
    now = datetime.now(UTC)
    async with database.transaction():
        planned = [PlannedNudge(NudgeKind.REMINDER, now, key=str(n)) for n in range(5)]
        nudges = await NudgeRepository(database).add(meetup.id, planned)

    async def claim(db: Database, holder: str, nudge_id: int) -> bool:
        async with db.transaction():
            token = await NudgeRepository(db).claim(nudge_id, holder, now, now + timedelta(minutes=1))
        return token is not None

    for nudge in nudges:
        results = await asyncio.gather(claim(database, "first", nudge.id), claim(other, "second", nudge.id))
        assert sorted(results) == [False, True]
    later = now + timedelta(minutes=2)
    async with other.transaction():
        assert (
            await NudgeRepository(other).claim(nudges[0].id, "third", later, later + timedelta(minutes=1))
            == 2
        )


async def test_two_processes_fire_a_nudge_once(db_path: Path | str) -> None:
    """Two bot processes whose jobs fire the same nudge together run its handler once between them."""
    first, second = await start(db_path), await start(db_path)
    try:
        meetup = await make_meetup(first.database)
        async with first.database.transaction():
            (nudge,) = await first.service.plan(
                meetup.id, [PlannedNudge(NudgeKind.CLOSE_POLL, meetup.closes_at)]
            )
        await asyncio.gather(first.service.fire(nudge.id, False), second.service.fire(nudge.id, False))
        assert len(first.fired) + len(second.fired) == 1
        stored = await NudgeRepository(second.database).get(nudge.id)
        assert stored is not None
        assert stored.state is NudgeState.SENT
    finally:
        await stop_all(first, second)


async def stop_all(*running: Running) -> None:
    for one in running:
        await one.stop()


async def test_one_of_two_connections_closes_a_poll(database: Database, other: Database) -> None:
    """Two closings of one poll at once: one schedules the meetup, the other finds it closed."""
    meetup = await make_meetup(database)
    options = await MeetupRepository(database).date_options(meetup.id)

    async def close(db: Database, starts_at: datetime) -> bool:
        async with db.transaction():
            return await MeetupRepository(db).schedule(meetup.id, starts_at, won_by_tie=False)

    results = await asyncio.gather(close(database, options[0].starts_at), close(other, options[1].starts_at))
    assert sorted(results) == [False, True]
    stored = await MeetupRepository(other).get(meetup.id)
    assert stored is not None
    winner = options[0] if results[0] else options[1]
    assert stored.starts_at == winner.starts_at


async def test_waitlist_takes_turns_across_connections(database: Database, other: Database) -> None:
    """With one place left, two members answering through two connections at once: one goes, one waits."""
    meetup = await make_meetup(database)
    now = datetime.now(UTC)
    first_has_read, second_is_locking = asyncio.Event(), asyncio.Event()

    async def answer(db: Database, user_id: int, *, first: bool) -> None:
        # The second answer starts once the first has read; SQLite's lock is the BEGIN itself,
        # PostgreSQL's the meetup's row, so the second says so just before taking it.
        if not first:
            await first_has_read.wait()
            if db.dialect == "sqlite":
                second_is_locking.set()
        async with db.transaction():
            if not first:
                second_is_locking.set()
            await MeetupRepository(db).lock(meetup.id)
            going = [
                r for r in await RsvpRepository(db).for_meetup(meetup.id) if r.status is RsvpStatus.GOING
            ]
            if first:
                first_has_read.set()
                await second_is_locking.wait()
            status = RsvpStatus.GOING if not going else RsvpStatus.WAITLISTED
            await RsvpRepository(db).set(meetup.id, user_id, status, now)

    await asyncio.gather(answer(database, 1, first=True), answer(other, 2, first=False))
    stored = {r.user_id: r.status for r in await RsvpRepository(database).for_meetup(meetup.id)}
    assert stored == {1: RsvpStatus.GOING, 2: RsvpStatus.WAITLISTED}

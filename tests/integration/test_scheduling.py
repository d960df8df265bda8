"""The schedule is rebuilt from nudge rows with the real APScheduler, and fires each nudge once."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import Clock, SystemClock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.nudges import NudgeRepository
from bot.domain.model import Meetup, Nudge, NudgeKind, NudgeState, PlannedNudge
from bot.scheduling import NudgeScheduler
from bot.services.nudges import LEASE, NudgeService
from tests.integration.conftest import make_meetup


@dataclass
class Running:
    """One 'process': a database connection, a scheduler and the nudge service."""

    database: Database
    scheduler: NudgeScheduler
    service: NudgeService
    fired: list[tuple[int, bool]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait_fired(self, count: int = 1, timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout):
            while len(self.fired) < count:
                self.changed.clear()
                await self.changed.wait()

    async def stop(self) -> None:
        await self.scheduler.shutdown()
        await self.database.close()


async def start(
    path: Path | str,
    fired: list[tuple[int, bool]] | None = None,
    *,
    lease: timedelta = LEASE,
    takeover_every: timedelta = timedelta(seconds=15),
    clock: Clock | None = None,
) -> Running:
    """One 'process' on the database at ``path``; ``fired`` may be shared to count across several."""
    database = await Database.open(path)
    clock = clock or SystemClock()
    scheduler = NudgeScheduler(clock, takeover_every=takeover_every)
    service = NudgeService(
        database,
        NudgeRepository(database),
        MeetupRepository(database),
        scheduler,
        clock,
        late_grace=timedelta(days=1),
        lease=lease,
    )
    running = Running(database, scheduler, service, fired if fired is not None else [])

    async def record(nudge: Nudge, meetup: Meetup, late: bool) -> None:
        running.fired.append((nudge.id, late))
        running.changed.set()

    service.handle(NudgeKind.CLOSE_POLL, record)
    scheduler.bind(service.fire, service.pending_before, service.abandoned)
    await scheduler.start()
    return running


async def settled(running: Running, nudge_id: int, timeout: float = 5.0) -> Nudge:
    """The nudge's row once its firing has finished (the handler runs before the row is marked)."""
    repository = NudgeRepository(running.database)
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        stored = await repository.get(nudge_id)
        if stored is not None and stored.state is not NudgeState.PENDING:
            return stored
        await asyncio.sleep(0.02)
    raise AssertionError(f"nudge {nudge_id} is still pending")


async def add_close_nudge(running: Running, due_in: timedelta) -> Nudge:
    meetup = await make_meetup(running.database, closes_in=due_in)
    async with running.database.transaction():
        (nudge,) = await running.service.plan(
            meetup.id, [PlannedNudge(NudgeKind.CLOSE_POLL, meetup.closes_at)]
        )
    running.service.arm([nudge])
    return nudge


@pytest.fixture
async def first(db_path: Path) -> AsyncIterator[Running]:
    running = await start(db_path)
    yield running
    await running.stop()


async def test_nudge_fires_once_on_time(first: Running) -> None:
    """A nudge due shortly fires once, on time, and its row is marked sent."""
    nudge = await add_close_nudge(first, timedelta(seconds=0.3))
    await first.wait_fired()
    assert (await settled(first, nudge.id)).state is NudgeState.SENT
    await asyncio.sleep(0.3)
    assert first.fired == [(nudge.id, False)]


async def test_nudge_survives_restart_and_fires_once(db_path: Path) -> None:
    """Written before a stop and due after it, the nudge fires exactly once in the next process."""
    fired: list[tuple[int, bool]] = []
    before = await start(db_path, fired)
    nudge = await add_close_nudge(before, timedelta(seconds=1))
    await before.stop()
    after = await start(db_path, fired)
    try:
        assert nudge.id in after.scheduler.scheduled_ids()
        await after.wait_fired()
        await asyncio.sleep(0.3)
        assert fired == [(nudge.id, False)]
    finally:
        await after.stop()
    again = await start(db_path, fired)
    try:
        assert again.scheduler.scheduled_ids() == set()
        await asyncio.sleep(0.2)
        assert fired == [(nudge.id, False)]
    finally:
        await again.stop()


async def test_nudge_due_while_down_fires_late(db_path: Path) -> None:
    """A nudge that came due while the bot was down fires at start, marked late."""
    before = await start(db_path)
    nudge = await add_close_nudge(before, timedelta(seconds=0.2))
    await before.scheduler.shutdown()
    await asyncio.sleep(0.4)
    await before.database.close()
    after = await start(db_path)
    try:
        await after.wait_fired()
        assert after.fired == [(nudge.id, True)]
        assert (await settled(after, nudge.id)).late
    finally:
        await after.stop()


async def test_firing_twice_sends_once(first: Running) -> None:
    """Two concurrent firings of one nudge run its handler once."""
    nudge = await add_close_nudge(first, timedelta(hours=1))
    await asyncio.gather(first.service.fire(nudge.id, False), first.service.fire(nudge.id, False))
    await first.service.fire(nudge.id, False)
    assert first.fired == [(nudge.id, False)]


async def test_cancelled_meetup_skips_its_nudge(first: Running) -> None:
    """A nudge of a cancelled meetup is skipped, not sent."""
    nudge = await add_close_nudge(first, timedelta(hours=1))
    async with first.database.transaction():
        await MeetupRepository(first.database).cancel(nudge.meetup_id, "rain")
    await first.service.fire(nudge.id, False)
    assert first.fired == []
    stored = await NudgeRepository(first.database).get(nudge.id)
    assert stored is not None
    assert stored.state is NudgeState.SKIPPED


async def test_far_nudges_wait_for_the_horizon(db_path: Path) -> None:
    """Only nudges due within the horizon hold a job; the row stays pending for later refills."""
    running = await start(db_path)
    try:
        near = await add_close_nudge(running, timedelta(minutes=5))
        far = await add_close_nudge(running, timedelta(days=3))
        assert running.scheduler.scheduled_ids() == {near.id}
        assert {n.id for n in await running.service.pending_before(far.due_at + timedelta(seconds=1))} == {
            near.id,
            far.id,
        }
    finally:
        await running.stop()

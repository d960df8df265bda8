"""Nudges across processes: a claim is a fenced lease, a long fan-out renews it, and due work that
nobody holds (its process died) is taken over. Two ``Database`` objects stand for two processes,
on each engine; durations are made short through the lease and the takeover interval."""

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.db.database import Database
from bot.db.deliveries import DeliveryRepository
from bot.db.nudges import NudgeRepository
from bot.domain.model import Meetup, Nudge, NudgeKind, NudgeState, PlannedNudge, RsvpStatus
from tests.integration.conftest import make_meetup
from tests.integration.test_concurrency import stop_all
from tests.integration.test_scheduling import add_close_nudge, settled, start

LEASE = timedelta(seconds=1.5)
"""Short, yet several times what a renewal takes on a loaded machine."""
TAKEOVER = timedelta(seconds=0.2)


@dataclass
class AheadClock:
    """A process whose clock runs ahead of the others' (so it sees their leases as run out)."""

    by: timedelta

    def now(self) -> datetime:
        return datetime.now(UTC) + self.by


async def test_a_later_claim_fences_off_the_earlier_holder(database: Database, other: Database) -> None:
    """Once a lease ran out and another took the nudge, the first holder can renew, record a
    delivery and finish nothing; the new holder can do all three."""
    meetup = await make_meetup(database)
    now = datetime.now(UTC)
    first, second = NudgeRepository(database), NudgeRepository(other)
    async with database.transaction():
        (nudge,) = await first.add(meetup.id, [PlannedNudge(NudgeKind.REMINDER, now)])
        await DeliveryRepository(database).fix_recipients(
            nudge.id, [(7, RsvpStatus.GOING), (8, RsvpStatus.GOING)]
        )
        stale = await first.claim(nudge.id, "stalled", now, now + LEASE)
    later = now + 2 * LEASE
    async with other.transaction():
        fresh = await second.claim(nudge.id, "survivor", later, later + LEASE)
    assert stale is not None
    assert fresh == stale + 1
    deliveries = DeliveryRepository(database)
    async with database.transaction():
        assert not await first.renew(nudge.id, stale, later + LEASE)
        assert not await deliveries.mark(nudge.id, 7, "sent", later, token=stale)
        assert not await first.finish(nudge.id, NudgeState.SENT, later, late=False, token=stale)
    async with other.transaction():
        assert await second.renew(nudge.id, fresh, later + 2 * LEASE)
        assert await DeliveryRepository(other).mark(nudge.id, 7, "sent", later, token=fresh)
        assert await second.finish(nudge.id, NudgeState.SENT, later, late=False, token=fresh)
    states = {d.user_id: d.state for d in await deliveries.for_nudge(nudge.id)}
    assert states == {7: "sent", 8: "pending"}


async def test_a_dead_holders_nudge_is_taken_over_after_its_lease(db_path: Path | str) -> None:
    """A claim whose process died holds the nudge until the lease ends; the survivor's periodic
    takeover then fires it once, within a few takeover intervals of the lease's end."""
    survivor = await start(db_path, lease=LEASE, takeover_every=TAKEOVER)
    try:
        meetup = await make_meetup(survivor.database, closes_in=timedelta(seconds=-1))
        nudges = NudgeRepository(survivor.database)
        async with survivor.database.transaction():
            (nudge,) = await nudges.add(meetup.id, [PlannedNudge(NudgeKind.CLOSE_POLL, meetup.closes_at)])
            claimed_at = datetime.now(UTC)
            assert await nudges.claim(nudge.id, "dead process", claimed_at, claimed_at + LEASE) is not None
        expires = time.monotonic() + LEASE.total_seconds()
        await survivor.wait_fired(timeout=5)
        fired_after_expiry = time.monotonic() - expires
        assert (await settled(survivor, nudge.id)).state is NudgeState.SENT
        assert 0 <= fired_after_expiry < 2.0
        await asyncio.sleep(3 * TAKEOVER.total_seconds())
        assert survivor.fired == [(nudge.id, True)]
    finally:
        await survivor.stop()


async def test_a_nudge_only_a_dead_process_had_scheduled_is_fired_by_another(db_path: Path | str) -> None:
    """Written and armed by one process that then stops, due after its stop: the other process,
    which started before the nudge existed, finds it by the takeover and fires it once."""
    fired: list[tuple[int, bool]] = []
    survivor = await start(db_path, fired, lease=LEASE, takeover_every=TAKEOVER)
    writer = await start(db_path, fired, lease=LEASE, takeover_every=TAKEOVER)
    try:
        nudge = await add_close_nudge(writer, timedelta(seconds=0.5))
        assert nudge.id not in survivor.scheduler.scheduled_ids()
        await writer.stop()
        await survivor.wait_fired(timeout=5)
        await asyncio.sleep(3 * TAKEOVER.total_seconds())
        assert fired == [(nudge.id, True)]
    finally:
        await survivor.stop()


async def test_a_long_fan_out_keeps_its_lease(db_path: Path | str) -> None:
    """A handler running two and a half leases long renews its claim: the other process's takeover never
    steals it, and the nudge is done once."""
    first = await start(db_path, lease=LEASE, takeover_every=TAKEOVER)
    second = await start(db_path, lease=LEASE, takeover_every=TAKEOVER)
    runs: list[str] = []

    def slow(name: str):
        async def handler(nudge: Nudge, meetup: Meetup, late: bool) -> None:
            runs.append(name)
            await asyncio.sleep(2.5 * LEASE.total_seconds())

        return handler

    first.service.handle(NudgeKind.CLOSE_POLL, slow("first"))
    second.service.handle(NudgeKind.CLOSE_POLL, slow("second"))
    try:
        nudge = await add_close_nudge(first, timedelta(seconds=0.1))
        stored = await settled(first, nudge.id, timeout=15)
        assert stored.state is NudgeState.SENT
        assert runs == ["first"]
    finally:
        await stop_all(first, second)


async def test_a_holder_whose_lease_was_taken_records_nothing(db_path: Path | str) -> None:
    """A process whose clock runs ahead takes over a claim still being worked on: the first
    holder's next renewal finds it lost, its fan-out is cancelled and it finishes nothing; the
    nudge is finished once, under the second claim."""
    first = await start(db_path, lease=LEASE, takeover_every=timedelta(hours=1))
    second = await start(db_path, lease=LEASE, takeover_every=TAKEOVER, clock=AheadClock(2 * LEASE))
    outcome: list[str] = []
    release, cancelled = asyncio.Event(), asyncio.Event()

    async def stuck(nudge: Nudge, meetup: Meetup, late: bool) -> None:
        try:
            await release.wait()
            outcome.append("first finished its work")
        except asyncio.CancelledError:
            outcome.append("first cancelled")
            cancelled.set()
            raise

    async def quick(nudge: Nudge, meetup: Meetup, late: bool) -> None:
        outcome.append(f"second fired under claim {nudge.lease_token}")

    first.service.handle(NudgeKind.CLOSE_POLL, stuck)
    second.service.handle(NudgeKind.CLOSE_POLL, quick)
    try:
        nudge = await add_close_nudge(first, timedelta(seconds=0.1))
        stored = await settled(second, nudge.id)
        await asyncio.wait_for(cancelled.wait(), 5)
        release.set()
        assert outcome == ["second fired under claim 2", "first cancelled"]
        assert stored.state is NudgeState.SENT
        assert (await NudgeRepository(first.database).get(nudge.id)).lease_token == 2
    finally:
        await stop_all(first, second)

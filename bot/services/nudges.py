"""Firing a nudge: re-read the row, decide, claim it in the database, act, and mark it done, so
twice is once, in one process or several."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from typing import Protocol

from bot import logs
from bot.clock import Clock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.nudges import NudgeRepository
from bot.domain.model import Meetup, Nudge, NudgeKind, NudgeState, PlannedNudge
from bot.domain.nudges import Verdict, verdict

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
"""How long a claim on a nudge keeps other processes from firing it; the holder renews it every
third of it while it works, and a holder that dies or stalls is taken over once it runs out (what
a stalled holder records afterwards is fenced off by its claim's token)."""


class LeaseLostError(Exception):
    """A later claim took this nudge over while its work ran; that holder does the rest."""


NudgeHandler = Callable[[Nudge, Meetup, bool], Awaitable[None]]


class SchedulerPort(Protocol):
    def schedule(self, nudges: Iterable[Nudge]) -> None: ...

    def retry(self, nudge_id: int, at: datetime, *, late: bool) -> None: ...

    def cancel(self, nudge_ids: Iterable[int]) -> None: ...


class NudgeService:
    """Writes nudge rows (the truth) and fires them when their jobs run."""

    def __init__(
        self,
        database: Database,
        nudges: NudgeRepository,
        meetups: MeetupRepository,
        scheduler: SchedulerPort,
        clock: Clock,
        *,
        late_grace: timedelta,
        lease: timedelta = LEASE,
    ) -> None:
        self._db = database
        self._nudges = nudges
        self._meetups = meetups
        self._scheduler = scheduler
        self._clock = clock
        self._late_grace = late_grace
        self._handlers: dict[NudgeKind, NudgeHandler] = {}
        self._firing: dict[int, asyncio.Lock] = {}
        self._lease = lease
        self._holder = uuid.uuid4().hex

    def handle(self, kind: NudgeKind, handler: NudgeHandler) -> None:
        """Register what a kind of nudge does; each use case registers its own."""
        self._handlers[kind] = handler

    async def plan(self, meetup_id: int, planned: Iterable[PlannedNudge]) -> list[Nudge]:
        """Write rows for the planned nudges (inside the caller's transaction)."""
        return await self._nudges.add(meetup_id, planned)

    def arm(self, nudges: Iterable[Nudge]) -> None:
        """Give committed rows their jobs; call after the transaction that wrote them commits."""
        self._scheduler.schedule(nudge for nudge in nudges if nudge.state is NudgeState.PENDING)

    async def cancel(self, meetup_id: int, kinds: Iterable[NudgeKind] | None = None) -> None:
        async with self._db.transaction():
            ids = await self._nudges.cancel_pending(meetup_id, kinds)
        self._scheduler.cancel(ids)

    async def pending_before(self, horizon: datetime) -> list[Nudge]:
        return await self._nudges.pending_before(horizon)

    async def backlog(self) -> tuple[int, int]:
        """Pending nudges, and those of them already due (for the metrics)."""
        return await self._nudges.backlog(self._clock.now())

    async def abandoned(self, overdue_by: timedelta) -> list[Nudge]:
        """Nudges due at least ``overdue_by`` ago that nobody holds a live claim on, for the
        periodic takeover; the margin leaves a nudge just due to the process whose job fires it."""
        now = self._clock.now()
        return await self._nudges.abandoned(now, now - overdue_by)

    async def fire(self, nudge_id: int, late: bool) -> None:
        """Run a due nudge at most once, however often its job runs."""
        lock = self._firing.setdefault(nudge_id, asyncio.Lock())
        try:
            async with lock:
                await self._fire_once(nudge_id, late)
        finally:
            if not lock.locked():
                self._firing.pop(nudge_id, None)

    async def _fire_once(self, nudge_id: int, late: bool) -> None:
        nudge = await self._nudges.get(nudge_id)
        if nudge is None or nudge.state is not NudgeState.PENDING:
            return
        meetup = await self._meetups.get(nudge.meetup_id)
        if meetup is None:
            await self._skip(nudge, late)
            return
        with logs.about(guild_id=meetup.guild_id, meetup=meetup.id):
            await self._run(nudge, meetup, late)

    async def _skip(self, nudge: Nudge, late: bool) -> None:
        log.info("skipping nudge %s (%s): no longer useful", nudge.id, nudge.kind)
        async with self._db.transaction():
            await self._nudges.finish(nudge.id, NudgeState.SKIPPED, self._clock.now(), late=late)

    async def _run(self, nudge: Nudge, meetup: Meetup, late: bool) -> None:
        now = self._clock.now()
        if verdict(nudge, meetup, now, late_grace=self._late_grace) is Verdict.SKIP:
            await self._skip(nudge, late)
            return
        handler = self._handlers.get(nudge.kind)
        if handler is None:
            raise LookupError(f"no handler registered for {nudge.kind} nudges")
        async with self._db.transaction():
            token = await self._nudges.claim(nudge.id, self._holder, now, now + self._lease)
            lease_end = None if token is not None else await self._nudges.lease_end(nudge.id)
        if token is None:
            if lease_end is not None:
                self._scheduler.retry(nudge.id, lease_end, late=True)
            return
        log.info("nudge %s (%s): claimed, claim %s", nudge.id, nudge.kind, token)
        held = dataclasses.replace(nudge, lease_token=token)
        try:
            await self._holding(held, handler(held, meetup, late))
        except LeaseLostError:
            log.warning("nudge %s: claim %s was taken over; its new holder finishes it", nudge.id, token)
            return
        async with self._db.transaction():
            finished = await self._nudges.finish(
                nudge.id, NudgeState.SENT, self._clock.now(), late=late, token=token
            )
        if not finished:
            log.warning("nudge %s: claim %s was taken over before it was marked done", nudge.id, token)
        else:
            log.info(
                "nudge %s (%s) of meetup %s done%s",
                nudge.id,
                nudge.kind.value,
                meetup.id,
                " late" if late else "",
            )

    async def _holding(self, nudge: Nudge, work: Awaitable[None]) -> None:
        """Run ``work`` while renewing the claim every third of the lease, so a long fan-out keeps
        it; once a renewal finds the claim taken over, ``work`` is cancelled (LeaseLostError)."""
        task = asyncio.ensure_future(work)
        try:
            while True:
                done, _ = await asyncio.wait({task}, timeout=self._lease.total_seconds() / 3)
                if done:
                    task.result()
                    return
                async with self._db.transaction():
                    renewed = await self._nudges.renew(
                        nudge.id, nudge.lease_token, self._clock.now() + self._lease
                    )
                if not renewed:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, LeaseLostError):
                        await task
                    raise LeaseLostError(nudge.id)
        finally:
            task.cancel()

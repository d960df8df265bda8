"""The APScheduler 3 adapter: jobs are derived from nudge rows and carry only ids.

The database is the truth. Jobs are rebuilt from pending rows at every start (from
``setup_hook``, never ``on_ready``, which fires again on reconnect), each job id is
``nudge:<id>`` so adding one twice replaces it, and firing re-reads the row, so a job that
runs twice sends once. Only nudges due within ``horizon`` are held in memory; a periodic
refill brings in the next stretch, which keeps start-up fast with a large backlog.

With several processes each one only holds the jobs it knows of (those it wrote, and those
pending at its last refill), so every ``takeover_every`` each process also asks the database for
due nudges nobody holds a live claim on (their process died, or never had them in its schedule)
and fires them; the claim in the database decides which process does the work.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock
from bot.domain.model import Nudge

log = logging.getLogger(__name__)

FireNudge = Callable[[int, bool], Awaitable[None]]
LoadPending = Callable[[datetime], Awaitable[list[Nudge]]]
LoadAbandoned = Callable[[timedelta], Awaitable[list[Nudge]]]


def job_id(nudge_id: int) -> str:
    return f"nudge:{nudge_id}"


class NudgeScheduler:
    """Keeps one APScheduler date job per pending nudge that is due soon."""

    def __init__(
        self,
        clock: Clock,
        *,
        horizon: timedelta = timedelta(hours=6),
        retry_delay: timedelta = timedelta(minutes=1),
        takeover_every: timedelta = timedelta(seconds=15),
    ) -> None:
        self._clock = clock
        self._horizon = horizon
        self._retry_delay = retry_delay
        self._takeover_every = takeover_every
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._fire: FireNudge | None = None
        self._load_pending: LoadPending | None = None
        self._load_abandoned: LoadAbandoned | None = None

    def bind(self, fire: FireNudge, load_pending: LoadPending, load_abandoned: LoadAbandoned) -> None:
        """Connect the use case that fires a nudge and the queries that list pending ones and
        due ones nobody holds."""
        self._fire = fire
        self._load_pending = load_pending
        self._load_abandoned = load_abandoned

    async def start(self) -> int:
        """Start the scheduler and rebuild every job from the database; returns how many."""
        if not self._scheduler.running:
            self._scheduler.start()
            self._scheduler.add_job(
                self.refill,
                "interval",
                seconds=self._horizon.total_seconds() / 2,
                id="nudges:refill",
                replace_existing=True,
            )
            self._scheduler.add_job(
                self.take_over,
                "interval",
                seconds=self._takeover_every.total_seconds(),
                id="nudges:takeover",
                replace_existing=True,
                max_instances=1,
                coalesce=True,
            )
        return await self.rebuild()

    async def rebuild(self) -> int:
        """Drop every nudge job and add one per pending row due within the horizon.

        A row already overdue came due while the bot was down: it fires at once, marked late,
        and the nudge service decides whether it is still worth sending.
        """
        for job in self._scheduler.get_jobs():
            if job.id.startswith("nudge:"):
                job.remove()
        return await self.refill()

    async def refill(self) -> int:
        if self._load_pending is None:
            raise RuntimeError("NudgeScheduler.bind() must be called before start()")
        now = self._clock.now()
        pending = await self._load_pending(now + self._horizon)
        for nudge in pending:
            self._add(nudge, late=nudge.due_at <= now)
        return len(pending)

    async def take_over(self) -> int:
        """Fire now every nudge overdue by a takeover interval that no process holds a live claim
        on; returns how many."""
        if self._load_abandoned is None:
            raise RuntimeError("NudgeScheduler.bind() must be called before start()")
        abandoned = await self._load_abandoned(self._takeover_every)
        for nudge in abandoned:
            self._add_job(nudge.id, None, late=True)
        if abandoned:
            log.info("taking over %d due nudges nobody holds", len(abandoned))
        return len(abandoned)

    def schedule(self, nudges: Iterable[Nudge]) -> None:
        """Add jobs for freshly written rows; those beyond the horizon wait for a refill."""
        limit = self._clock.now() + self._horizon
        for nudge in nudges:
            if nudge.due_at < limit:
                self._add(nudge, late=False)

    def retry(self, nudge_id: int, at: datetime, *, late: bool) -> None:
        """Fire a nudge again at ``at`` (another process held it until then)."""
        self._add_job(nudge_id, max(at, self._clock.now()), late=late)

    def cancel(self, nudge_ids: Iterable[int]) -> None:
        for nudge_id in nudge_ids:
            try:
                self._scheduler.remove_job(job_id(nudge_id))
            except JobLookupError:
                continue

    def scheduled_ids(self) -> set[int]:
        return {
            int(job.id.split(":", 1)[1]) for job in self._scheduler.get_jobs() if job.id.startswith("nudge:")
        }

    async def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def _add(self, nudge: Nudge, *, late: bool) -> None:
        self._add_job(nudge.id, max(nudge.due_at, self._clock.now()), late=late)

    def _add_job(self, nudge_id: int, run_date: datetime | None, *, late: bool) -> None:
        """One job per nudge (a new one replaces the old); ``run_date`` None runs it at once."""
        self._scheduler.add_job(
            self._run,
            "date",
            run_date=run_date,
            args=(nudge_id, late),
            id=job_id(nudge_id),
            replace_existing=True,
            misfire_grace_time=None,
        )

    async def _run(self, nudge_id: int, late: bool) -> None:
        if self._fire is None:
            raise RuntimeError("NudgeScheduler.bind() must be called before jobs run")
        try:
            await self._fire(nudge_id, late)
        except asyncio.CancelledError:
            log.info("nudge %s interrupted by shutdown; it stays pending for the next start", nudge_id)
        except Exception:
            log.exception("nudge %s failed; retrying in %s", nudge_id, self._retry_delay)
            self._add_job(nudge_id, self._clock.now() + self._retry_delay, late=late)

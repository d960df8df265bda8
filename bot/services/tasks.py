"""Shared coordination for the use cases: one lock per meetup and tracked background tasks.

Votes, closing, RSVPs and cancelling all change one meetup; taking its lock keeps them from
interleaving. Work that need not hold up a reply (adding reactions, inviting) runs as tracked
tasks, so shutdown can wait for or cancel them instead of leaving them dangling.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from bot.db.database import DatabaseBusyError

log = logging.getLogger(__name__)

RETRY_DELAYS = (1.0, 3.0, 10.0, 30.0, 60.0, 120.0, 300.0)
BUSY_RETRY_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


class MeetupLocks:
    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}

    def __call__(self, meetup_id: int) -> asyncio.Lock:
        return self._locks.setdefault(meetup_id, asyncio.Lock())


class Background:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed", exc_info=task.exception())

    def retry(
        self, work: Callable[[], Awaitable[object]], *, what: str, delays: tuple[float, ...] = RETRY_DELAYS
    ) -> None:
        """Run ``work`` now and again after each delay until it succeeds.

        For the Discord side of a change that is already committed: the database says what must
        be shown, so a refused or failed post is tried again rather than reported as a failure.
        """
        self.spawn(self._retrying(work, what, delays))

    async def _retrying(
        self, work: Callable[[], Awaitable[object]], what: str, delays: tuple[float, ...]
    ) -> None:
        for attempt, delay in enumerate((0.0, *delays)):
            await asyncio.sleep(delay)
            try:
                await work()
            except Exception:
                log.warning("%s failed (attempt %d); trying again", what, attempt + 1, exc_info=True)
            else:
                return
        log.error("%s kept failing; it will be repaired at the next (re)connection", what)

    async def idle(self) -> None:
        """Wait until every task started so far has finished."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


class InOrder:
    """Runs work for one key strictly in the order it was submitted, keys in parallel.

    Discord delivers a member's reactions in order, but discord.py hands each event to its own
    task; a quick "add then remove" could otherwise be applied the wrong way round. Submitting
    is synchronous, so calling it before a listener's first ``await`` keeps the arrival order.
    """

    def __init__(self, background: Background) -> None:
        self._background = background
        self._queues: dict[int, deque[Callable[[], Awaitable[object]]]] = {}

    def submit(self, key: int, work: Callable[[], Awaitable[object]]) -> None:
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(work)
            return
        self._queues[key] = deque([work])
        self._background.spawn(self._drain(key))

    async def _drain(self, key: int) -> None:
        queue = self._queues[key]
        try:
            while queue:
                await self._run(key, queue.popleft())
        finally:
            del self._queues[key]

    async def _run(self, key: int, work: Callable[[], Awaitable[object]]) -> None:
        """Run one item; while another process holds the database, wait and try the same item
        again, so a vote made during a long lock is stored late rather than lost."""
        for delay in (*BUSY_RETRY_DELAYS, None):
            try:
                await work()
            except DatabaseBusyError:
                if delay is None:
                    log.error("the database stayed busy; an event for %s was dropped", key)
                    return
                await asyncio.sleep(delay)
            except Exception:
                log.exception("handling an event for %s failed", key)
                return
            else:
                return

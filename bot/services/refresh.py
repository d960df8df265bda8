"""Coalesced message edits: a burst of votes becomes a handful of edits, not one per vote.

The first change starts a short timer; changes during the timer ride along; the edit reads
the latest state from the database when it runs. A change during an edit schedules one more.
The state shown is always derived from the database, so nothing is lost if a timer is.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

log = logging.getLogger(__name__)


class Coalescer:
    def __init__(self, action: Callable[[int], Awaitable[None]], delay: timedelta) -> None:
        self._action = action
        self._delay = delay.total_seconds()
        self._waiting: dict[int, asyncio.Task[None]] = {}
        self._running: dict[int, asyncio.Lock] = {}

    def request(self, key: int) -> None:
        """Ask for the action on ``key`` soon; requests already waiting absorb this one."""
        if key not in self._waiting:
            self._waiting[key] = asyncio.create_task(self._run(key))

    async def _run(self, key: int) -> None:
        try:
            await asyncio.sleep(self._delay)
        finally:
            self._waiting.pop(key, None)
        async with self._running.setdefault(key, asyncio.Lock()):
            try:
                await self._action(key)
            except Exception:
                log.exception("refreshing %s failed; the next change will try again", key)

    def cancel_all(self) -> None:
        for task in self._waiting.values():
            task.cancel()
        self._waiting.clear()

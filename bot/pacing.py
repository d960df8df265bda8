"""One pacer for every REST request the process makes, so Discord never has to refuse one.

Discord answers a bot over its global limit with 429s, and bans the address of one that makes
10,000 invalid requests (429s included) in ten minutes. discord.py learns of the global limit only
from those 429s, so the process paces itself instead: every request waits for a turn from one
limiter, set a little under ``[discord] requests_per_second``.

Turns go by priority, carried by a context variable the services set around their work:

* interaction responses and follow-ups are not paced at all (Discord does not count them against
  the global limit, and a member is watching the spinner);
* posts and edits a member waits for (the default);
* the bot's own reactions on a message it just posted (members vote with them soon, but nobody
  waits for them, so a busy minute posts its polls first);
* DM fan-outs (reminders, notices to everyone going);
* background reads (reconciliation after a new session).

The hook is aiohttp's request tracing, which discord.py exposes as ``http_trace``: its
``on_request_start`` runs inside ``HTTPClient.request`` for every attempt, retries included, after
discord.py has taken the route's own bucket, so per-route buckets stay discord.py's business and
a turn is spent only on a request that is really sent. A 429 that still happens (another process
on the token, Discord's own trouble) is waited out by discord.py and counted here.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import heapq
import itertools
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from enum import IntEnum
from types import SimpleNamespace
from typing import ParamSpec, TypeVar

import aiohttp
from aiolimiter import AsyncLimiter

log = logging.getLogger(__name__)

SAFETY_MARGIN = 0.05
"""The share of the limit left unused, for network jitter between here and Discord: requests sent
evenly can arrive bunched, and Discord counts arrivals. At least one request a second is left,
which at small limits is what absorbs a tenth of a second of bunching."""

_UNPACED_PATHS = ("/interactions/", "/webhooks/")
"""Interaction callbacks and follow-ups (webhook routes with the interaction's token)."""


class Priority(IntEnum):
    """Lower goes first."""

    INTERACTION = 0
    MEMBER = 1
    REACTIONS = 2
    FAN_OUT = 3
    BACKGROUND = 4


_priority: contextvars.ContextVar[Priority] = contextvars.ContextVar("rest_priority", default=Priority.MEMBER)


def current_priority() -> Priority:
    """The priority requests made here would wait at."""
    return _priority.get()


def at_most(level: Priority) -> Priority:
    """``level``, unless the requests made here already wait at a lower priority."""
    return max(level, current_priority())


@contextmanager
def priority(level: Priority) -> Iterator[None]:
    """Requests made inside (and by tasks started inside) wait for their turn at ``level``."""
    token = _priority.set(level)
    try:
        yield
    finally:
        _priority.reset(token)


P = ParamSpec("P")
R = TypeVar("R")


def paced_at(level: Priority) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Run a coroutine function's requests at ``level`` (for use cases that are bulk by nature)."""

    def decorate(function: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(function)
        async def paced(*args: P.args, **kwargs: P.kwargs) -> R:
            with priority(level):
                return await function(*args, **kwargs)

        return paced

    return decorate


class Pacer:
    """Hands out request turns at a steady rate, highest priority first.

    The limiter holds one turn at a time (``max_rate=1``), so turns are evenly spaced and never
    burst: the process stays under the limit in every sliding second, not only on average.
    """

    def __init__(self, requests_per_second: float) -> None:
        margin = max(requests_per_second * SAFETY_MARGIN, min(1.0, requests_per_second / 2))
        self.rate = requests_per_second - margin
        self._limiter = AsyncLimiter(1, 1 / self.rate)
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._wake: asyncio.Event | None = None
        self._dispatcher: asyncio.Task[None] | None = None
        self.sent: Counter[Priority] = Counter()
        self.rate_limited = 0

    async def turn(self, level: Priority) -> None:
        """Wait for this request's turn; interaction responses go at once."""
        self.sent[level] += 1
        if level is Priority.INTERACTION:
            return
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (level, next(self._order), future))
        self._start()
        assert self._wake is not None
        self._wake.set()
        await future

    def _start(self) -> None:
        """Start the dispatcher on first use, in a context of its own (not the first requester's)."""
        if self._dispatcher is None or self._dispatcher.done():
            self._wake = asyncio.Event()
            self._dispatcher = asyncio.get_running_loop().create_task(
                self._dispatch(), context=contextvars.Context()
            )

    async def _dispatch(self) -> None:
        """Take a turn from the limiter, then give it to the most urgent request waiting at that moment."""
        assert self._wake is not None
        while True:
            while not self._waiting:
                self._wake.clear()
                await self._wake.wait()
            await self._limiter.acquire()
            while self._waiting:
                _, _, future = heapq.heappop(self._waiting)
                if not future.done():
                    future.set_result(None)
                    break

    def waiting(self) -> int:
        """Requests queued for a turn right now."""
        return sum(1 for *_, future in self._waiting if not future.done())

    async def close(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.cancel()
            await asyncio.gather(self._dispatcher, return_exceptions=True)

    def trace(
        self, api_base: str, on_response: Callable[[int, str | None], None] = lambda status, scope: None
    ) -> aiohttp.TraceConfig:
        """aiohttp tracing for discord.py's session: a turn before each REST request to ``api_base``
        (the gateway's websocket is not paced), and a count of the 429s that still come back.

        ``on_response`` hears each REST response's status, with the scope Discord names for a 429.
        """
        config = aiohttp.TraceConfig()

        async def on_request_start(
            session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestStartParams
        ) -> None:
            url = str(params.url)
            if not url.startswith(api_base):
                return
            path = url[len(api_base) :]
            await self.turn(Priority.INTERACTION if path.startswith(_UNPACED_PATHS) else current_priority())

        async def on_request_end(
            session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
        ) -> None:
            if str(params.url).startswith(api_base):
                on_response(params.response.status, params.response.headers.get("X-RateLimit-Scope"))
            if params.response.status == 429:
                self.rate_limited += 1
                log.warning(
                    "Discord answered %s %s with 429 (%d so far); discord.py waits it out",
                    params.method,
                    params.url.path,
                    self.rate_limited,
                )

        config.on_request_start.append(on_request_start)
        config.on_request_end.append(on_request_end)
        return config

"""Guild sharding as Discord's gateway does it, and the session start limit GET /gateway/bot reports.

A guild belongs to shard ``(guild_id >> 22) % num_shards``; events without a
guild (DMs) belong to shard 0. A session identified without ``shard`` is the
single shard of one and receives everything. ``num_shards`` only routes
traffic: sessions with the same or with different shard arrays may coexist.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Shard = tuple[int, int]
"""``(shard_id, num_shards)`` as sent in IDENTIFY."""

DAY_MS = 86_400_000


class InvalidShard(ValueError):
    """A shard array Discord refuses, closing the connection with 4010 "Invalid shard."."""


def check_shard(shard_id: int, num_shards: int) -> Shard:
    """``(shard_id, num_shards)`` if Discord accepts it: at least one shard, and the id one of them."""
    if num_shards < 1 or not 0 <= shard_id < num_shards:
        raise InvalidShard(f"shard {shard_id} of {num_shards} does not exist")
    return shard_id, num_shards


def parse_shard(value: Any) -> Shard | None:
    """The ``shard`` field of an IDENTIFY: None when absent, else a valid pair or InvalidShard."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2 or not all(type(v) is int for v in value):
        raise InvalidShard(f"{value!r} is not [shard_id, num_shards]")
    return check_shard(value[0], value[1])


def shard_of(guild_id: int, num_shards: int) -> int:
    """Discord's sharding formula: the shard that receives a guild's events."""
    return (guild_id >> 22) % num_shards


def owns(shard: Shard | None, guild_id: int | None) -> bool:
    """Whether a session identified with ``shard`` receives events of ``guild_id`` (None: no guild)."""
    if shard is None:
        return True
    shard_id, num_shards = shard
    return shard_id == (0 if guild_id is None else shard_of(guild_id, num_shards))


def recommended_shards(guild_count: int, guilds_per_shard: int) -> int:
    """The ``shards`` GET /gateway/bot answers: one per ``guilds_per_shard`` guilds, at least one."""
    return max(1, math.ceil(guild_count / guilds_per_shard))


IDENTIFY_WINDOW_S = 5.0
"""Discord admits ``max_concurrency`` IDENTIFYs per this many seconds, one per rate-limit key."""


@dataclass
class SessionStartLimit:
    """IDENTIFYs left in the current day, and the pace Discord admits them at.

    The day starts with the first IDENTIFY after the last reset. Within five seconds Discord
    admits one IDENTIFY per rate-limit key (``shard_id % max_concurrency``) and answers any other
    with Invalid Session; when the day's starts are used up it resets the token, so the next
    IDENTIFY fails authentication. ``clock`` is replaceable for tests of the windows themselves.
    """

    total: int = 1000
    max_concurrency: int = 1
    clock: Callable[[], float] = time.monotonic
    refused: int = field(default=0, init=False)
    """IDENTIFYs answered with Invalid Session because their key had started a session too recently."""
    _used: int = field(default=0, init=False)
    _window_start: float | None = field(default=None, init=False)
    _last_start_by_key: dict[int, float] = field(default_factory=dict, init=False)

    def _roll(self) -> None:
        if self._window_start is not None and self._elapsed_ms() >= DAY_MS:
            self._window_start, self._used = None, 0

    def _elapsed_ms(self) -> int:
        assert self._window_start is not None
        return int((self.clock() - self._window_start) * 1000)

    @property
    def exhausted(self) -> bool:
        """Whether the day's session starts are used up."""
        self._roll()
        return self._used >= self.total

    def start(self, shard_id: int) -> bool:
        """Start a session of ``shard_id`` if its rate-limit key may start one now: True and one
        start used, or False and one more refused."""
        self._roll()
        now, key = self.clock(), shard_id % self.max_concurrency
        last = self._last_start_by_key.get(key)
        if last is not None and now - last < IDENTIFY_WINDOW_S:
            self.refused += 1
            return False
        if self._window_start is None:
            self._window_start = now
        self._used += 1
        self._last_start_by_key[key] = now
        return True

    def payload(self) -> dict[str, int]:
        """The ``session_start_limit`` object of GET /gateway/bot."""
        self._roll()
        reset_after = 0 if self._window_start is None else DAY_MS - self._elapsed_ms()
        return {
            "total": self.total,
            "remaining": max(0, self.total - self._used),
            "reset_after": reset_after,
            "max_concurrency": self.max_concurrency,
        }

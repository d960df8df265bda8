"""Snowflake ids and timestamps shaped like Discord's.

Ids are derived from the wall clock so that discord.py's ``created_at`` and the
``before``/``after`` pagination by id behave as they do against Discord; a
per-process counter keeps them strictly increasing even within one millisecond.
"""

from __future__ import annotations

import datetime as dt
import time

DISCORD_EPOCH_MS = 1_420_070_400_000


class SnowflakeFactory:
    """Hands out strictly increasing snowflakes based on the current time."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        """Return a fresh id whose timestamp bits are the current millisecond."""
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(candidate, self._last + 1)
        return self._last

    def next_on_shard(self, shard_id: int, num_shards: int) -> int:
        """A fresh id that Discord's sharding formula, ``(id >> 22) % num_shards``, gives to ``shard_id``.

        The formula reads the timestamp, so the id is moved ahead to the next
        millisecond that fits: at most ``num_shards - 1`` ms in the future.
        """
        candidate = self.next()
        timestamp = candidate >> 22
        ahead = (shard_id - timestamp) % num_shards
        if ahead:
            self._last = candidate = (timestamp + ahead) << 22
        return candidate


def iso(moment: dt.datetime) -> str:
    """Format a timestamp the way Discord's JSON does (ISO 8601 with offset)."""
    return moment.astimezone(dt.UTC).isoformat()


def now() -> dt.datetime:
    """Current time, timezone-aware, so every stored timestamp compares cleanly."""
    return dt.datetime.now(dt.UTC)

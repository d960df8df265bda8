"""Guild sharding as Discord's gateway does it.

A guild belongs to shard ``(guild_id >> 22) % num_shards``; events without a
guild (DMs) belong to shard 0. A session identified without ``shard`` is the
single shard of one and receives everything. ``num_shards`` only routes
traffic: sessions with the same or with different shard arrays may coexist.
"""

from __future__ import annotations

from typing import Any

Shard = tuple[int, int]
"""``(shard_id, num_shards)`` as sent in IDENTIFY."""


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

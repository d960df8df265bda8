"""Which gateway shard a server belongs to, and so which process answers for it.

Discord routes a server's events to shard ``(guild_id >> 22) % shard_count``: the top bits of a
snowflake are its creation time, so the formula spreads servers evenly and never moves one while
the count stays the same. A process serving some of the shards does the per-server work (reading
back reactions after a new session) for the servers of those shards only; the rest belong to
the processes that receive their events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

GuildFilter = Callable[[int], bool]
"""Whether this process answers for the server with this id."""


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends this server's events to."""
    return (guild_id >> 22) % shard_count


def every_server(guild_id: int) -> bool:
    """The filter of a process that serves every shard."""
    return True


def in_server(wanted: int) -> GuildFilter:
    """The filter for one server's work, such as what a permission given back there unblocks."""
    return lambda guild_id: guild_id == wanted


@dataclass(frozen=True)
class Shards:
    """The shards one process serves out of ``count``."""

    count: int
    ids: frozenset[int]

    @classmethod
    def of(cls, count: int, ids: Iterable[int]) -> Shards:
        return cls(count, frozenset(ids))

    def serves(self, guild_id: int) -> bool:
        """True when this server's events come to one of these shards."""
        return shard_of(guild_id, self.count) in self.ids


class ShardError(ValueError):
    """A shard setting that no set of processes could serve; the message names the key."""


def check_shards(count: int | None, ids: tuple[int, ...] | None, *, shared_storage: bool) -> None:
    """Refuse a combination Discord or the storage cannot honour.

    ``ids`` without ``count`` leaves the ids meaningless (Discord needs both in IDENTIFY); ids
    outside ``range(count)`` would be closed by Discord with 4010; and a process that serves only
    some shards implies other processes for the rest, which one SQLite file cannot safely share
    (``shared_storage`` is False for SQLite).
    """
    if ids is None:
        return
    if count is None:
        raise ShardError("[discord] shard_ids: also set [discord] shard_count, the total over all processes")
    outside = sorted(i for i in ids if not 0 <= i < count)
    if outside:
        raise ShardError(
            f"[discord] shard_ids: {outside[0]} is outside 0..{count - 1} ([discord] shard_count = {count})"
        )
    if not shared_storage and set(ids) != set(range(count)):
        raise ShardError(
            "[discord] shard_ids: serving only some shards means several processes, which need PostgreSQL"
            " ([storage] url); one SQLite file is for one process"
        )

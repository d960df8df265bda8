"""Channels where the bot watches the conversation for plans to meet (opt-in per channel)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import literal, select, update

from bot.db.database import Database
from bot.db.schema import watched_channels
from bot.db.sql import upsert


class WatchRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def set_watching(self, guild_id: int, channel_id: int, watching: bool) -> bool:
        """Turn watching on or off; returns whether the channel was watched before."""
        before = await self.is_watched(channel_id)
        statement = upsert(self._db, watched_channels).values(
            channel_id=channel_id, guild_id=guild_id, watching=int(watching)
        )
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["channel_id"], set_={"watching": statement.excluded.watching}
            )
        )
        return before

    async def is_watched(self, channel_id: int) -> bool:
        row = await self._db.fetch_one(
            select(literal(1)).where(
                watched_channels.c.channel_id == channel_id, watched_channels.c.watching == 1
            )
        )
        return row is not None

    async def watched_in(self, guild_id: int) -> list[int]:
        """The channels of ``guild_id`` where watching is on."""
        rows = await self._db.fetch_all(
            select(watched_channels.c.channel_id)
            .where(watched_channels.c.guild_id == guild_id, watched_channels.c.watching == 1)
            .order_by(watched_channels.c.channel_id)
        )
        return [int(row["channel_id"]) for row in rows]

    async def claim_offer(self, channel_id: int, now: datetime, cooldown: timedelta) -> bool:
        """Record an offer at ``now`` unless one was made within ``cooldown``; True if recorded.

        Checking and recording in one statement means two messages arriving together cannot both
        pass the check: only one of them gets the row.
        """
        changed = await self._db.execute(
            update(watched_channels)
            .where(
                watched_channels.c.channel_id == channel_id,
                watched_channels.c.watching == 1,
                watched_channels.c.last_offer_at.is_(None)
                | (watched_channels.c.last_offer_at <= now - cooldown),
            )
            .values(last_offer_at=now)
        )
        return changed > 0

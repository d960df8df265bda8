"""Channels where the bot watches the conversation for plans to meet (opt-in per channel)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.db.codec import when_to_db
from bot.db.database import Database


class WatchRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def set_watching(self, guild_id: int, channel_id: int, watching: bool) -> bool:
        """Turn watching on or off; returns whether the channel was watched before."""
        before = await self.is_watched(channel_id)
        await self._db.execute(
            "INSERT INTO watched_channels (channel_id, guild_id, watching) VALUES (?, ?, ?)"
            " ON CONFLICT (channel_id) DO UPDATE SET watching = excluded.watching",
            (channel_id, guild_id, int(watching)),
        )
        return before

    async def is_watched(self, channel_id: int) -> bool:
        row = await self._db.fetch_one(
            "SELECT 1 FROM watched_channels WHERE channel_id = ? AND watching = 1", (channel_id,)
        )
        return row is not None

    async def claim_offer(self, channel_id: int, now: datetime, cooldown: timedelta) -> bool:
        """Record an offer at ``now`` unless one was made within ``cooldown``; True if recorded.

        Checking and recording in one statement means two messages arriving together cannot both
        pass the check: only one of them gets the row.
        """
        changed = await self._db.execute(
            "UPDATE watched_channels SET last_offer_at = ?"
            " WHERE channel_id = ? AND watching = 1 AND (last_offer_at IS NULL OR last_offer_at <= ?)",
            (when_to_db(now), channel_id, when_to_db(now - cooldown)),
        )
        return changed > 0

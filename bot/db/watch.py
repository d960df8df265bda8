"""Channels where the bot watches the conversation for plans to meet (opt-in per channel)."""

from __future__ import annotations

from bot.db.database import Database


class WatchRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

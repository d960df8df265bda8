"""Recap prompts, ratings, "again" votes and summaries."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.db.codec import maybe_when, when_from_db, when_to_db
from bot.db.database import Database


@dataclass(frozen=True)
class Recap:
    meetup_id: int
    message_id: int
    thread_id: int | None
    posted_at: datetime
    offered_at: datetime | None
    summarized_at: datetime | None
    highlights: int | None


def _recap(row: sqlite3.Row) -> Recap:
    return Recap(
        row["meetup_id"],
        row["message_id"],
        row["thread_id"],
        when_from_db(row["posted_at"]),
        maybe_when(row["offered_at"]),
        maybe_when(row["summarized_at"]),
        row["highlights"],
    )


class RecapRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def create(self, meetup_id: int, message_id: int, thread_id: int | None, at: datetime) -> None:
        await self._db.execute(
            "INSERT INTO recaps (meetup_id, message_id, thread_id, posted_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (meetup_id) DO UPDATE SET thread_id = COALESCE(recaps.thread_id, excluded.thread_id)",
            (meetup_id, message_id, thread_id, when_to_db(at)),
        )

    async def get(self, meetup_id: int) -> Recap | None:
        row = await self._db.fetch_one("SELECT * FROM recaps WHERE meetup_id = ?", (meetup_id,))
        return None if row is None else _recap(row)

    async def by_message(self, message_id: int) -> Recap | None:
        row = await self._db.fetch_one("SELECT * FROM recaps WHERE message_id = ?", (message_id,))
        return None if row is None else _recap(row)

    async def mark_offered(self, meetup_id: int, at: datetime) -> bool:
        """Record that the "again" offer went out; False if it had already."""
        changed = await self._db.execute(
            "UPDATE recaps SET offered_at = ? WHERE meetup_id = ? AND offered_at IS NULL",
            (when_to_db(at), meetup_id),
        )
        return changed == 1

    async def summarize(self, meetup_id: int, highlights: int, at: datetime) -> None:
        await self._db.execute(
            "UPDATE recaps SET summarized_at = ?, highlights = ? WHERE meetup_id = ?",
            (when_to_db(at), highlights, meetup_id),
        )

    async def rate(self, meetup_id: int, user_id: int, stars: int, at: datetime) -> None:
        await self._db.execute(
            "INSERT INTO ratings (meetup_id, user_id, stars, rated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (meetup_id, user_id) DO UPDATE SET stars = excluded.stars, rated_at = excluded.rated_at",
            (meetup_id, user_id, stars, when_to_db(at)),
        )

    async def unrate(self, meetup_id: int, user_id: int, stars: int) -> None:
        """Withdraw a rating, if it is still the one the removed reaction gave."""
        await self._db.execute(
            "DELETE FROM ratings WHERE meetup_id = ? AND user_id = ? AND stars = ?",
            (meetup_id, user_id, stars),
        )

    async def ratings(self, meetup_id: int) -> dict[int, int]:
        rows = await self._db.fetch_all(
            "SELECT user_id, stars FROM ratings WHERE meetup_id = ? ORDER BY rated_at", (meetup_id,)
        )
        return {row["user_id"]: row["stars"] for row in rows}

    async def want_again(self, meetup_id: int, user_id: int, wants: bool) -> None:
        if wants:
            await self._db.execute(
                "INSERT OR IGNORE INTO again_votes (meetup_id, user_id) VALUES (?, ?)", (meetup_id, user_id)
            )
        else:
            await self._db.execute(
                "DELETE FROM again_votes WHERE meetup_id = ? AND user_id = ?", (meetup_id, user_id)
            )

    async def again_voters(self, meetup_id: int) -> list[int]:
        rows = await self._db.fetch_all("SELECT user_id FROM again_votes WHERE meetup_id = ?", (meetup_id,))
        return [row["user_id"] for row in rows]

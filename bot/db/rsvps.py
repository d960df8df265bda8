"""RSVPs: each member's latest answer for a meetup, in the order answers were given."""

from __future__ import annotations

from datetime import datetime

from bot.db.codec import when_to_db
from bot.db.database import Database
from bot.domain.model import Rsvp, RsvpStatus


class RsvpRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def set(self, meetup_id: int, user_id: int, status: RsvpStatus, at: datetime) -> None:
        """Store a member's answer; a changed answer moves to the back of the order."""
        await self._db.execute(
            "INSERT INTO rsvps (meetup_id, user_id, status, sequence, changed_at)"
            " VALUES (?, ?, ?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM rsvps WHERE meetup_id = ?), ?)"
            " ON CONFLICT (meetup_id, user_id) DO UPDATE SET status = excluded.status,"
            " sequence = excluded.sequence, changed_at = excluded.changed_at WHERE status != excluded.status",
            (meetup_id, user_id, status.value, meetup_id, when_to_db(at)),
        )

    async def withdraw(self, meetup_id: int, user_id: int) -> None:
        await self._db.execute("DELETE FROM rsvps WHERE meetup_id = ? AND user_id = ?", (meetup_id, user_id))

    async def for_meetup(self, meetup_id: int) -> list[Rsvp]:
        rows = await self._db.fetch_all(
            "SELECT user_id, status, sequence FROM rsvps WHERE meetup_id = ? ORDER BY sequence", (meetup_id,)
        )
        return [Rsvp(row["user_id"], RsvpStatus(row["status"]), row["sequence"]) for row in rows]

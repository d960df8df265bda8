"""RSVPs: each member's latest answer for a meetup, in the order answers were given."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select

from bot.db.database import Database
from bot.db.schema import rsvps
from bot.db.sql import upsert
from bot.domain.model import Rsvp, RsvpStatus


class RsvpRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def set(self, meetup_id: int, user_id: int, status: RsvpStatus, at: datetime) -> None:
        """Store a member's answer; a changed answer moves to the back of the order."""
        next_sequence = (
            select(func.coalesce(func.max(rsvps.c.sequence), 0) + 1)
            .where(rsvps.c.meetup_id == meetup_id)
            .scalar_subquery()
        )
        statement = upsert(self._db, rsvps).values(
            meetup_id=meetup_id, user_id=user_id, status=status.value, sequence=next_sequence, changed_at=at
        )
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["meetup_id", "user_id"],
                set_={
                    "status": statement.excluded.status,
                    "sequence": statement.excluded.sequence,
                    "changed_at": statement.excluded.changed_at,
                },
                where=rsvps.c.status != statement.excluded.status,
            )
        )

    async def withdraw(self, meetup_id: int, user_id: int) -> None:
        await self._db.execute(
            delete(rsvps).where(rsvps.c.meetup_id == meetup_id, rsvps.c.user_id == user_id)
        )

    async def for_meetup(self, meetup_id: int) -> list[Rsvp]:
        rows = await self._db.fetch_all(
            select(rsvps.c.user_id, rsvps.c.status, rsvps.c.sequence)
            .where(rsvps.c.meetup_id == meetup_id)
            .order_by(rsvps.c.sequence)
        )
        return [Rsvp(row["user_id"], RsvpStatus(row["status"]), row["sequence"]) for row in rows]

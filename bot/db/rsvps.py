"""RSVPs: each member's latest answer for a meetup, in the order answers were given."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update

from bot.db.database import Database
from bot.db.schema import rsvps
from bot.db.sql import upsert
from bot.domain.model import Rsvp, RsvpStatus


class RsvpRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def set(
        self, meetup_id: int, user_id: int, status: RsvpStatus, at: datetime, *, by_vote: bool = False
    ) -> None:
        """Store a member's answer; a changed answer moves to the back of the order.

        ``by_vote`` marks a new answer as made by the member's vote for the winning date; a later
        change of status keeps the mark, which only the member's own reaction clears
        (:meth:`answered_by_reaction`).
        """
        next_sequence = (
            select(func.coalesce(func.max(rsvps.c.sequence), 0) + 1)
            .where(rsvps.c.meetup_id == meetup_id)
            .scalar_subquery()
        )
        statement = upsert(self._db, rsvps).values(
            meetup_id=meetup_id,
            user_id=user_id,
            status=status.value,
            sequence=next_sequence,
            changed_at=at,
            by_vote=int(by_vote),
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

    async def answered_by_reaction(self, meetup_id: int, user_id: int) -> None:
        await self._db.execute(
            update(rsvps)
            .where(rsvps.c.meetup_id == meetup_id, rsvps.c.user_id == user_id, rsvps.c.by_vote != 0)
            .values(by_vote=0)
        )

    async def withdraw(self, meetup_id: int, user_id: int) -> None:
        await self._db.execute(
            delete(rsvps).where(rsvps.c.meetup_id == meetup_id, rsvps.c.user_id == user_id)
        )

    async def for_meetup(self, meetup_id: int) -> list[Rsvp]:
        rows = await self._db.fetch_all(
            select(rsvps.c.user_id, rsvps.c.status, rsvps.c.sequence, rsvps.c.by_vote)
            .where(rsvps.c.meetup_id == meetup_id)
            .order_by(rsvps.c.sequence)
        )
        return [
            Rsvp(row["user_id"], RsvpStatus(row["status"]), row["sequence"], bool(row["by_vote"]))
            for row in rows
        ]

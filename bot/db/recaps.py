"""Recap prompts, ratings, "again" votes and summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import RowMapping, delete, func, select, update

from bot.db.database import Database
from bot.db.schema import again_votes, ratings, recaps
from bot.db.sql import upsert


@dataclass(frozen=True)
class Recap:
    meetup_id: int
    message_id: int
    thread_id: int | None
    posted_at: datetime
    offered_at: datetime | None
    summarized_at: datetime | None
    highlights: int | None


def _recap(row: RowMapping) -> Recap:
    return Recap(
        row["meetup_id"],
        row["message_id"],
        row["thread_id"],
        row["posted_at"],
        row["offered_at"],
        row["summarized_at"],
        row["highlights"],
    )


class RecapRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def create(self, meetup_id: int, message_id: int, thread_id: int | None, at: datetime) -> None:
        statement = upsert(self._db, recaps).values(
            meetup_id=meetup_id, message_id=message_id, thread_id=thread_id, posted_at=at
        )
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["meetup_id"],
                set_={"thread_id": func.coalesce(recaps.c.thread_id, statement.excluded.thread_id)},
            )
        )

    async def get(self, meetup_id: int) -> Recap | None:
        row = await self._db.fetch_one(select(recaps).where(recaps.c.meetup_id == meetup_id))
        return None if row is None else _recap(row)

    async def by_message(self, message_id: int) -> Recap | None:
        row = await self._db.fetch_one(select(recaps).where(recaps.c.message_id == message_id))
        return None if row is None else _recap(row)

    async def mark_offered(self, meetup_id: int, at: datetime) -> bool:
        """Record that the "again" offer went out; False if it had already."""
        changed = await self._db.execute(
            update(recaps)
            .where(recaps.c.meetup_id == meetup_id, recaps.c.offered_at.is_(None))
            .values(offered_at=at)
        )
        return changed == 1

    async def summarize(self, meetup_id: int, highlights: int, at: datetime) -> None:
        await self._db.execute(
            update(recaps)
            .where(recaps.c.meetup_id == meetup_id)
            .values(summarized_at=at, highlights=highlights)
        )

    async def rate(self, meetup_id: int, user_id: int, stars: int, at: datetime) -> None:
        statement = upsert(self._db, ratings).values(
            meetup_id=meetup_id, user_id=user_id, stars=stars, rated_at=at
        )
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["meetup_id", "user_id"],
                set_={"stars": statement.excluded.stars, "rated_at": statement.excluded.rated_at},
            )
        )

    async def unrate(self, meetup_id: int, user_id: int, stars: int) -> None:
        """Withdraw a rating, if it is still the one the removed reaction gave."""
        await self._db.execute(
            delete(ratings).where(
                ratings.c.meetup_id == meetup_id, ratings.c.user_id == user_id, ratings.c.stars == stars
            )
        )

    async def ratings(self, meetup_id: int) -> dict[int, int]:
        rows = await self._db.fetch_all(
            select(ratings.c.user_id, ratings.c.stars)
            .where(ratings.c.meetup_id == meetup_id)
            .order_by(ratings.c.rated_at)
        )
        return {row["user_id"]: row["stars"] for row in rows}

    async def want_again(self, meetup_id: int, user_id: int, wants: bool) -> None:
        if wants:
            await self._db.execute(
                upsert(self._db, again_votes)
                .values(meetup_id=meetup_id, user_id=user_id)
                .on_conflict_do_nothing(index_elements=["meetup_id", "user_id"])
            )
        else:
            await self._db.execute(
                delete(again_votes).where(
                    again_votes.c.meetup_id == meetup_id, again_votes.c.user_id == user_id
                )
            )

    async def again_voters(self, meetup_id: int) -> list[int]:
        rows = await self._db.fetch_all(
            select(again_votes.c.user_id).where(again_votes.c.meetup_id == meetup_id)
        )
        return [row["user_id"] for row in rows]

"""Series of recurring meetups, their skipped occurrences, and each occurrence's meetup row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from bot.db.database import Database
from bot.db.schema import meetups, series, series_skips
from bot.domain.model import Meetup, Series


class SeriesRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def start(self, first: Meetup, rule: str, timezone: str) -> Series:
        """The series of ``first`` (scheduled, with its start), which becomes its first occurrence."""
        assert first.starts_at is not None
        rows = await self._db.write_returning(
            insert(series)
            .values(
                guild_id=first.guild_id,
                first_meetup_id=first.id,
                rule=rule,
                first_start=first.starts_at,
                timezone=timezone,
            )
            .returning(series.c.id)
        )
        series_id = int(rows[0]["id"])
        await self._db.execute(
            update(meetups)
            .where(meetups.c.id == first.id)
            .values(series_id=series_id, occurrence_at=first.starts_at)
        )
        return Series(series_id, first.guild_id, first.id, rule, first.starts_at, timezone)

    async def get(self, series_id: int) -> Series | None:
        row = await self._db.fetch_one(select(series).where(series.c.id == series_id))
        if row is None:
            return None
        skipped = await self._db.fetch_all(
            select(series_skips.c.occurrence_at)
            .where(series_skips.c.series_id == series_id)
            .order_by(series_skips.c.occurrence_at)
        )
        moved = await self._db.fetch_all(
            select(meetups.c.occurrence_at, meetups.c.starts_at)
            .where(
                meetups.c.series_id == series_id,
                meetups.c.status == "scheduled",
                meetups.c.starts_at != meetups.c.occurrence_at,
            )
            .order_by(meetups.c.occurrence_at)
        )
        return Series(
            id=row["id"],
            guild_id=row["guild_id"],
            first_meetup_id=row["first_meetup_id"],
            rule=row["rule"],
            first_start=row["first_start"],
            timezone=row["timezone"],
            ended=bool(row["ended"]),
            skipped=tuple(skip["occurrence_at"] for skip in skipped),
            moved=tuple((change["occurrence_at"], change["starts_at"]) for change in moved),
        )

    async def of(self, meetup: Meetup) -> Series | None:
        """The series ``meetup`` is an occurrence of; None for a one-off (without a query)."""
        return None if meetup.series_id is None else await self.get(meetup.series_id)

    async def skip(self, series_id: int, occurrence_at: datetime) -> None:
        await self._db.execute(insert(series_skips).values(series_id=series_id, occurrence_at=occurrence_at))

    async def end(self, series_id: int) -> bool:
        changed = await self._db.execute(
            update(series).where(series.c.id == series_id, series.c.ended == 0).values(ended=1)
        )
        return changed == 1

    async def occurrence(self, series_id: int, occurrence_at: datetime) -> int | None:
        """The meetup row of one occurrence, once its message was planned."""
        row = await self._db.fetch_one(
            select(meetups.c.id).where(
                meetups.c.series_id == series_id, meetups.c.occurrence_at == occurrence_at
            )
        )
        return None if row is None else int(row["id"])

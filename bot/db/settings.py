"""Per-server settings; a column left NULL means "as in the config file"."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot.db.database import Database
from bot.db.schema import guild_settings
from bot.db.sql import upsert
from bot.domain.settings import ServerSettings, SettingsChange


class SettingsRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def resolve(self, guild_id: int, defaults: ServerSettings) -> ServerSettings:
        row = await self._db.fetch_one(select(guild_settings).where(guild_settings.c.guild_id == guild_id))
        if row is None:
            return defaults
        change = SettingsChange(
            timezone=ZoneInfo(row["timezone"]) if row["timezone"] else None,
            languages=tuple(row["languages"].split(",")) if row["languages"] else None,
            reminder_offsets=(
                tuple(timedelta(seconds=int(s)) for s in row["reminder_offsets"].split(","))
                if row["reminder_offsets"]
                else None
            ),
            poll_duration=timedelta(seconds=row["poll_duration_seconds"])
            if row["poll_duration_seconds"]
            else None,
            recap_delay=(
                timedelta(seconds=row["recap_delay_seconds"])
                if row["recap_delay_seconds"] is not None
                else None
            ),
            scheduled_events=bool(row["scheduled_events"]) if row["scheduled_events"] is not None else None,
            series_lead=(
                timedelta(seconds=row["series_lead_seconds"])
                if row["series_lead_seconds"] is not None
                else None
            ),
            language=row["language"],
        )
        return change.applied_to(defaults)

    async def update(self, guild_id: int, change: SettingsChange) -> None:
        await self._ensure_row(guild_id)
        columns = {
            "timezone": str(change.timezone) if change.timezone else None,
            "languages": ",".join(change.languages) if change.languages else None,
            "reminder_offsets": (
                ",".join(str(int(o.total_seconds())) for o in change.reminder_offsets)
                if change.reminder_offsets
                else None
            ),
            "poll_duration_seconds": int(change.poll_duration.total_seconds())
            if change.poll_duration
            else None,
            "recap_delay_seconds": int(change.recap_delay.total_seconds())
            if change.recap_delay is not None
            else None,
            "scheduled_events": int(change.scheduled_events) if change.scheduled_events is not None else None,
            "series_lead_seconds": int(change.series_lead.total_seconds())
            if change.series_lead is not None
            else None,
            "language": change.language,
        }
        changed = {column: value for column, value in columns.items() if value is not None}
        if changed:
            await self._db.execute(
                update(guild_settings).where(guild_settings.c.guild_id == guild_id).values(changed)
            )

    async def claim_events_hint(self, guild_id: int) -> bool:
        """True the first time only: the how-to-enable hint for scheduled events is shown once."""
        await self._ensure_row(guild_id)
        changed = await self._db.execute(
            update(guild_settings)
            .where(guild_settings.c.guild_id == guild_id, guild_settings.c.events_hint_shown == 0)
            .values(events_hint_shown=1)
        )
        return changed == 1

    async def calendar_token(self, guild_id: int) -> str | None:
        row = await self._db.fetch_one(
            select(guild_settings.c.calendar_token).where(guild_settings.c.guild_id == guild_id)
        )
        return row["calendar_token"] if row else None

    async def set_calendar_token(self, guild_id: int, token: str, *, replace: bool) -> None:
        """Give the server ``token``; unless ``replace``, only when it has none yet (so two members
        asking at once both get the one that was stored)."""
        await self._ensure_row(guild_id)
        statement = update(guild_settings).where(guild_settings.c.guild_id == guild_id)
        if not replace:
            statement = statement.where(guild_settings.c.calendar_token.is_(None))
        await self._db.execute(statement.values(calendar_token=token))

    async def guild_of_calendar(self, token: str) -> int | None:
        row = await self._db.fetch_one(
            select(guild_settings.c.guild_id).where(guild_settings.c.calendar_token == token)
        )
        return int(row["guild_id"]) if row else None

    async def _ensure_row(self, guild_id: int) -> None:
        await self._db.execute(
            upsert(self._db, guild_settings)
            .values(guild_id=guild_id)
            .on_conflict_do_nothing(index_elements=["guild_id"])
        )

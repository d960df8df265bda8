"""Per-server settings; a column left NULL means "as in the config file"."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.db.database import Database
from bot.domain.settings import ServerSettings, SettingsChange


class SettingsRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def resolve(self, guild_id: int, defaults: ServerSettings) -> ServerSettings:
        row = await self._db.fetch_one("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
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
        )
        return change.applied_to(defaults)

    async def update(self, guild_id: int, change: SettingsChange) -> None:
        await self._db.execute("INSERT OR IGNORE INTO guild_settings (guild_id) VALUES (?)", (guild_id,))
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
        }
        for column, value in columns.items():
            if value is not None:
                await self._db.execute(
                    f"UPDATE guild_settings SET {column} = ? WHERE guild_id = ?", (value, guild_id)
                )

    async def claim_events_hint(self, guild_id: int) -> bool:
        """True the first time only: the how-to-enable hint for scheduled events is shown once."""
        await self._db.execute("INSERT OR IGNORE INTO guild_settings (guild_id) VALUES (?)", (guild_id,))
        changed = await self._db.execute(
            "UPDATE guild_settings SET events_hint_shown = 1 WHERE guild_id = ? AND events_hint_shown = 0",
            (guild_id,),
        )
        return changed == 1

"""Which settings apply to a server (its own, else the config file's) and to a member's typing."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.config import MeetupDefaults
from bot.db.database import Database
from bot.db.members import MemberRepository
from bot.db.settings import SettingsRepository
from bot.domain.permissions import Action, Actor, authorize
from bot.domain.settings import (
    ServerSettings,
    SettingsChange,
    read_duration,
    read_languages,
    read_offsets,
    read_timezone,
)


class SettingsService:
    def __init__(
        self,
        database: Database,
        settings: SettingsRepository,
        members: MemberRepository,
        defaults: MeetupDefaults,
    ) -> None:
        self._db = database
        self._settings = settings
        self._members = members
        self._defaults = defaults

    @property
    def defaults(self) -> MeetupDefaults:
        return self._defaults

    def _base(self) -> ServerSettings:
        d = self._defaults
        return ServerSettings(
            timezone=d.timezone,
            languages=d.languages,
            poll_duration=d.poll_duration,
            reminder_offsets=d.reminder_offsets,
            default_length=d.default_length,
            recap_delay=d.recap_delay,
            series_lead=d.series_lead,
        )

    async def for_guild(self, guild_id: int) -> ServerSettings:
        return await self._settings.resolve(guild_id, self._base())

    async def for_member(self, guild_id: int, user_id: int) -> ServerSettings:
        """The server's settings, with times read in the member's own zone when they set one."""
        settings = await self.for_guild(guild_id)
        zone = await self._members.timezone(user_id)
        if zone is None:
            return settings
        return SettingsChange(timezone=ZoneInfo(zone)).applied_to(settings)

    async def change(
        self,
        guild_id: int,
        actor: Actor,
        *,
        timezone: str | None = None,
        languages: str | None = None,
        reminder_offsets: str | None = None,
        poll_duration: str | None = None,
        recap_delay: str | None = None,
        scheduled_events: bool | None = None,
        series_lead: str | None = None,
    ) -> ServerSettings:
        """Check who is asking, then each typed value, then store them all or nothing."""
        authorize(Action.CHANGE_SETTINGS, actor)
        change = SettingsChange(
            timezone=read_timezone(timezone) if timezone else None,
            languages=read_languages(languages) if languages else None,
            reminder_offsets=read_offsets(reminder_offsets) if reminder_offsets else None,
            poll_duration=read_duration("poll_duration", poll_duration) if poll_duration else None,
            recap_delay=read_duration("recap_delay", recap_delay, allow_zero=True) if recap_delay else None,
            scheduled_events=scheduled_events,
            series_lead=read_duration("series_lead", series_lead, allow_zero=True) if series_lead else None,
        )
        async with self._db.transaction():
            await self._settings.update(guild_id, change)
        return await self.for_guild(guild_id)

    async def set_member_timezone(self, user_id: int, name: str | None) -> ZoneInfo | None:
        zone = read_timezone(name) if name else None
        async with self._db.transaction():
            await self._members.set_timezone(user_id, str(zone) if zone else None)
        return zone

    async def claim_events_hint(self, guild_id: int) -> bool:
        async with self._db.transaction():
            return await self._settings.claim_events_hint(guild_id)

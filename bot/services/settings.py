"""Which settings apply to a server: its own, where it has set them, else the config file's."""

from __future__ import annotations

from bot.config import MeetupDefaults
from bot.domain.settings import ServerSettings


class SettingsService:
    def __init__(self, defaults: MeetupDefaults) -> None:
        self._defaults = defaults

    @property
    def defaults(self) -> MeetupDefaults:
        return self._defaults

    async def for_guild(self, guild_id: int) -> ServerSettings:
        d = self._defaults
        return ServerSettings(
            timezone=d.timezone,
            languages=d.languages,
            poll_duration=d.poll_duration,
            reminder_offsets=d.reminder_offsets,
            default_length=d.default_length,
            recap_delay=d.recap_delay,
        )

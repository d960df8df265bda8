"""Which settings apply to a server (its own, else the config file's) and to a member's typing,
and which language the bot writes in: the server's for posts, a member's for their DMs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    read_language,
    read_languages,
    read_offsets,
    read_timezone,
)
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, Texts, language_of, texts


class SettingsService:
    def __init__(
        self,
        database: Database,
        settings: SettingsRepository,
        members: MemberRepository,
        defaults: MeetupDefaults,
        guild_locale: Callable[[int], str | None],
    ) -> None:
        """``guild_locale`` is the server's preferred locale as Discord last said (None when unknown)."""
        self._db = database
        self._settings = settings
        self._members = members
        self._defaults = defaults
        self._guild_locale = guild_locale
        self._seen_languages: dict[int, str] = {}

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
        language: str | None = None,
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
            language=read_language(language, LANGUAGES) if language else None,
        )
        async with self._db.transaction():
            await self._settings.update(guild_id, change)
        return await self.for_guild(guild_id)

    async def server_texts(self, guild_id: int) -> Texts:
        """The language of the server's public posts: its setting, else its preferred locale's."""
        return self.posts_texts(guild_id, await self.for_guild(guild_id))

    def posts_texts(self, guild_id: int, settings: ServerSettings) -> Texts:
        """:meth:`server_texts` from settings already read, for a caller that needs both."""
        return texts(settings.language or language_of(self._guild_locale(guild_id)))

    async def member_texts(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, Texts]:
        """Each member's language for a DM: the one of their last interaction, else the server's."""
        wanted = list(dict.fromkeys(user_ids))
        found = {
            user_id: texts(language) for user_id, language in (await self._members.languages(wanted)).items()
        }
        if len(found) < len(wanted):
            server = await self.server_texts(guild_id)
            found.update({user_id: server for user_id in wanted if user_id not in found})
        return found

    async def texts_for(self, guild_id: int, user_id: int) -> Texts:
        """:meth:`member_texts` of one member."""
        return (await self.member_texts(guild_id, [user_id]))[user_id]

    async def remember_language(self, user_id: int, locale: str) -> None:
        """Keep the language of a member's command for the DMs they get later (after the command
        succeeded: a refused one leaves nothing behind); written only when it changed since this
        process last saw it, so most commands cost no extra write."""
        language = language_of(locale) or DEFAULT_LANGUAGE
        if self._seen_languages.get(user_id) == language:
            return
        async with self._db.transaction():
            await self._members.set_language(user_id, language)
        self._seen_languages[user_id] = language

    async def set_member_timezone(self, user_id: int, name: str | None) -> ZoneInfo | None:
        zone = read_timezone(name) if name else None
        async with self._db.transaction():
            await self._members.set_timezone(user_id, str(zone) if zone else None)
        return zone

    async def claim_events_hint(self, guild_id: int) -> bool:
        async with self._db.transaction():
            return await self._settings.claim_events_hint(guild_id)

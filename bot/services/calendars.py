"""Putting meetups into calendars: .ics files for members, a subscribable feed per server, and
Discord scheduled events."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import UTC, timedelta

from bot.clock import Clock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.series import SeriesRepository
from bot.db.settings import SettingsRepository
from bot.domain.bot_permissions import Need, missing
from bot.domain.model import Meetup, Series
from bot.domain.permissions import Action, Actor, authorize
from bot.notifier import DiscordNotifier, FileData
from bot.presentation.calendar import calendar_filename, feed_calendar, meetup_calendar
from bot.presentation.common import jump_url
from bot.services.settings import SettingsService

log = logging.getLogger(__name__)

EXTERNAL = 3
GUILD_ONLY = 2
CANCELED = 4


class CalendarFiles:
    """The meetup's .ics file as it stands now (its SEQUENCE counts the changes so far)."""

    def __init__(self, settings: SettingsService, clock: Clock) -> None:
        self._settings = settings
        self._clock = clock

    async def file(
        self, meetup: Meetup, *, include_address: bool, cancelled: bool = False, series: Series | None = None
    ) -> FileData:
        """The meetup's file; for an occurrence of ``series``, the whole series as one event."""
        settings = await self._settings.for_guild(meetup.guild_id)
        data = meetup_calendar(
            meetup,
            default_length=settings.default_length,
            sequence=meetup.calendar_sequence,
            include_address=include_address,
            cancelled=cancelled,
            now=self._clock.now(),
            texts=self._settings.posts_texts(meetup.guild_id, settings),
            series=series,
        )
        return calendar_filename(meetup), data

    async def feed(
        self, guild_id: int, meetups: list[Meetup], *, name: str, series: dict[int, Series]
    ) -> bytes:
        """The server's meetups as one subscribable calendar, each event as in the files."""
        settings = await self._settings.for_guild(guild_id)
        return feed_calendar(
            meetups,
            name=name,
            default_length=settings.default_length,
            now=self._clock.now(),
            texts=self._settings.posts_texts(guild_id, settings),
            series=series,
        )


FEED_KEEPS_PAST = timedelta(days=30)
"""A meetup stays in the feed this long after it started: one under way, or last week's, does not
vanish from members' calendars (apps delete what a feed stops listing)."""


class CalendarFeeds:
    """Each server's calendar feed behind an unguessable token, which a moderator may replace.

    The token is 32 random bytes (``secrets``), so a feed is found only through its link; replacing
    it makes the old link answer 404 at once.
    """

    def __init__(
        self,
        database: Database,
        settings: SettingsRepository,
        meetups: MeetupRepository,
        series: SeriesRepository,
        files: CalendarFiles,
        clock: Clock,
        new_token: Callable[[], str] = lambda: secrets.token_urlsafe(32),
    ) -> None:
        self._db = database
        self._settings = settings
        self._meetups = meetups
        self._series = series
        self._files = files
        self._clock = clock
        self._new_token = new_token

    async def token(self, guild_id: int, actor: Actor, *, reset: bool) -> str:
        """The server's token, made on first use; ``reset`` (moderators only) replaces it."""
        if reset:
            authorize(Action.RESET_CALENDAR, actor)
        async with self._db.transaction():
            await self._settings.set_calendar_token(guild_id, self._new_token(), replace=reset)
            token = await self._settings.calendar_token(guild_id)
        assert token is not None
        return token

    async def feed(self, token: str, name_of: Callable[[int], str | None]) -> bytes | None:
        """The calendar behind ``token``, named after its server; None for a token no server has."""
        guild_id = await self._settings.guild_of_calendar(token)
        if guild_id is None:
            return None
        meetups = await self._meetups.announced(
            starting_after=self._clock.now() - FEED_KEEPS_PAST, guild_id=guild_id
        )
        series = {}
        for series_id in {meetup.series_id for meetup in meetups if meetup.series_id is not None}:
            found = await self._series.get(series_id)
            if found is not None:
                series[series_id] = found
        server = name_of(guild_id)
        return await self._files.feed(
            guild_id, meetups, name=f"Meetups: {server}" if server else "Meetups", series=series
        )


class ScheduledEvents:
    """Mirrors a scheduled meetup as a Discord scheduled event, where the server wants it.

    Without the Create Events permission the server is told how to enable it, once. The bot asks
    discord.py's cache first, so a server without it costs no refused request per meetup.
    """

    def __init__(
        self,
        database: Database,
        meetups: MeetupRepository,
        settings: SettingsService,
        notifier: DiscordNotifier,
    ) -> None:
        self._db = database
        self._meetups = meetups
        self._settings = settings
        self._notifier = notifier

    def _fields(self, meetup: Meetup, default_length: timedelta) -> dict:
        assert meetup.starts_at is not None
        end = meetup.starts_at + (meetup.length or default_length)
        description = meetup.details[:700] if meetup.details else ""
        if meetup.announcement_message_id:
            link = jump_url(meetup.guild_id, meetup.channel_id, meetup.announcement_message_id)
            description = f"{description}\n\nRSVP on the announcement: {link}".strip()
        return {
            "name": meetup.title[:100],
            "privacy_level": GUILD_ONLY,
            "entity_type": EXTERNAL,
            "entity_metadata": {"location": (meetup.venue_name or "To be decided")[:100]},
            "scheduled_start_time": meetup.starts_at.astimezone(UTC).isoformat(),
            "scheduled_end_time": end.astimezone(UTC).isoformat(),
            "description": description[:1000],
        }

    async def publish(self, meetup: Meetup) -> bool:
        """Create the event, or bring it up to date; True when the server now shows it.

        Returns False (and remembers to say how to enable it) when the bot may not create events.
        """
        settings = await self._settings.for_guild(meetup.guild_id)
        if not settings.scheduled_events or meetup.starts_at is None:
            return False
        fields = self._fields(meetup, settings.default_length)
        granted = self._notifier.bot_permissions(meetup.guild_id)
        if (
            meetup.scheduled_event_id is not None
            and (granted is None or not missing(Need.EDIT_OWN_EVENT, granted))
            and await self._notifier.edit_event(meetup.guild_id, meetup.scheduled_event_id, fields)
        ):
            return True
        if granted is not None and missing(Need.CREATE_EVENT, granted):
            event_id = None
        else:
            event_id = await self._notifier.create_event(meetup.guild_id, fields)
        async with self._db.transaction():
            await self._meetups.set_scheduled_event(meetup.id, event_id)
            if event_id is None and await self._settings.claim_events_hint(meetup.guild_id):
                await self._meetups.set_events_hint(meetup.id)
        return event_id is not None

    async def cancel(self, meetup: Meetup) -> None:
        if meetup.scheduled_event_id is None:
            return
        granted = self._notifier.bot_permissions(meetup.guild_id)
        if granted is not None and missing(Need.EDIT_OWN_EVENT, granted):
            log.info("no permission to cancel the scheduled event of meetup %s", meetup.id)
            return
        await self._notifier.edit_event(meetup.guild_id, meetup.scheduled_event_id, {"status": CANCELED})

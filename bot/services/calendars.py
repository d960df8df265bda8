"""Putting meetups into calendars: .ics files for members, Discord scheduled events for servers."""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

from bot.clock import Clock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.domain.bot_permissions import Need, missing
from bot.domain.model import Meetup, Series
from bot.notifier import DiscordNotifier, FileData
from bot.presentation.calendar import calendar_filename, meetup_calendar
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
            series=series,
        )
        return calendar_filename(meetup), data


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

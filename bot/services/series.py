"""Recurring meetups once their first date is decided: posting each next occurrence, skipping one.

Every occurrence is a meetup row of its own (with its own number, answers, reminders and recap),
created by a ``next_occurrence`` nudge hanging off the occurrence before it. That nudge is a row
like any other, so it fires once across processes and after restarts; the unique (series,
occurrence) index and the announcement's nonce make a second firing find the work done.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.series import SeriesRepository
from bot.domain.errors import UserError
from bot.domain.model import Meetup, MeetupStatus, Nudge, NudgeKind, PlannedNudge, Series
from bot.domain.nudges import recap_nudge, reminder_nudges
from bot.domain.permissions import Action, Actor, authorize
from bot.domain.proposal import clip
from bot.domain.series import (
    following,
    next_occurrence_nudge,
    next_occurrences,
    pick_occurrence,
)
from bot.notifier import FileData
from bot.services.calendars import CalendarFiles
from bot.services.closing import ClosingService
from bot.services.meetups import MeetupService
from bot.services.nudges import NudgeService
from bot.services.settings import SettingsService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Skipped:
    """An occurrence left out; ``was_posted`` when its message was up and it was cancelled."""

    meetup: Meetup
    occurrence: datetime
    was_posted: bool


EARLY = timedelta(seconds=1)
"""A chain nudge firing this much before its occurrence's message is due waits for it instead."""
SKIPPABLE = 26
"""How many coming occurrences ``/meetup skip`` offers and looks through."""


class SeriesService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        meetups: MeetupRepository,
        series: SeriesRepository,
        nudges: NudgeService,
        settings: SettingsService,
        closing: ClosingService,
        meetup_service: MeetupService,
        calendars: CalendarFiles,
    ) -> None:
        self._db = database
        self._clock = clock
        self._meetups = meetups
        self._series = series
        self._nudges = nudges
        self._settings = settings
        self._closing = closing
        self._meetup_service = meetup_service
        self._calendars = calendars
        nudges.handle(NudgeKind.NEXT_OCCURRENCE, self._next_when_due)

    async def _next_when_due(self, nudge: Nudge, previous: Meetup, late: bool) -> None:
        """Create the next occurrence with its nudges, then post its message."""
        series = await self._series.of(previous)
        if series is None or series.ended or previous.starts_at is None:
            return
        after = previous.occurrence_at or previous.starts_at
        target = following(series, after)
        settings = await self._settings.for_guild(previous.guild_id)
        length = previous.length or settings.default_length
        now = self._clock.now()
        due = next_occurrence_nudge(
            series, after=after, previous_end=previous.starts_at + length, lead=settings.series_lead
        )
        if target is None or due is None:
            return
        if due.due_at > now + EARLY:
            # An occurrence was skipped since this nudge was planned: wait for the one after it.
            await self._plan_and_arm(previous.id, [due])
            return
        async with self._db.transaction():
            occurrence_id = await self._series.occurrence(series.id, target)
            planned: list[Nudge] = []
            if occurrence_id is None:
                created = await self._meetups.create_occurrence(
                    previous, occurrence_at=target, starts_at=target, created_at=now
                )
                occurrence_id = created.id
                chain = next_occurrence_nudge(
                    series, after=target, previous_end=target + length, lead=settings.series_lead
                )
                planned = await self._nudges.plan(
                    created.id,
                    [
                        *reminder_nudges(target, settings.reminder_offsets, now),
                        recap_nudge(target, length, settings.recap_delay),
                        *([chain] if chain else []),
                    ],
                )
        self._nudges.arm(planned)
        log.info("series %s: occurrence at %s is meetup %s", series.id, target.isoformat(), occurrence_id)
        await self._closing.announce(occurrence_id)

    async def search(self, guild_id: int, text: str) -> list[Meetup]:
        """Dates of a series still to come whose number or title contains ``text``."""
        return await self._meetups.search(guild_id, text.strip().lstrip("#"), scheduled_in_series=True)

    async def shown_with(self, meetup: Meetup) -> tuple[Series | None, FileData | None]:
        """For ``/meetup show``: the meetup's series, and the series' calendar file as it stands
        (its skipped dates left out) while the occurrence is still to come."""
        series = await self._series.of(meetup)
        if series is None or meetup.status is not MeetupStatus.SCHEDULED:
            return series, None
        return series, await self._calendars.file(meetup, include_address=False, series=series)

    async def _plan_and_arm(self, meetup_id: int, planned: list[PlannedNudge]) -> None:
        async with self._db.transaction():
            rows = await self._nudges.plan(meetup_id, planned)
        self._nudges.arm(rows)

    async def coming(self, guild_id: int, number: int) -> tuple[Meetup, Series, list[datetime]]:
        """A series by the number of any of its meetups, and its coming occurrences (for ``skip``)."""
        meetup = await self._meetup_service.find(guild_id, number)
        series = await self._series.of(meetup)
        if series is None:
            raise UserError(
                "Meetup #{number} does not repeat, so it has no dates to skip; `/meetup cancel` cancels it.",
                number=number,
            )
        if series.ended:
            raise UserError(
                "The series of meetup #{number} has ended; there is nothing left to skip.", number=number
            )
        upcoming = next_occurrences(
            series.rule,
            series.first_start,
            series.timezone,
            after=self._clock.now(),
            count=SKIPPABLE,
            skipped=series.skipped,
        )
        return meetup, series, upcoming

    async def skip(self, guild_id: int, number: int, actor: Actor, typed_date: str) -> Skipped:
        """Leave one occurrence out: never posted, or, if its message is up, cancelled like a
        meetup (those going are told by DM) while the series goes on."""
        meetup, series, upcoming = await self.coming(guild_id, number)
        authorize(Action.CANCEL, actor, meetup)
        settings = await self._settings.for_member(guild_id, actor.user_id)
        occurrence = pick_occurrence(
            upcoming, typed_date, zone=series.timezone, now=self._clock.now(), languages=settings.languages
        )
        if occurrence is None:
            raise UserError(
                "`date`: `{typed}` is not one of the coming dates of meetup #{number}'s series; pick one"
                " from the list as you type.",
                typed=clip(typed_date, 40),
                number=number,
            )
        async with self._db.transaction():
            await self._series.skip(series.id, occurrence)
            posted = await self._series.occurrence(series.id, occurrence)
        log.info("series %s: occurrence at %s skipped", series.id, occurrence.isoformat())
        if posted is not None:
            skipped = await self._meetups.get(posted)
            if skipped is not None and skipped.status is MeetupStatus.SCHEDULED:
                await self._meetup_service.cancel(
                    guild_id,
                    skipped.number,
                    actor,
                    (await self._settings.server_texts(guild_id))._("skipped this time; the series goes on"),
                    ends_series=False,
                )
                return Skipped(meetup, occurrence, was_posted=True)
        await self._meetup_service.refresh_series(series.id)
        return Skipped(meetup, occurrence, was_posted=False)

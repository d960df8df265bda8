"""A meetup once proposed: finding and listing it, cancelling it, and moving it to another time."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot import logs
from bot.clock import Clock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.rsvps import RsvpRepository
from bot.db.series import SeriesRepository
from bot.db.votes import VoteRepository
from bot.domain.bot_permissions import Need, describe_missing, missing
from bot.domain.errors import NotFound, UserError
from bot.domain.messages import Message, lazy
from bot.domain.model import DateOption, Meetup, MeetupStatus, NudgeKind, Rsvp, Series, VenueOption, Vote
from bot.domain.nudges import recap_nudge, reminder_nudges
from bot.domain.permissions import Action, Actor, authorize
from bot.domain.proposal import read_new_time
from bot.domain.text import clean_line
from bot.i18n import Texts
from bot.notifier import DiscordNotifier, describe_failure
from bot.presentation import polls as render
from bot.presentation.common import STATUS, plain
from bot.services.calendars import CalendarFiles, ScheduledEvents
from bot.services.closing import Closed, ClosingService
from bot.services.nudges import NudgeService
from bot.services.polls import PollService
from bot.services.reminders import ReminderService
from bot.services.settings import SettingsService
from bot.services.tasks import MeetupLocks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Changed:
    """A change made, and why it could not be shown in the meetup's channel (None when it was)."""

    meetup: Meetup
    not_shown: Message | None = None


class MeetupService:
    def __init__(
        self,
        database: Database,
        meetups: MeetupRepository,
        votes: VoteRepository,
        rsvps: RsvpRepository,
        series: SeriesRepository,
        nudges: NudgeService,
        notifier: DiscordNotifier,
        polls: PollService,
        closing: ClosingService,
        reminders: ReminderService,
        settings: SettingsService,
        calendars: CalendarFiles,
        events: ScheduledEvents,
        clock: Clock,
        locks: MeetupLocks,
    ) -> None:
        self._db = database
        self._meetups = meetups
        self._votes = votes
        self._rsvps = rsvps
        self._series = series
        self._nudges = nudges
        self._notifier = notifier
        self._polls = polls
        self._closing = closing
        self._reminders = reminders
        self._settings = settings
        self._calendars = calendars
        self._events = events
        self._clock = clock
        self._lock = locks

    async def cancel(
        self, guild_id: int, number: int, actor: Actor, reason: str | None, *, ends_series: bool = True
    ) -> Changed:
        """Cancel, then show it everywhere; the meetup's lock is held throughout, so a close or a
        vote that is still being shown cannot post after the cancellation.

        Cancelling an occurrence of a series ends the series, unless it is only skipped
        (``ends_series=False``): its nudge that posts the next occurrence then stays."""
        meetup = await self.find(guild_id, number)
        authorize(Action.CANCEL, actor, meetup)
        reason = clean_line(reason)[:300] or None if reason else None
        async with self._lock(meetup.id):
            current = await self._meetups.get(meetup.id)
            if current is None or not current.is_open:
                state = STATUS[current.status] if current else lazy("gone")
                raise UserError("Meetup #{number} is already {state}.", number=meetup.number, state=state)
            async with self._db.transaction():
                await self._meetups.cancel(meetup.id, reason)
                await self._meetups.bump_calendar(meetup.id)
                if current.series_id is not None and ends_series:
                    await self._series.end(current.series_id)
                kept = () if ends_series else (NudgeKind.NEXT_OCCURRENCE,)
                await self._nudges.cancel(meetup.id, [kind for kind in NudgeKind if kind not in kept])
            self._polls.forget(meetup.id)
            cancelled = await self._meetups.get(meetup.id)
            assert cancelled is not None
            series = await self._series.of(cancelled)
            was_scheduled = current.status is MeetupStatus.SCHEDULED

            async def show() -> None:
                texts = await self._settings.server_texts(meetup.guild_id)
                await self._polls.refresh(meetup.id)
                await self._notifier.edit_announcement(
                    cancelled, await self._rsvps.for_meetup(meetup.id), texts, series
                )
                files = (
                    [
                        await self._calendars.file(
                            cancelled, include_address=False, cancelled=True, series=series
                        )
                    ]
                    if was_scheduled
                    else []
                )
                await self._notifier.post(
                    meetup.channel_id,
                    render.cancelled_text(cancelled, reason, actor.user_id, texts),
                    reply_to=current.announcement_message_id or current.poll_message_id,
                    files=files,
                )

            not_shown = await self._show_in_channel(cancelled, show)
        if was_scheduled:
            await self._events.cancel(cancelled)
            change = (
                lazy("it is cancelled ({reason}).", reason=plain(reason, 300))
                if reason
                else lazy("it is cancelled.")
            )
            await self._reminders.tell_attendees(cancelled, change, cancelled=True)
        if series is not None:
            await self._after_series_change(series, ended=ends_series, actor=actor)
        return Changed(cancelled, not_shown)

    async def _after_series_change(self, series: Series, *, ended: bool, actor: Actor) -> None:
        """An ended series takes its other open occurrences with it; a skip redraws the next
        dates shown on those still open."""
        if ended:
            # The reason is stored and shown to everyone, so it is in the server's language.
            reason = (await self._settings.server_texts(series.guild_id))._("the series has ended")
            for other in await self._meetups.open_in_series(series.id):
                await self.cancel(other.guild_id, other.number, actor, reason, ends_series=False)
        await self.refresh_series(series.id)

    async def refresh_series(self, series_id: int) -> None:
        """Redraw the messages of a series' open occurrences, whose "next" dates changed; a channel
        that refuses is logged and left, since the change itself is stored."""
        series = await self._series.get(series_id)
        if series is None:
            return
        texts = await self._settings.server_texts(series.guild_id)
        for meetup in await self._meetups.open_in_series(series_id):
            rsvps = await self._rsvps.for_meetup(meetup.id)
            await self._show_in_channel(
                meetup,
                lambda meetup=meetup, rsvps=rsvps: self._notifier.edit_announcement(
                    meetup, rsvps, texts, series
                ),
            )

    async def _show_in_channel(self, meetup: Meetup, show: Callable[[], Awaitable[None]]) -> Message | None:
        """Show a change in the meetup's channel; why it could not be, or None.

        The change itself is already stored, and members going hear of it by DM either way, so a
        channel the bot may no longer post in is reported to whoever asked rather than failing.
        """
        if self._notifier.channel_gone(meetup.guild_id, meetup.channel_id):
            return lazy("the channel is gone")
        granted = self._notifier.bot_permissions(meetup.guild_id, meetup.channel_id)
        lacking = missing(Need.REPLY, granted) if granted is not None else []
        if lacking:
            return describe_missing(Need.REPLY, lacking)
        try:
            await show()
        except Exception as error:
            log.warning("showing a change of meetup %s in its channel failed", meetup.id, exc_info=True)
            return describe_failure(error)
        return None

    async def find(self, guild_id: int, number: int) -> Meetup:
        """The meetup a member named by its number; what the command logs from here on names it."""
        meetup = await self._meetups.by_number(guild_id, number)
        if meetup is None:
            raise NotFound(
                "There is no meetup #{number} in this server; `/meetup list` shows them.", number=number
            )
        logs.set_meetup(meetup.id)
        return meetup

    async def upcoming(self, guild_id: int) -> list[Meetup]:
        return await self._meetups.in_guild(guild_id, (MeetupStatus.POLLING, MeetupStatus.SCHEDULED))

    async def search(self, guild_id: int, text: str) -> list[Meetup]:
        return await self._meetups.search(guild_id, text.strip().lstrip("#"))

    async def details(
        self, meetup: Meetup
    ) -> tuple[list[DateOption], list[VenueOption], list[Vote], list[Rsvp]]:
        """What /meetup show lists: the options, the votes and the answers."""
        return (
            await self._meetups.date_options(meetup.id),
            await self._meetups.venue_options(meetup.id),
            await self._votes.for_meetup(meetup.id),
            await self._rsvps.for_meetup(meetup.id),
        )

    async def reschedule(self, guild_id: int, number: int, actor: Actor, when_text: str) -> Changed:
        """Move a scheduled meetup: new reminders replace the old, and everyone going is told."""
        meetup = await self.find(guild_id, number)
        authorize(Action.RESCHEDULE, actor, meetup)
        if meetup.status is not MeetupStatus.SCHEDULED:
            raise UserError(
                "Meetup #{number} has no date yet (it is {state}); close its poll first.",
                number=meetup.number,
                state=STATUS[meetup.status],
            )
        settings = await self._settings.for_member(guild_id, actor.user_id)
        now = self._clock.now().astimezone(settings.timezone)
        starts_at = read_new_time(when_text, now=now, languages=settings.languages)
        async with self._lock(meetup.id):
            async with self._db.transaction():
                if not await self._meetups.move(meetup.id, starts_at):
                    raise UserError("Meetup #{number} is no longer scheduled.", number=meetup.number)
                await self._meetups.bump_calendar(meetup.id)
                await self._nudges.cancel(meetup.id, (NudgeKind.REMINDER, NudgeKind.RECAP))
                planned = await self._nudges.plan(
                    meetup.id,
                    [
                        *reminder_nudges(starts_at, settings.reminder_offsets, now),
                        recap_nudge(
                            starts_at, meetup.length or settings.default_length, settings.recap_delay
                        ),
                    ],
                )
            self._nudges.arm(planned)
        moved = await self._meetups.get(meetup.id)
        assert moved is not None
        not_shown = await self.announce_change(
            moved,
            lambda texts: render.moved_text(moved, actor.user_id, texts),
            lazy("it has moved to a new time."),
        )
        return Changed(moved, not_shown)

    async def announce_change(
        self, meetup: Meetup, notice: Callable[[Texts], str], change: Message
    ) -> Message | None:
        """After the time or venue changed: the announcement, a notice (written in the server's
        language) with the updated calendar file, the server's scheduled event, and a DM to
        everyone going or maybe; why the channel could not be shown the change, or None."""

        series = await self._series.of(meetup)

        async def show() -> None:
            texts = await self._settings.server_texts(meetup.guild_id)
            await self._notifier.edit_announcement(
                meetup, await self._rsvps.for_meetup(meetup.id), texts, series
            )
            await self._notifier.post(
                meetup.channel_id,
                notice(texts),
                reply_to=meetup.announcement_message_id,
                files=[await self._calendars.file(meetup, include_address=False, series=series)],
            )

        not_shown = await self._show_in_channel(meetup, show)
        await self._events.publish(meetup)
        await self._reminders.tell_attendees(meetup, change)
        return not_shown

    async def close(self, guild_id: int, number: int, actor: Actor) -> Closed:
        return await self._closing.close(await self.find(guild_id, number), actor)

"""Closing a poll: the winning date and venue, who is going, the reminders, the announcement.

Kept apart from :mod:`bot.services.polls` because closing is a transition of its own with its own
collaborators (RSVPs, venues' memory, calendars, scheduled events); it asks the poll service for
two things only: to read the final votes back from Discord, and to redraw the poll.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from bot.clock import Clock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.rsvps import RsvpRepository
from bot.db.series import SeriesRepository
from bot.db.venues import VenueRepository
from bot.db.votes import VoteRepository
from bot.domain.bot_permissions import Need, describe_missing, missing
from bot.domain.errors import UserError
from bot.domain.messages import Message, lazy
from bot.domain.model import Meetup, MeetupStatus, Nudge, NudgeKind, RsvpStatus
from bot.domain.nudges import recap_nudge, reminder_nudges
from bot.domain.permissions import Action, Actor, authorize
from bot.domain.poll import DateOutcome, decide_date
from bot.domain.rsvp import RSVP_EMOJI
from bot.domain.series import bind, next_occurrence_nudge, rule_of
from bot.domain.shards import GuildFilter, every_server
from bot.domain.venues import decide_venue, memory_entry, venue_key
from bot.notifier import DiscordNotifier, describe_failure, nonce_for
from bot.pacing import Priority, paced_at
from bot.presentation import polls as render
from bot.presentation import reminders as reminder_text
from bot.presentation.common import STATUS
from bot.services.calendars import CalendarFiles, ScheduledEvents
from bot.services.nudges import NudgeService
from bot.services.polls import PollService
from bot.services.settings import SettingsService
from bot.services.tasks import Background, MeetupLocks

log = logging.getLogger(__name__)


@paced_at(Priority.FAN_OUT)
async def send_private_address(
    notifier: DiscordNotifier, settings: SettingsService, meetup: Meetup, user_ids: list[int]
) -> None:
    """DM a private venue's address to members going; nobody else ever sees it."""
    if not (meetup.private_address and meetup.venue_name and meetup.venue_address):
        return
    languages = await settings.member_texts(meetup.guild_id, user_ids)
    for user_id in user_ids:
        await notifier.dm(
            user_id,
            reminder_text.private_address_text(meetup, languages[user_id]),
            nonce=nonce_for("d", meetup.id, user_id),
        )


@dataclass(frozen=True)
class Closed:
    """A closed poll, and what of it members could not be shown on Discord."""

    meetup: Meetup
    not_shown: Message | None = None
    """Why the outcome is not posted yet (it is posted once the cause is gone); None when it is."""
    poll_gone: bool = False
    """The poll message was deleted: the votes seen before were counted."""


class CannotPost(Exception):
    """discord.py's cache says a post would be refused; trying would only earn a 403."""

    def __init__(self, reason: Message) -> None:
        super().__init__(str(reason))
        self.reason = reason


class ClosingService:
    def __init__(
        self,
        *,
        database: Database,
        meetups: MeetupRepository,
        votes: VoteRepository,
        rsvps: RsvpRepository,
        venues: VenueRepository,
        series: SeriesRepository,
        polls: PollService,
        nudges: NudgeService,
        notifier: DiscordNotifier,
        settings: SettingsService,
        calendars: CalendarFiles,
        events: ScheduledEvents,
        clock: Clock,
        locks: MeetupLocks,
        background: Background,
    ) -> None:
        self._db = database
        self._meetups = meetups
        self._votes = votes
        self._rsvps = rsvps
        self._venues = venues
        self._series = series
        self._polls = polls
        self._nudges = nudges
        self._notifier = notifier
        self._settings = settings
        self._calendars = calendars
        self._events = events
        self._clock = clock
        self._lock = locks
        self._background = background
        nudges.handle(NudgeKind.CLOSE_POLL, self._close_when_due)

    async def reconcile(self, serves: GuildFilter = every_server) -> None:
        """Announce meetups whose poll closed but whose outcome was never shown, in the servers this
        process ``serves``: after (re)connecting, or when a server's channels or roles change (a
        permission given back). Each is posted once: under the meetup's lock, only while it has no
        announcement, and with a nonce."""
        now = self._clock.now()
        for meetup in sorted(await self._meetups.unannounced(), key=lambda m: (m.guild_id, m.id)):
            if not serves(meetup.guild_id):
                continue
            if meetup.starts_at is not None and meetup.starts_at <= now:
                continue
            if self._blocked(meetup) is not None:
                continue
            try:
                await self._after_close_locked(meetup.id, None)
            except Exception:
                log.warning("announcing meetup %s failed; it is tried again later", meetup.id, exc_info=True)

    def _blocked(self, meetup: Meetup) -> Message | None:
        """Why the outcome cannot be posted in the meetup's channel, as far as discord.py's cache
        knows; None when it can (or the cache does not know, and Discord will say)."""
        if self._notifier.channel_gone(meetup.guild_id, meetup.channel_id):
            return lazy(
                "the channel is gone; the people going still get their reminders by DM,"
                " and `/meetup show` shows the outcome"
            )
        granted = self._notifier.bot_permissions(meetup.guild_id, meetup.channel_id)
        lacking = missing(Need.REPLY, granted) if granted is not None else []
        if not lacking:
            return None
        return lazy(
            "{missing}; give it back (Server Settings → Roles, or the"
            " channel's permissions) and the bot posts the outcome by itself, once",
            missing=describe_missing(Need.REPLY, lacking),
        )

    async def close(self, meetup: Meetup, actor: Actor) -> Closed:
        authorize(Action.CLOSE, actor, meetup)
        if meetup.status is not MeetupStatus.POLLING:
            raise UserError(
                "Meetup #{number} is not open for voting (it is {state}).",
                number=meetup.number,
                state=STATUS[meetup.status],
            )
        if self._notifier.channel_gone(meetup.guild_id, meetup.channel_id):
            raise UserError(
                "Meetup #{number} is still open: its channel was deleted, so the bot has nowhere to"
                " announce the outcome. Cancel it with `/meetup cancel` and propose it again in another channel.",
                number=meetup.number,
            )
        return await self._close(meetup)

    async def _close_when_due(self, nudge: Nudge, meetup: Meetup, late: bool) -> None:
        closed = await self._close(meetup)
        if closed.not_shown is not None:
            texts = await self._settings.texts_for(meetup.guild_id, closed.meetup.organizer_id)
            await self._notifier.dm(
                closed.meetup.organizer_id,
                render.not_announced_text(closed.meetup, closed.not_shown, texts),
                nonce=nonce_for("x", meetup.id),
            )

    async def _close(self, meetup: Meetup) -> Closed:
        async with self._lock(meetup.id):
            self._polls.forget(meetup.id)
            current = await self._meetups.get(meetup.id)
            if current is None or current.status is not MeetupStatus.POLLING:
                return Closed(current or meetup)
            poll_found = await self._polls.sync_votes(current) is not None
            dates = await self._meetups.date_options(meetup.id)
            votes = await self._votes.for_meetup(meetup.id)
            outcome = decide_date(dates, votes, current.min_people)
            planned = []
            # Stored as it reads in the server's language: the poll and `/meetup list` show it to
            # everyone there, like an organizer's own reason.
            reason = None
            if outcome.called_off_reason is not None:
                texts = await self._settings.server_texts(meetup.guild_id)
                reason = texts.message(outcome.called_off_reason)
            async with self._db.transaction():
                if reason is not None:
                    if await self._meetups.cancel(meetup.id, reason):
                        await self._nudges.cancel(meetup.id)
                else:
                    planned = await self._schedule(current, outcome)
            self._nudges.arm(planned)
            closed = await self._meetups.get(meetup.id)
            assert closed is not None
            not_shown = None
            try:
                await self._after_close(closed.id, outcome.called_off_reason)
            except CannotPost as refused:
                not_shown = refused.reason
                log.info("meetup %s closed; its outcome waits: %s", closed.id, refused.reason)
            except Exception as error:
                not_shown = lazy(
                    "{failure}; the bot keeps trying and posts it once, when it can",
                    failure=describe_failure(error),
                )
                log.warning("announcing the outcome of meetup %s failed; retrying", closed.id, exc_info=True)
                self._background.retry(
                    lambda: self._after_close_locked(closed.id, outcome.called_off_reason),
                    what=f"announcing meetup {closed.id}",
                )
        return Closed(closed, not_shown, poll_gone=not poll_found)

    async def announce(self, meetup_id: int) -> None:
        """Post a scheduled meetup's message if it has none yet (a series' next occurrence); when
        the channel refuses it now, :meth:`reconcile` posts it once it can."""
        try:
            await self._after_close_locked(meetup_id, None)
        except CannotPost as refused:
            log.info("meetup %s is scheduled; its message waits: %s", meetup_id, refused.reason)

    async def _after_close_locked(self, meetup_id: int, called_off_reason: Message | None) -> None:
        async with self._lock(meetup_id):
            await self._after_close(meetup_id, called_off_reason)

    async def _schedule(self, meetup: Meetup, outcome: DateOutcome) -> list[Nudge]:
        """Inside the closing transaction: the winner becomes the time, its voters are going,
        and the reminders are planned."""
        assert outcome.option is not None
        starts_at = outcome.option.starts_at
        if not await self._meetups.schedule(meetup.id, starts_at, won_by_tie=outcome.tie):
            return []  # another process closed it first: its transaction did the rest
        ratings = {v.key: v.rating for v in await self._venues.in_guild(meetup.guild_id)}
        venue = decide_venue(
            await self._meetups.venue_options(meetup.id), await self._votes.for_meetup(meetup.id), ratings
        ).venue
        if venue is not None:
            await self._meetups.set_venue(meetup.id, venue, venue_key(venue.name))
            await self._venues.remember(
                meetup.guild_id, *memory_entry(venue, private_address=meetup.private_address)
            )
        now = self._clock.now()
        for index, user_id in enumerate(outcome.voters):
            full = meetup.capacity is not None and index >= meetup.capacity
            status = RsvpStatus.WAITLISTED if full else RsvpStatus.GOING
            await self._rsvps.set(meetup.id, user_id, status, now, by_vote=True)
        settings = await self._settings.for_guild(meetup.guild_id)
        length = meetup.length or settings.default_length
        planned = [
            *reminder_nudges(starts_at, settings.reminder_offsets, now),
            recap_nudge(starts_at, length, settings.recap_delay),
        ]
        if meetup.repeat_rule is not None:
            zone = meetup.timezone or str(settings.timezone)
            rule = bind(rule_of(meetup.repeat_rule), starts_at, zone)
            series = await self._series.start(replace(meetup, starts_at=starts_at), rule, zone)
            chain = next_occurrence_nudge(
                series, after=starts_at, previous_end=starts_at + length, lead=settings.series_lead
            )
            planned += [chain] if chain else []
        return await self._nudges.plan(meetup.id, planned)

    async def _after_close(self, meetup_id: int, called_off_reason: Message | None) -> None:
        """Show the outcome on Discord; safe to run again (nonces, and the announcement is posted once).

        Raises :class:`CannotPost` without a request when discord.py's cache shows it would be refused.
        """
        meetup = await self._meetups.get(meetup_id)
        if meetup is None:
            return
        blocked = self._blocked(meetup)
        if blocked is not None:
            raise CannotPost(blocked)
        await self._polls.refresh(meetup_id)
        if called_off_reason is not None:
            await self._notifier.post(
                meetup.channel_id,
                render.called_off_text(
                    meetup, called_off_reason, await self._settings.server_texts(meetup.guild_id)
                ),
                reply_to=meetup.poll_message_id,
                nonce=nonce_for("o", meetup.id),
            )
        elif meetup.status is MeetupStatus.SCHEDULED and meetup.announcement_message_id is None:
            await self._announce(meetup)

    async def _announce(self, meetup: Meetup) -> None:
        """Reply to the poll with the outcome and a calendar file; mirror it as a server event."""
        rsvps = await self._rsvps.for_meetup(meetup.id)
        series = await self._series.of(meetup)
        calendar = await self._calendars.file(meetup, include_address=False, series=series)
        texts = await self._settings.server_texts(meetup.guild_id)
        message_id = await self._notifier.announce(meetup, rsvps, texts, files=[calendar], series=series)
        async with self._db.transaction():
            await self._meetups.set_announcement(meetup.id, message_id)
        announced = await self._meetups.get(meetup.id)
        assert announced is not None
        self._background.spawn(self._notifier.add_reactions(meetup.channel_id, message_id, RSVP_EMOJI))
        going = [r.user_id for r in rsvps if r.status is RsvpStatus.GOING]
        self._background.spawn(send_private_address(self._notifier, self._settings, announced, going))
        if not await self._events.publish(announced):
            hinted = await self._meetups.get(meetup.id)
            if hinted is not None and hinted.events_hint:
                await self._notifier.edit_announcement(hinted, rsvps, texts, series)

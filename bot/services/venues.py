"""Venues: suggesting places while the poll is open, setting one later, and the server's memory."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.clock import Clock
from bot.db.database import Database
from bot.db.meetups import MeetupRepository
from bot.db.rsvps import RsvpRepository
from bot.db.venues import VenueRepository
from bot.domain.errors import UserError
from bot.domain.messages import lazy
from bot.domain.model import Meetup, MeetupStatus, VenueOption, VoteKind
from bot.domain.permissions import Action, Actor, authorize
from bot.domain.poll import MAX_REACTIONS_PER_MESSAGE, MAX_VENUE_OPTIONS, emoji_for
from bot.domain.proposal import clip
from bot.domain.venues import (
    RememberedVenue,
    check_venue,
    complete_from_memory,
    memory_entry,
    rank,
    venue_key,
)
from bot.notifier import DiscordNotifier
from bot.presentation import polls as render
from bot.presentation.common import STATUS, plain
from bot.services.meetups import MeetupService
from bot.services.polls import PollService
from bot.services.reminders import ReminderService
from bot.services.tasks import MeetupLocks

log = logging.getLogger(__name__)


class VenueService:
    def __init__(
        self,
        database: Database,
        meetups: MeetupRepository,
        rsvps: RsvpRepository,
        venues: VenueRepository,
        notifier: DiscordNotifier,
        polls: PollService,
        meetup_service: MeetupService,
        reminders: ReminderService,
        clock: Clock,
        locks: MeetupLocks,
    ) -> None:
        self._db = database
        self._meetups = meetups
        self._rsvps = rsvps
        self._venues = venues
        self._notifier = notifier
        self._polls = polls
        self._meetup_service = meetup_service
        self._reminders = reminders
        self._clock = clock
        self._lock = locks

    async def remembered(self, guild_id: int, typed: str = "") -> list[RememberedVenue]:
        return rank(await self._venues.in_guild(guild_id), typed)

    async def complete(self, guild_id: int, venues: Sequence[VenueOption]) -> list[VenueOption]:
        return complete_from_memory(venues, await self._venues.in_guild(guild_id))

    async def venue(
        self, guild_id: int, number: int, actor: Actor, name: str, address: str | None, link: str | None
    ) -> tuple[Meetup, str]:
        """Suggest a place on an open poll, or set the place of a scheduled meetup."""
        meetup = await self._meetup_service.find(guild_id, number)
        name, address, link = check_venue(name, address, link)
        if meetup.status is MeetupStatus.POLLING:
            return meetup, await self._suggest(meetup, actor, name, address, link)
        if meetup.status is MeetupStatus.SCHEDULED:
            authorize(Action.SET_VENUE, actor, meetup)
            return await self._set(meetup, actor, name, address, link), "set"
        raise UserError(
            "Meetup #{number} is {state}; its venue can no longer change.",
            number=meetup.number,
            state=STATUS[meetup.status],
        )

    async def _suggest(
        self, meetup: Meetup, actor: Actor, name: str, address: str | None, link: str | None
    ) -> str:
        async with self._lock(meetup.id):
            options = await self._meetups.venue_options(meetup.id)
            dates = await self._meetups.date_options(meetup.id)
            if any(venue_key(o.name) == venue_key(name) for o in options):
                raise UserError(
                    "`{typed}` is already on the poll; vote for it with its letter.", typed=clip(name, 60)
                )
            if len(options) >= MAX_VENUE_OPTIONS:
                raise UserError(
                    "Meetup #{number} already has {most} venues, the most a poll can hold.",
                    number=meetup.number,
                    most=MAX_VENUE_OPTIONS,
                )
            if len(options) + len(dates) >= MAX_REACTIONS_PER_MESSAGE:
                raise UserError(
                    "Meetup #{number}'s poll has {dates} dates and {venues} venues: Discord allows"
                    " {most} different reactions on a message, so no more venues fit.",
                    number=meetup.number,
                    dates=len(dates),
                    venues=len(options),
                    most=MAX_REACTIONS_PER_MESSAGE,
                )
            (suggestion,) = await self.complete(
                meetup.guild_id, [VenueOption(len(options) + 1, name, address, link, actor.user_id)]
            )
            async with self._db.transaction():
                await self._meetups.add_venues(meetup.id, [suggestion])
            self._polls.forget(meetup.id)
        await self._polls.refresh(meetup.id)
        if meetup.poll_message_id is not None:
            emoji = emoji_for(VoteKind.VENUE, suggestion.position)
            await self._notifier.add_reactions(meetup.channel_id, meetup.poll_message_id, [emoji])
            return emoji
        return ""

    async def _set(
        self, meetup: Meetup, actor: Actor, name: str, address: str | None, link: str | None
    ) -> Meetup:
        (venue,) = await self.complete(meetup.guild_id, [VenueOption(0, name, address, link, actor.user_id)])
        async with self._lock(meetup.id), self._db.transaction():
            await self._meetups.set_venue(meetup.id, venue, venue_key(venue.name))
            await self._meetups.bump_calendar(meetup.id)
            await self._venues.remember(
                meetup.guild_id, *memory_entry(venue, private_address=meetup.private_address)
            )
        changed = await self._meetups.get(meetup.id)
        assert changed is not None
        await self._meetup_service.announce_change(
            changed,
            lambda texts: render.venue_set_text(changed, actor.user_id, texts),
            lazy("the venue is now {venue}.", venue=plain(venue.name, 100)),
        )
        return changed

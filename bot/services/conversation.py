"""Planning a meetup from a conversation: reading messages for times, people and places."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.db.database import Database
from bot.db.venues import VenueRepository
from bot.db.watch import WatchRepository
from bot.domain.conversation import ChatMessage, Plan, offer_wanted, participants, plan_from, suggests_meeting
from bot.domain.model import Meetup
from bot.domain.permissions import Action, Actor, authorize
from bot.domain.settings import ServerSettings
from bot.services.polls import PollService, Proposal
from bot.services.settings import SettingsService

OFFER_COOLDOWN = timedelta(hours=1)
"""The least time between two offers in one channel, so a lively chat is not nagged."""


class ConversationService:
    def __init__(
        self,
        database: Database,
        watches: WatchRepository,
        venues: VenueRepository,
        polls: PollService,
        settings: SettingsService,
        clock: Clock,
    ) -> None:
        self._db = database
        self._watches = watches
        self._venues = venues
        self._polls = polls
        self._settings = settings
        self._clock = clock

    async def _now(self, guild_id: int) -> tuple[datetime, ServerSettings]:
        settings = await self._settings.for_guild(guild_id)
        return self._clock.now().astimezone(settings.timezone), settings

    async def plan(self, guild_id: int, conversation: Sequence[ChatMessage]) -> Plan:
        """What ``conversation`` (oldest first) says about a meetup; nothing is stored."""
        now, settings = await self._now(guild_id)
        remembered = [venue.name for venue in await self._venues.in_guild(guild_id)]
        return plan_from(conversation, now=now, languages=settings.languages, venues=remembered)

    async def propose(self, proposal: Proposal, conversation: Sequence[ChatMessage]) -> Meetup:
        """Post the poll as ``/meetup propose`` would, inviting everyone who took part but the organizer."""
        invitees = tuple(
            person.id for person in participants(conversation) if person.id != proposal.organizer_id
        )
        return await self._polls.propose(replace(proposal, invitees=invitees))

    async def watch(self, guild_id: int, channel_id: int, actor: Actor, on: bool) -> bool:
        """Turn watching a channel on or off; returns whether it was watched before."""
        authorize(Action.WATCH_CHANNEL, actor)
        async with self._db.transaction():
            return await self._watches.set_watching(guild_id, channel_id, on)

    async def offer(self, guild_id: int, channel_id: int, message: ChatMessage) -> bool:
        """Whether to offer planning after ``message``; True also records the offer.

        The cheap test of the words comes first, since every message in every channel passes
        here; the cooldown is claimed last and atomically, so one offer goes out per hour.
        """
        if message.author.is_bot or not suggests_meeting(message.content):
            return False
        if not await self._watches.is_watched(channel_id):
            return False
        now, settings = await self._now(guild_id)
        if not offer_wanted(message, now=now, languages=settings.languages):
            return False
        async with self._db.transaction():
            return await self._watches.claim_offer(channel_id, now, OFFER_COOLDOWN)

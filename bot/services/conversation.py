"""Planning a meetup from a conversation: reading messages for times, people and places."""

from __future__ import annotations

from bot.clock import Clock
from bot.db.database import Database
from bot.db.venues import VenueRepository
from bot.db.watch import WatchRepository
from bot.services.polls import PollService
from bot.services.settings import SettingsService


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

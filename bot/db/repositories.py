"""Every table's repository on one database, as the composition root hands them to services."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.database import Database
from bot.db.deliveries import DeliveryRepository
from bot.db.meetups import MeetupRepository
from bot.db.members import MemberRepository
from bot.db.nudges import NudgeRepository
from bot.db.recaps import RecapRepository
from bot.db.rsvps import RsvpRepository
from bot.db.series import SeriesRepository
from bot.db.settings import SettingsRepository
from bot.db.venues import VenueRepository
from bot.db.votes import InviteRepository, VoteRepository
from bot.db.watch import WatchRepository


@dataclass(frozen=True)
class Repositories:
    """Every table's repository, all on one database; services take the ones they use."""

    meetups: MeetupRepository
    nudges: NudgeRepository
    members: MemberRepository
    settings: SettingsRepository
    votes: VoteRepository
    invites: InviteRepository
    rsvps: RsvpRepository
    deliveries: DeliveryRepository
    venues: VenueRepository
    watches: WatchRepository
    recaps: RecapRepository
    series: SeriesRepository

    @classmethod
    def on(cls, database: Database) -> Repositories:
        return cls(
            meetups=MeetupRepository(database),
            nudges=NudgeRepository(database),
            members=MemberRepository(database),
            settings=SettingsRepository(database),
            votes=VoteRepository(database),
            invites=InviteRepository(database),
            rsvps=RsvpRepository(database),
            deliveries=DeliveryRepository(database),
            venues=VenueRepository(database),
            watches=WatchRepository(database),
            recaps=RecapRepository(database),
            series=SeriesRepository(database),
        )

"""The composition root: read config, open the database, wire services, build the bot.

Everything is constructed here and handed down; no module reaches for a global. The only
process-wide setting is where discord.py sends its requests (``api_base``, ``gateway_url``),
which discord.py keeps on its own classes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import discord
import yarl
from discord.ext import commands

from bot.clock import Clock, SystemClock
from bot.config import Config
from bot.db.database import Database
from bot.db.deliveries import DeliveryRepository
from bot.db.meetups import MeetupRepository
from bot.db.members import MemberRepository
from bot.db.nudges import NudgeRepository
from bot.db.recaps import RecapRepository
from bot.db.rsvps import RsvpRepository
from bot.db.settings import SettingsRepository
from bot.db.venues import VenueRepository
from bot.db.votes import InviteRepository, VoteRepository
from bot.db.watch import WatchRepository
from bot.notifier import DiscordNotifier
from bot.replies import MeetupTree
from bot.scheduling import NudgeScheduler
from bot.services.calendars import CalendarFiles, ScheduledEvents
from bot.services.conversation import ConversationService
from bot.services.meetups import MeetupService
from bot.services.nudges import NudgeService
from bot.services.polls import PollService
from bot.services.recap import RecapService
from bot.services.reminders import ReminderService
from bot.services.rsvps import RsvpService
from bot.services.settings import SettingsService
from bot.services.tasks import Background, MeetupLocks
from bot.services.venues import VenueService

log = logging.getLogger(__name__)

EXTENSIONS = (
    "cogs.help",
    "cogs.meetups",
    "cogs.polls",
    "cogs.reactions",
    "cogs.reminders",
    "cogs.venues",
    "cogs.recap",
    "cogs.settings",
    "cogs.conversation",
)


@dataclass
class Services:
    """What the cogs may call; each is a use case with its dependencies already wired."""

    nudges: NudgeService
    settings: SettingsService
    polls: PollService
    meetups: MeetupService
    rsvps: RsvpService
    reminders: ReminderService
    venues: VenueService
    conversation: ConversationService
    recap: RecapService


def point_discord_py_at(api_base: str, gateway_url: str) -> None:
    """Send REST and gateway traffic to ``api_base``/``gateway_url`` (Discord, or a compatible server)."""
    discord.http.Route.BASE = api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def intents_for(config: Config) -> discord.Intents:
    """Only what the features use: guilds, messages and reactions (and message text if enabled)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.guild_reactions = True
    intents.message_content = config.discord.message_content_intent
    return intents


class MeetupBot(commands.Bot):
    def __init__(
        self,
        config: Config,
        database: Database,
        scheduler: NudgeScheduler,
        clock: Clock,
        *,
        start_scheduler: bool = True,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents_for(config),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=MeetupTree,
            guild_ready_timeout=config.discord.guild_ready_timeout.total_seconds(),
        )
        self.config = config
        self.database = database
        self.scheduler = scheduler
        self.services: Services
        self.background: Background
        self.clock = clock
        self._start_scheduler = start_scheduler
        self.meetup_group = discord.app_commands.Group(
            name="meetup", description="Plan meetups: propose dates, vote, get reminded", guild_only=True
        )

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self._gather_meetup_commands()
        if self._start_scheduler:
            count = await self.scheduler.start()
            log.info("schedule rebuilt from the database: %d nudges due within the horizon", count)

    def _gather_meetup_commands(self) -> None:
        """Make every cog's slash command a subcommand of ``/meetup``.

        discord.py binds a cog's commands to the cog, but a group can only be declared in one
        place; so cogs declare plain commands and they are moved under one group here.
        """
        for cog in self.cogs.values():
            for command in cog.get_app_commands():
                if isinstance(command, discord.app_commands.Command):
                    self.tree.remove_command(command.name)
                    self.meetup_group.add_command(command)
        self.tree.add_command(self.meetup_group)

    async def close(self) -> None:
        await self.scheduler.shutdown()
        self.services.polls.shutdown()
        self.services.rsvps.shutdown()
        await self.background.cancel_all()
        await super().close()
        await self.database.close()


async def build_bot(config: Config, *, clock: Clock | None = None, start_scheduler: bool = True) -> MeetupBot:
    """Wire every part from the configuration; the database is opened and migrated here."""
    clock = clock or SystemClock()
    point_discord_py_at(config.discord.api_base, config.discord.gateway_url)
    database = await Database.open(config.storage.target)
    meetups = MeetupRepository(database)
    scheduler = NudgeScheduler(clock)
    nudges = NudgeService(
        database, NudgeRepository(database), meetups, scheduler, clock, late_grace=config.meetups.late_grace
    )
    scheduler.bind(nudges.fire, nudges.pending_before)
    members = MemberRepository(database)
    settings = SettingsService(database, SettingsRepository(database), members, config.meetups)
    bot = MeetupBot(config, database, scheduler, clock, start_scheduler=start_scheduler)
    notifier = DiscordNotifier(bot)
    votes, invites, rsvps = VoteRepository(database), InviteRepository(database), RsvpRepository(database)
    defaults = config.meetups
    calendars = CalendarFiles(settings, clock)
    events = ScheduledEvents(database, meetups, settings, notifier)
    reminders = ReminderService(
        database,
        meetups,
        rsvps,
        votes,
        invites,
        members,
        DeliveryRepository(database),
        nudges,
        notifier,
        calendars,
        clock,
    )
    locks, background = MeetupLocks(), Background()
    bot.background = background
    venue_repository = VenueRepository(database)
    polls = PollService(
        database,
        meetups,
        votes,
        invites,
        rsvps,
        venue_repository,
        nudges,
        notifier,
        settings,
        calendars,
        events,
        clock,
        locks,
        background,
    )
    meetup_service = MeetupService(
        database,
        meetups,
        votes,
        rsvps,
        nudges,
        notifier,
        polls,
        reminders,
        settings,
        calendars,
        events,
        clock,
        locks,
    )
    rsvp_service = RsvpService(
        database,
        meetups,
        rsvps,
        members,
        notifier,
        clock,
        locks,
        drop_out_window=defaults.drop_out_window,
        refresh_delay=defaults.poll_refresh_delay,
    )
    bot.services = Services(
        nudges=nudges,
        settings=settings,
        polls=polls,
        meetups=meetup_service,
        rsvps=rsvp_service,
        reminders=reminders,
        venues=VenueService(
            database,
            meetups,
            rsvps,
            venue_repository,
            notifier,
            polls,
            meetup_service,
            reminders,
            clock,
            locks,
        ),
        conversation=ConversationService(
            database, WatchRepository(database), venue_repository, polls, settings, clock
        ),
        recap=RecapService(
            database,
            meetups,
            rsvps,
            RecapRepository(database),
            nudges,
            notifier,
            polls,
            meetup_service,
            clock,
            locks,
            background,
            summary_after=defaults.recap_summary_after,
        ),
    )
    return bot

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
from discord.app_commands import locale_str
from discord.ext import commands

from bot.clock import Clock, SystemClock
from bot.config import Config
from bot.db.database import Database
from bot.db.repositories import Repositories
from bot.locales import CatalogTranslator
from bot.notifier import DiscordNotifier
from bot.pacing import Pacer
from bot.replies import MeetupTree
from bot.scheduling import NudgeScheduler
from bot.services.calendars import CalendarFeeds, CalendarFiles, ScheduledEvents
from bot.services.closing import ClosingService
from bot.services.conversation import ConversationService
from bot.services.meetups import MeetupService
from bot.services.nudges import NudgeService
from bot.services.polls import PollService
from bot.services.recap import RecapService
from bot.services.reminders import ReminderService
from bot.services.rsvps import RsvpService
from bot.services.series import SeriesService
from bot.services.settings import SettingsService
from bot.services.tasks import Background, MeetupLocks
from bot.services.venues import VenueService
from bot.web.metrics import Metrics
from bot.web.server import WebServer

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
    "cogs.series",
    "cogs.calendar_feed",
)


@dataclass
class Services:
    """What the cogs may call; each is a use case with its dependencies already wired."""

    nudges: NudgeService
    settings: SettingsService
    polls: PollService
    closing: ClosingService
    meetups: MeetupService
    rsvps: RsvpService
    reminders: ReminderService
    venues: VenueService
    conversation: ConversationService
    recap: RecapService
    series: SeriesService
    feeds: CalendarFeeds


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


class MeetupBot(commands.AutoShardedBot):
    """The bot, sharded the way ``[discord] shard_count``/``shard_ids`` say.

    discord.py's AutoShardedBot with neither set asks Discord for the recommended count and runs
    every shard in this process, so one process behaves as before; with both set, several
    processes split the shards between them.
    """

    def __init__(
        self,
        config: Config,
        database: Database,
        scheduler: NudgeScheduler,
        clock: Clock,
        metrics: Metrics,
        *,
        start_scheduler: bool = True,
    ) -> None:
        pacer = Pacer(config.discord.requests_per_second)
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents_for(config),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=MeetupTree,
            guild_ready_timeout=config.discord.guild_ready_timeout.total_seconds(),
            http_trace=pacer.trace(config.discord.api_base, metrics.rest_response),
            shard_count=config.discord.shard_count,
            shard_ids=list(config.discord.shard_ids) if config.discord.shard_ids is not None else None,
        )
        self.pacer = pacer
        self.config = config
        self.database = database
        self.scheduler = scheduler
        self.services: Services
        self.background: Background
        self.clock = clock
        self.metrics = metrics
        assert isinstance(self.tree, MeetupTree)
        self.tree.outcomes = metrics.interaction
        self.web: WebServer | None = None
        """Health, metrics and calendar feeds, with ``[web] listen``."""
        self._start_scheduler = start_scheduler
        self.meetup_group = discord.app_commands.Group(
            name="meetup",
            description=locale_str("Plan meetups: propose dates, vote, get reminded"),
            guild_only=True,
        )

    async def setup_hook(self) -> None:
        await self.tree.set_translator(CatalogTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self._gather_meetup_commands()
        if self.web is not None:
            await self.web.start()
        if self._start_scheduler:
            count = await self.scheduler.start()
            log.info("schedule rebuilt from the database: %d nudges due within the horizon", count)

    async def on_ready(self) -> None:
        """One line a host can wait for; READY comes again after every new gateway session."""
        assert self.user is not None
        log.info(
            "ready as %s (id %s): %d servers, shard %s of %s",
            self.user,
            self.user.id,
            len(self.guilds),
            self.shard_id if self.shard_id is not None else 0,
            self.shard_count or 1,
        )

    async def on_shard_connect(self, shard_id: int) -> None:
        self.metrics.shard_connected(shard_id)

    async def on_shard_resumed(self, shard_id: int) -> None:
        self.metrics.shard_resumed(shard_id)

    async def on_app_command_completion(
        self,
        interaction: discord.Interaction,
        command: discord.app_commands.Command | discord.app_commands.ContextMenu,
    ) -> None:
        await self.interaction_succeeded(interaction, command.qualified_name)

    async def interaction_succeeded(self, interaction: discord.Interaction, name: str) -> None:
        """Count a command, button or form that did its work, and keep the language the member
        used, which their DMs follow."""
        self.metrics.interaction(name, "ok")
        try:
            await self.services.settings.remember_language(interaction.user.id, interaction.locale.value)
        except Exception:
            log.warning("could not keep the language of member %s", interaction.user.id, exc_info=True)

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
        if self.web is not None:
            await self.web.stop()
        await super().close()
        await self.pacer.close()
        await self.database.close()


async def build_bot(config: Config, *, clock: Clock | None = None, start_scheduler: bool = True) -> MeetupBot:
    """Wire every part from the configuration; the database is opened and migrated here.

    The order is the table of contents: storage, the schedule, the bot and its notifier, then the
    use cases, each given what it uses by name.
    """
    clock = clock or SystemClock()
    point_discord_py_at(config.discord.api_base, config.discord.gateway_url)
    database = await Database.open(config.storage.target)
    metrics = Metrics()
    database.time_queries(metrics.query_took)
    repos = Repositories.on(database)
    defaults = config.meetups

    scheduler = NudgeScheduler(clock, takeover_every=defaults.nudge_takeover_every)
    nudges = NudgeService(
        database,
        repos.nudges,
        repos.meetups,
        scheduler,
        clock,
        late_grace=defaults.late_grace,
        lease=defaults.nudge_lease,
    )
    scheduler.bind(nudges.fire, nudges.pending_before, nudges.abandoned)

    bot = MeetupBot(config, database, scheduler, clock, metrics, start_scheduler=start_scheduler)
    notifier = DiscordNotifier(bot)
    locks, background = MeetupLocks(), Background()
    bot.background = background
    shared = {"database": database, "clock": clock}

    settings = SettingsService(
        database=database,
        settings=repos.settings,
        members=repos.members,
        defaults=defaults,
        guild_locale=notifier.guild_locale,
    )
    calendars = CalendarFiles(settings=settings, clock=clock)
    events = ScheduledEvents(database=database, meetups=repos.meetups, settings=settings, notifier=notifier)
    reminders = ReminderService(
        **shared,
        meetups=repos.meetups,
        rsvps=repos.rsvps,
        votes=repos.votes,
        invites=repos.invites,
        members=repos.members,
        deliveries=repos.deliveries,
        nudges=nudges,
        notifier=notifier,
        settings=settings,
        calendars=calendars,
        delivered=metrics.reminder_delivered,
    )
    polls = PollService(
        **shared,
        meetups=repos.meetups,
        votes=repos.votes,
        invites=repos.invites,
        rsvps=repos.rsvps,
        venues=repos.venues,
        nudges=nudges,
        notifier=notifier,
        settings=settings,
        calendars=calendars,
        events=events,
        locks=locks,
        background=background,
    )
    # Closing reads the final votes back and redraws the poll through the poll service.
    closing = ClosingService(
        **shared,
        meetups=repos.meetups,
        votes=repos.votes,
        rsvps=repos.rsvps,
        venues=repos.venues,
        series=repos.series,
        polls=polls,
        nudges=nudges,
        notifier=notifier,
        settings=settings,
        calendars=calendars,
        events=events,
        locks=locks,
        background=background,
    )
    # Cancelling or moving a meetup redraws its poll and tells those going (reminders' DMs).
    meetups = MeetupService(
        **shared,
        meetups=repos.meetups,
        votes=repos.votes,
        rsvps=repos.rsvps,
        series=repos.series,
        nudges=nudges,
        notifier=notifier,
        polls=polls,
        closing=closing,
        reminders=reminders,
        settings=settings,
        calendars=calendars,
        events=events,
        locks=locks,
    )
    rsvps = RsvpService(
        **shared,
        meetups=repos.meetups,
        rsvps=repos.rsvps,
        votes=repos.votes,
        members=repos.members,
        series=repos.series,
        notifier=notifier,
        settings=settings,
        locks=locks,
        drop_out_window=defaults.drop_out_window,
        refresh_delay=defaults.poll_refresh_delay,
    )
    # A venue suggested while polling redraws the poll; one set later is announced as a change.
    venues = VenueService(
        **shared,
        meetups=repos.meetups,
        rsvps=repos.rsvps,
        venues=repos.venues,
        notifier=notifier,
        polls=polls,
        meetup_service=meetups,
        reminders=reminders,
        locks=locks,
    )
    # Planning from a conversation, and "again?" after a recap, end in an ordinary proposal.
    conversation = ConversationService(
        **shared, watches=repos.watches, venues=repos.venues, polls=polls, settings=settings
    )
    recap = RecapService(
        **shared,
        meetups=repos.meetups,
        rsvps=repos.rsvps,
        recaps=repos.recaps,
        nudges=nudges,
        notifier=notifier,
        settings=settings,
        polls=polls,
        meetup_service=meetups,
        locks=locks,
        background=background,
        summary_after=defaults.recap_summary_after,
    )
    # A series posts each next occurrence as the closing of a poll does, and skips by cancelling.
    series = SeriesService(
        **shared,
        meetups=repos.meetups,
        series=repos.series,
        nudges=nudges,
        settings=settings,
        closing=closing,
        meetup_service=meetups,
        calendars=calendars,
    )
    bot.services = Services(
        nudges=nudges,
        settings=settings,
        polls=polls,
        closing=closing,
        meetups=meetups,
        rsvps=rsvps,
        reminders=reminders,
        venues=venues,
        conversation=conversation,
        recap=recap,
        series=series,
        feeds=CalendarFeeds(database, repos.settings, repos.meetups, repos.series, calendars, clock),
    )
    if config.web.listen is not None:
        bot.web = WebServer(config.web, bot, database, nudges, metrics, bot.services.feeds)
    return bot

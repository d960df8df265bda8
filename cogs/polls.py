"""Date polls after (re)connecting: votes cast while the bot was offline are read back, and outcomes
that could not be posted are posted once a server's channels or roles change (a permission given back)."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands

from bot.app import MeetupBot
from bot.domain.shards import Shards, in_server
from bot.pacing import Priority, paced_at

log = logging.getLogger(__name__)


class Polls(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.bot = bot
        self.polls = bot.services.polls
        self._reconciling: dict[int, asyncio.Task[None]] = {}

    @commands.Cog.listener()
    async def on_shard_ready(self, shard_id: int) -> None:
        """A fresh session of a shard (not a resume) may have missed reactions in its servers:
        read their polls and RSVPs again.

        This is the one thing done on every READY, because READY is exactly when events may have
        been lost; the schedule itself is rebuilt once, in ``setup_hook``. Only the servers of
        that shard are read (the others belong to other shards, maybe to other processes), and only
        what can still change (open polls, announcements of meetups still to come, outcomes never
        posted), one server after another at background priority, so members' posts go first and
        interaction replies are never paced at all.
        """
        running = self._reconciling.get(shard_id)
        if running is None or running.done():
            self._reconciling[shard_id] = asyncio.create_task(self._reconcile(shard_id))

    @commands.Cog.listener()
    async def on_guild_channel_update(
        self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        self.bot.background.spawn(self.bot.services.closing.reconcile(in_server(after.guild.id)))

    @commands.Cog.listener()
    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        self.bot.background.spawn(self.bot.services.closing.reconcile(in_server(after.guild.id)))

    @paced_at(Priority.BACKGROUND)
    async def _reconcile(self, shard_id: int) -> None:
        serves = Shards.of(self.bot.shard_count or 1, [shard_id]).serves
        try:
            await self.bot.services.closing.reconcile(serves)
            await self.polls.reconcile(serves)
            await self.bot.services.rsvps.reconcile(serves)
        except Exception:
            log.exception("reconciling open polls of shard %d failed", shard_id)


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Polls(bot))

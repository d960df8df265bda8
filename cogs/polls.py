"""Date polls after (re)connecting: votes cast while the bot was offline are read back, and outcomes
that could not be posted are posted once a server's channels or roles change (a permission given back)."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands

from bot.app import MeetupBot
from bot.pacing import Priority, paced_at

log = logging.getLogger(__name__)


class Polls(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.bot = bot
        self.polls = bot.services.polls
        self._reconciling: asyncio.Task[None] | None = None

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """A fresh session (not a resume) may have missed reactions: read polls and RSVPs again.

        This is the one thing done on every READY, because READY is exactly when events may have
        been lost; the schedule itself is rebuilt once, in ``setup_hook``. The catch-up is bounded:
        it reads only what can still change (open polls, announcements of meetups still to come,
        outcomes never posted), one server after another, one meetup at a time, at background
        priority, so members' posts go first and interaction replies are never paced at all.
        """
        if self._reconciling is None or self._reconciling.done():
            self._reconciling = asyncio.create_task(self._reconcile())

    @commands.Cog.listener()
    async def on_guild_channel_update(
        self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        self.bot.background.spawn(self.bot.services.closing.reconcile(after.guild.id))

    @commands.Cog.listener()
    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        self.bot.background.spawn(self.bot.services.closing.reconcile(after.guild.id))

    @paced_at(Priority.BACKGROUND)
    async def _reconcile(self) -> None:
        try:
            await self.bot.services.closing.reconcile()
            await self.polls.reconcile()
            await self.bot.services.rsvps.reconcile()
        except Exception:
            log.exception("reconciling open polls failed")


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Polls(bot))

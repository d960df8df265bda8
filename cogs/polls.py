"""Date-poll votes: reactions become votes, from raw events so uncached messages count too."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands

from bot.app import MeetupBot

log = logging.getLogger(__name__)


class Polls(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.bot = bot
        self.polls = bot.services.polls
        self._reconciling: asyncio.Task[None] | None = None

    def _is_member_reaction(self, payload: discord.RawReactionActionEvent) -> bool:
        if payload.guild_id is None or self.bot.user is None or payload.user_id == self.bot.user.id:
            return False
        return not (payload.member is not None and payload.member.bot)

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        if self._is_member_reaction(payload):
            await self.polls.vote(payload.message_id, payload.user_id, str(payload.emoji), added=True)

    @commands.Cog.listener()
    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        if self._is_member_reaction(payload):
            await self.polls.vote(payload.message_id, payload.user_id, str(payload.emoji), added=False)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """A fresh session (not a resume) may have missed reactions: read the open polls again.

        This is the one thing done on every READY, because READY is exactly when events may have
        been lost; the schedule itself is rebuilt once, in ``setup_hook``.
        """
        if self._reconciling is None or self._reconciling.done():
            self._reconciling = asyncio.create_task(self._reconcile())

    async def _reconcile(self) -> None:
        try:
            await self.polls.reconcile()
        except Exception:
            log.exception("reconciling open polls failed")


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Polls(bot))

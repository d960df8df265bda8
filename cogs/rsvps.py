"""RSVPs: ✅ ❔ ❌ reactions on an announcement become answers."""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.app import MeetupBot


class Rsvps(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.bot = bot
        self.rsvps = bot.services.rsvps

    def _from_member(self, payload: discord.RawReactionActionEvent) -> bool:
        if payload.guild_id is None or self.bot.user is None or payload.user_id == self.bot.user.id:
            return False
        return not (payload.member is not None and payload.member.bot)

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        if not self._from_member(payload):
            return
        if payload.member is not None and payload.guild_id is not None:
            await self.rsvps.remember(payload.guild_id, payload.user_id, payload.member.display_name)
        await self.rsvps.react(payload.message_id, payload.user_id, str(payload.emoji), added=True)

    @commands.Cog.listener()
    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        if self._from_member(payload):
            await self.rsvps.react(payload.message_id, payload.user_id, str(payload.emoji), added=False)


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Rsvps(bot))

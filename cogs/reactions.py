"""Every reaction, routed in order to the use case whose message it is on.

Votes live on polls, RSVPs on announcements, ratings and "again" on recap prompts. One listener
queues each event per message before anything else runs, so a member's quick "add, remove, add"
is applied in the order they made it.
"""

from __future__ import annotations

import discord
from discord.ext import commands

from bot import logs
from bot.app import MeetupBot
from bot.services.tasks import InOrder


class Reactions(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.in_order = InOrder(bot.background)

    def _from_member(self, payload: discord.RawReactionActionEvent) -> bool:
        if payload.guild_id is None or self.bot.user is None or payload.user_id == self.bot.user.id:
            return False
        return not (payload.member is not None and payload.member.bot)

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        if self._from_member(payload):
            self.in_order.submit(payload.message_id, lambda: self._apply(payload, added=True))

    @commands.Cog.listener()
    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        if self._from_member(payload):
            self.in_order.submit(payload.message_id, lambda: self._apply(payload, added=False))

    async def _apply(self, payload: discord.RawReactionActionEvent, *, added: bool) -> None:
        services, emoji = self.services, str(payload.emoji)
        logs.set_server(payload.guild_id)
        if added and payload.member is not None and payload.guild_id is not None:
            await services.rsvps.remember(payload.guild_id, payload.user_id, payload.member.display_name)
        if await services.polls.vote(payload.message_id, payload.user_id, emoji, added=added):
            return
        if await services.rsvps.react(payload.message_id, payload.user_id, emoji, added=added) is not None:
            return
        await services.recap.react(payload.message_id, payload.user_id, emoji, added=added)


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Reactions(bot))

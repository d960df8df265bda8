"""Planning from the conversation: the "Plan a meetup" message command and channel watching."""

from __future__ import annotations

from discord.ext import commands

from bot.app import MeetupBot


class Conversation(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.bot = bot
        self.conversation = bot.services.conversation


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Conversation(bot))

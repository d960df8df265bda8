"""After the meetup: ``/meetup repeat`` (ratings and 🔁 arrive through the reactions cog)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.app import MeetupBot
from bot.locales import member_texts
from bot.presentation import polls as polls_text
from bot.replies import reply
from cogs.common import actor, guild_id, meetup_choices


class Recap(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.bot = bot
        self.recap = bot.services.recap

    @app_commands.command(
        name="repeat",
        description=locale_str("Propose the next one of a past meetup: same place, same people"),
    )
    @app_commands.describe(
        meetup=locale_str("The meetup to repeat, e.g. 3"),
        dates=locale_str("Candidate times separated by ; e.g. fri 19:00"),
    )
    @app_commands.autocomplete(meetup=meetup_choices)
    async def repeat(
        self, interaction: discord.Interaction, meetup: int, dates: app_commands.Range[str, 1, 1000]
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        created = await self.recap.repeat(
            guild_id(interaction), meetup, actor(interaction), interaction.channel_id or 0, dates
        )
        await reply(interaction, polls_text.proposal_reply(created, member_texts(interaction)))


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Recap(bot))

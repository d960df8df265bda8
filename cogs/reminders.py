"""``/meetup reminders on|off``: a member's choice about reminder DMs."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.app import MeetupBot
from bot.locales import member_texts
from bot.replies import reply
from cogs.common import ON_OFF


class Reminders(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.reminders = bot.services.reminders

    @app_commands.command(
        name="reminders", description=locale_str("Turn your reminder DMs for meetups on or off")
    )
    @app_commands.describe(setting=locale_str("on: DM me before meetups I'm going to; off: don't"))
    @app_commands.choices(setting=ON_OFF)
    async def reminders_command(self, interaction: discord.Interaction, setting: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.reminders.set_reminders(interaction.user.id, setting == "on")
        texts = member_texts(interaction)
        if setting == "on":
            await reply(
                interaction, texts._("Reminders are on: you'll get a DM before meetups you're going to.")
            )
        else:
            await reply(
                interaction,
                texts._("Reminders are off. Turn them back on any time with `/meetup reminders on`."),
            )


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Reminders(bot))

"""``/meetup skip``: leave one date of a recurring meetup out."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.app import MeetupBot
from bot.domain.errors import UserError
from bot.locales import member_texts
from bot.presentation.series import occurrence_choice, skipped_reply
from bot.replies import reply
from cogs.common import actor, choice_for, guild_id

MAX_CHOICES = 25


class Series(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.series = bot.services.series

    @app_commands.command(
        name="skip", description=locale_str("Skip one date of a recurring meetup; the series goes on")
    )
    @app_commands.describe(
        meetup=locale_str("Any meetup of the series, e.g. 3"),
        date=locale_str("The date to skip, e.g. 17 dec"),
    )
    async def skip(
        self, interaction: discord.Interaction, meetup: int, date: app_commands.Range[str, 1, 100]
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        skipped = await self.series.skip(guild_id(interaction), meetup, actor(interaction), date)
        texts = member_texts(interaction)
        await reply(
            interaction,
            skipped_reply(skipped.meetup, skipped.occurrence, texts, was_posted=skipped.was_posted),
        )

    @skip.autocomplete("meetup")
    async def meetup_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        """Only meetups of a series still to come: the others have no dates to skip."""
        if interaction.guild_id is None:
            return []
        return [choice_for(found) for found in await self.series.search(interaction.guild_id, current)][
            :MAX_CHOICES
        ]

    @skip.autocomplete("date")
    async def date_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """The series' coming dates, in its own zone, matching what is typed."""
        number = getattr(interaction.namespace, "meetup", None)
        if interaction.guild_id is None or not isinstance(number, int):
            return []
        try:
            _, series, upcoming = await self.series.coming(interaction.guild_id, number)
        except UserError:
            return []
        texts = member_texts(interaction)
        choices = [occurrence_choice(moment, series.timezone, texts) for moment in upcoming]
        wanted = current.strip().casefold()
        return [
            app_commands.Choice(name=name, value=value)
            for name, value in choices
            if wanted in name.casefold()
        ][:MAX_CHOICES]


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Series(bot))

"""``/meetup venue`` (suggest or set a place) and ``/meetup venues`` (the server's memory)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.app import MeetupBot
from bot.locales import member_texts
from bot.presentation import venues as render
from bot.presentation.common import plain
from bot.replies import reply
from cogs.common import actor, guild_id, meetup_choices


class Venues(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.venues = bot.services.venues

    @app_commands.command(
        name="venue", description=locale_str("Suggest a place for an open poll, or set the place of a meetup")
    )
    @app_commands.describe(
        meetup=locale_str("The meetup, e.g. 3"),
        name=locale_str("The place, e.g. Pressklubben (places used here before are suggested)"),
        address=locale_str("Its street address"),
        link=locale_str("A map or web link"),
    )
    @app_commands.autocomplete(meetup=meetup_choices)
    async def venue(
        self,
        interaction: discord.Interaction,
        meetup: int,
        name: app_commands.Range[str, 1, 100],
        address: app_commands.Range[str, 1, 200] | None = None,
        link: app_commands.Range[str, 1, 300] | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        changed, emoji = await self.venues.venue(
            guild_id(interaction), meetup, actor(interaction), name, address, link
        )
        texts, place = member_texts(interaction), plain(name, 100)
        if emoji == "set":
            text = texts._(
                "Meetup #{number} will be at {venue}; everyone going was told.",
                number=changed.number,
                venue=place,
            )
        else:
            text = texts._(
                "{venue} is on the poll of meetup #{number}: vote with {emoji}.",
                venue=place,
                number=changed.number,
                emoji=emoji,
            )
        await reply(interaction, text)

    @venue.autocomplete("name")
    async def name_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Places this server has used, best rated and most used first, matching what is typed."""
        if interaction.guild_id is None:
            return []
        found = await self.venues.remembered(interaction.guild_id, current)
        texts = member_texts(interaction)
        return [
            app_commands.Choice(name=render.choice_label(v, texts), value=v.name[:100]) for v in found[:25]
        ]

    @app_commands.command(
        name="venues", description=locale_str("Places this server has met at, with ratings")
    )
    async def list_venues(self, interaction: discord.Interaction) -> None:
        found = await self.venues.remembered(guild_id(interaction))
        await reply(interaction, "", embed=render.venues_embed(found, member_texts(interaction)))


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Venues(bot))

"""``/meetup calendar``: a private link that puts this server's meetups into a member's calendar app."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.app import MeetupBot
from bot.domain.errors import UserError
from bot.locales import member_texts
from bot.replies import reply
from cogs.common import actor, guild_id


class CalendarFeed(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.bot = bot
        self.feeds = bot.services.feeds

    @app_commands.command(
        name="calendar",
        description=locale_str("A private link that puts this server's meetups in your calendar"),
    )
    @app_commands.describe(reset=locale_str("Make a new link and turn the old one off (Manage Events)"))
    async def calendar(self, interaction: discord.Interaction, reset: bool = False) -> None:
        server = guild_id(interaction)
        web = self.bot.web
        if web is None:
            raise UserError(
                "This bot has no calendar link to give: its host has not switched on its web server"
                " (`[web] listen` in the config file). Calendar files still come with every announcement."
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        token = await self.feeds.token(server, actor(interaction), reset=reset)
        url = f"{web.base_url}/calendar/{token}.ics"
        texts = member_texts(interaction)
        if reset:
            text = texts._(
                "The calendar link is new; the old one no longer works. Members who subscribed before"
                " need this one (each gets it with `/meetup calendar`):\n<{url}>",
                url=url,
            )
        else:
            text = texts._(
                "Subscribe to this link in your calendar app (Google Calendar: *Other calendars → From URL*;"
                " Apple Calendar: *File → New Calendar Subscription*; Outlook: *Add calendar → Subscribe from"
                " web*). It lists this server's meetups once they are announced and follows every change:\n"
                "<{url}>\nKeep it to yourself: anyone with the link can see the meetups.",
                url=url,
            )
        await reply(interaction, text)


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(CalendarFeed(bot))

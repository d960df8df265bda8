"""``/meetup settings`` (a server's own defaults) and ``/meetup me`` (a member's time zone)."""

from __future__ import annotations

import discord
from babel import Locale
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.app import MeetupBot
from bot.domain.bot_permissions import Need, describe_missing, granted_names, missing
from bot.domain.settings import describe, matching_timezones
from bot.i18n import LANGUAGES
from bot.locales import member_texts
from bot.replies import reply
from cogs.common import actor, guild_id

SERVER_ZONE = "server"


async def timezone_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=name) for name in matching_timezones(current)]


LANGUAGE_CHOICES = [
    app_commands.Choice(name=Locale.parse(code).display_name.capitalize(), value=code) for code in LANGUAGES
]
"""Each language the bot speaks, named in itself (English, Svenska), as everyone recognises their own."""


def _listing(values: dict[str, str]) -> str:
    return "\n".join(f"• `{key}`: {value}" for key, value in values.items())


class Settings(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.settings = bot.services.settings

    @app_commands.command(
        name="settings", description=locale_str("Show or change this server's meetup settings")
    )
    @app_commands.describe(
        timezone=locale_str("Time zone times are read in, e.g. Europe/Stockholm"),
        languages=locale_str("Languages times are read in, e.g. en, sv"),
        reminder_offsets=locale_str("When reminders go out before a meetup, e.g. 24h, 2h"),
        poll_duration=locale_str("How long polls stay open by default, e.g. 48h"),
        recap_delay=locale_str("How long after a meetup ends the recap is posted, e.g. 1h"),
        scheduled_events=locale_str(
            "Also show meetups under the server's Events (the bot needs Create Events)"
        ),
        series_lead=locale_str("How long before each meetup of a series its message is posted, e.g. 6d"),
        language=locale_str("The language of the bot's posts here (default: the server's language)"),
    )
    @app_commands.choices(language=LANGUAGE_CHOICES)
    @app_commands.autocomplete(timezone=timezone_choices)
    async def settings_command(
        self,
        interaction: discord.Interaction,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        languages: app_commands.Range[str, 1, 40] | None = None,
        reminder_offsets: app_commands.Range[str, 1, 80] | None = None,
        poll_duration: app_commands.Range[str, 1, 20] | None = None,
        recap_delay: app_commands.Range[str, 1, 20] | None = None,
        scheduled_events: bool | None = None,
        series_lead: app_commands.Range[str, 1, 20] | None = None,
        language: str | None = None,
    ) -> None:
        server, texts = guild_id(interaction), member_texts(interaction)
        typed = (
            timezone,
            languages,
            reminder_offsets,
            poll_duration,
            recap_delay,
            scheduled_events,
            series_lead,
            language,
        )
        if all(value is None for value in typed):
            current = await self.settings.for_guild(server)
            await reply(
                interaction, texts._("This server's meetup settings:") + "\n" + _listing(describe(current))
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        updated = await self.settings.change(
            server,
            actor(interaction),
            timezone=timezone,
            languages=languages,
            reminder_offsets=reminder_offsets,
            poll_duration=poll_duration,
            recap_delay=recap_delay,
            scheduled_events=scheduled_events,
            series_lead=series_lead,
            language=language,
        )
        text = texts._("Saved. New meetups here use:") + "\n" + _listing(describe(updated))
        granted = granted_names(lambda name: getattr(interaction.app_permissions, name))
        lacking = missing(Need.CREATE_EVENT, granted)
        if updated.scheduled_events and lacking:
            text += "\n" + texts._(
                "⚠️ Meetups will not appear under Events yet: {missing} (Server Settings → Roles).",
                missing=texts.message(describe_missing(Need.CREATE_EVENT, lacking)),
            )
        await reply(interaction, text)

    @app_commands.command(
        name="me", description=locale_str("Your own time zone, for reading the times you type")
    )
    @app_commands.describe(
        timezone=locale_str("e.g. America/New_York, or 'server' to use the server's again")
    )
    @app_commands.autocomplete(timezone=timezone_choices)
    async def me(self, interaction: discord.Interaction, timezone: app_commands.Range[str, 1, 64]) -> None:
        chosen = None if timezone.strip().lower() == SERVER_ZONE else timezone
        await interaction.response.defer(ephemeral=True, thinking=True)
        zone = await self.settings.set_member_timezone(interaction.user.id, chosen)
        texts = member_texts(interaction)
        if zone is None:
            await reply(interaction, texts._("Times you type are read in each server's own time zone again."))
        else:
            await reply(
                interaction,
                texts._(
                    "Times you type are now read in `{zone}`; everyone sees them in their own zone.",
                    zone=str(zone),
                ),
            )


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Settings(bot))

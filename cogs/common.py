"""Pieces every meetup cog shares: who is acting, and the ``meetup`` option's autocomplete."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str

from bot.domain.errors import UserError
from bot.domain.model import Meetup
from bot.domain.permissions import Actor
from bot.presentation.common import fit

if TYPE_CHECKING:
    from bot.app import MeetupBot

ON_OFF = [
    app_commands.Choice(name=locale_str("on"), value="on"),
    app_commands.Choice(name=locale_str("off"), value="off"),
]
"""An on/off option's choices: shown in the member's language, read back as ``on`` or ``off``."""


def actor(interaction: discord.Interaction) -> Actor:
    """The member as the permission rules see them (channel permissions, administrators included)."""
    permissions = interaction.permissions
    admin = permissions.administrator
    return Actor(
        interaction.user.id,
        manage_events=admin or permissions.manage_events,
        manage_guild=admin or permissions.manage_guild,
        manage_channels=admin or permissions.manage_channels,
    )


def guild_id(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise UserError("Meetups live in servers: use this command in a server channel, not in DMs.")
    return interaction.guild_id


async def meetup_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
    """``#N title`` choices for the ``meetup`` option, matching number or title as typed."""
    bot: MeetupBot = interaction.client  # type: ignore[assignment]
    if interaction.guild_id is None:
        return []
    found = await bot.services.meetups.search(interaction.guild_id, current)
    return [choice_for(m) for m in found[:25]]


def choice_for(meetup: Meetup) -> app_commands.Choice[int]:
    """``#N title`` as an autocomplete choice: choice names are shown as plain text, never as
    Markdown, so the title needs no escaping, only shortening."""
    return app_commands.Choice(name=fit(f"#{meetup.number} {meetup.title}", 100), value=meetup.number)

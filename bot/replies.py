"""The one place where a failed command becomes a reply the member can act on.

Cogs raise :class:`UserError` (or let a busy database surface); this tree turns either into an
ephemeral message, so nobody ever sees a traceback and every refusal reads the same way.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot import logs
from bot.db.database import DatabaseBusyError
from bot.domain.errors import UserError

log = logging.getLogger(__name__)

BUSY_MESSAGE = (
    "The bot's database is busy right now, so nothing was changed. Please try again in a few seconds."
)
FAILED_MESSAGE = (
    "Something went wrong on the bot's side, so nothing was changed. Please try again in a minute."
)


async def reply(
    interaction: discord.Interaction, content: str, *, embed: discord.Embed | None = None
) -> None:
    """Answer ephemerally, whether or not the interaction was deferred already."""
    kwargs: dict = {"content": content, "allowed_mentions": discord.AllowedMentions.none()}
    if embed is not None:
        kwargs["embed"] = embed
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=True, **kwargs)
    else:
        await interaction.response.send_message(ephemeral=True, **kwargs)


def _user_message(error: BaseException) -> str | None:
    while error is not None:
        if isinstance(error, UserError):
            return error.message
        if isinstance(error, DatabaseBusyError):
            return BUSY_MESSAGE
        if isinstance(error, app_commands.CheckFailure) and str(error):
            return str(error)
        error = error.__cause__ or getattr(error, "original", None)
    return None


class MeetupTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Runs in the task that handles the interaction, so its log lines name the server."""
        logs.set_server(interaction.guild_id)
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        message = _user_message(error)
        if message is None:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("command %s failed", command, exc_info=error)
            message = FAILED_MESSAGE
        try:
            await reply(interaction, message)
        except discord.HTTPException:
            log.warning("could not tell the member why their command failed", exc_info=True)

"""The one place where a failed command becomes a reply the member can act on.

Cogs raise :class:`UserError` (or let a busy database surface); this tree turns either into an
ephemeral message in the member's own language, so nobody ever sees a traceback and every
refusal reads the same way.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from typing import Any

import discord
from discord import app_commands

from bot import logs
from bot.db.database import DatabaseBusyError
from bot.domain.errors import UserError
from bot.domain.messages import marked
from bot.i18n import Texts
from bot.locales import member_texts

log = logging.getLogger(__name__)

BUSY_MESSAGE = marked(
    "The bot's database is busy right now, so nothing was changed. Please try again in a few seconds."
)
FAILED_MESSAGE = marked(
    "Something went wrong on the bot's side, so nothing was changed. Please try again in a minute."
)


async def reply(
    interaction: discord.Interaction,
    content: str,
    *,
    embed: discord.Embed | None = None,
    files: Sequence[tuple[str, bytes]] = (),
) -> None:
    """Answer ephemerally, whether or not the interaction was deferred already; ``files`` are
    (name, content) pairs, such as a calendar file."""
    kwargs: dict = {"content": content, "allowed_mentions": discord.AllowedMentions.none()}
    if embed is not None:
        kwargs["embed"] = embed
    if files:
        kwargs["files"] = [discord.File(io.BytesIO(data), filename=name) for name, data in files]
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=True, **kwargs)
    else:
        await interaction.response.send_message(ephemeral=True, **kwargs)


def _answer(error: BaseException, texts: Texts) -> tuple[str, str]:
    """The outcome (refused, busy, failed) and what the member is told."""
    while error is not None:
        if isinstance(error, UserError):
            return "refused", texts.message(error.text)
        if isinstance(error, DatabaseBusyError):
            return "busy", texts._(BUSY_MESSAGE)
        if isinstance(error, app_commands.CheckFailure) and str(error):
            return "refused", str(error)
        error = error.__cause__ or getattr(error, "original", None)
    return "failed", texts._(FAILED_MESSAGE)


def interaction_name(interaction: discord.Interaction) -> str:
    """What metrics and logs call an interaction: a command's full name, or for a button or a form
    (which are not commands) its kind and the fixed start of its custom id, ``form meetup:plan``."""
    if interaction.command is not None:
        return interaction.command.qualified_name
    kind = "form" if interaction.type is discord.InteractionType.modal_submit else "button"
    custom_id = str((interaction.data or {}).get("custom_id", ""))
    return f"{kind} {':'.join(custom_id.split(':')[:2])}"


def _ignore(command: str, outcome: str) -> None:
    """Outcomes go nowhere until the composition root hands the tree a listener."""


class MeetupTree(app_commands.CommandTree):
    """Answers every failure privately, and reports every command's outcome to ``outcomes``."""

    def __init__(self, client: discord.Client, **options: Any) -> None:
        super().__init__(client, **options)
        self.outcomes: Callable[[str, str], None] = _ignore

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Runs in the task that handles the interaction, so its log lines name the server."""
        logs.set_server(interaction.guild_id)
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        command = interaction_name(interaction)
        outcome, message = _answer(error, member_texts(interaction))
        self.outcomes(command, outcome)
        if outcome == "failed":
            log.error("command %s failed", command, exc_info=error)
        try:
            await reply(interaction, message)
        except discord.HTTPException:
            log.warning("could not tell the member why their command failed", exc_info=True)

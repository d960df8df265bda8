"""Small formatting pieces shared by every message."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

COLOUR = discord.Colour(0x5865F2)
MAX_DESCRIPTION = 4096


def stamp(moment: datetime, style: str = "F") -> str:
    """A Discord timestamp: every reader sees it in their own time zone and language."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def when(moment: datetime) -> str:
    """Full date and time plus the relative form ("in 2 days")."""
    return f"{stamp(moment, 'F')} ({stamp(moment, 'R')})"


def mention(user_id: int) -> str:
    return f"<@{user_id}>"


def people(user_ids: Sequence[int], *, limit: int = 15) -> str:
    """Mentions (which render as names and never ping inside embeds), with the overflow counted."""
    if not user_ids:
        return "nobody yet"
    shown = ", ".join(mention(user_id) for user_id in user_ids[:limit])
    hidden = len(user_ids) - limit
    return shown if hidden <= 0 else f"{shown} and {hidden} more"


def plain(text: str, limit: int) -> str:
    """User text made safe to show: markdown and mentions neutralised, length capped."""
    escaped = discord.utils.escape_mentions(discord.utils.escape_markdown(text))
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def fit(text: str, limit: int = MAX_DESCRIPTION) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def jump_url(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


MENTIONS_PER_MESSAGE = 40
"""Mentions per message: Discord caps a message at 2,000 characters and its pings at 100 users."""


def in_batches(user_ids: Sequence[int], size: int = MENTIONS_PER_MESSAGE) -> list[list[int]]:
    """Members split into groups small enough to mention in one message each."""
    return [list(user_ids[start : start + size]) for start in range(0, len(user_ids), size)] or [[]]

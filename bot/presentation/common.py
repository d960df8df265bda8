"""Small formatting pieces shared by every message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

import discord

from bot.domain.messages import Message, lazy
from bot.domain.model import MeetupStatus
from bot.i18n import Texts

COLOUR = discord.Colour(0x5865F2)
MAX_DESCRIPTION = 4096


STATUS: dict[MeetupStatus, Message] = {
    MeetupStatus.POLLING: lazy("voting"),
    MeetupStatus.SCHEDULED: lazy("scheduled"),
    MeetupStatus.DONE: lazy("done"),
    MeetupStatus.CANCELLED: lazy("cancelled"),
}
"""A meetup's status in words, in the reader's language."""


def stamp(moment: datetime, style: str = "F") -> str:
    """A Discord timestamp: every reader sees it in their own time zone and language."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def when(moment: datetime) -> str:
    """Full date and time plus the relative form ("in 2 days")."""
    return f"{stamp(moment, 'F')} ({stamp(moment, 'R')})"


def mention(user_id: int) -> str:
    return f"<@{user_id}>"


def people(user_ids: Sequence[int], texts: Texts, *, limit: int = 15) -> str:
    """Mentions (which render as names and never ping inside embeds), with the overflow counted."""
    if not user_ids:
        return texts._("nobody yet")
    shown = ", ".join(mention(user_id) for user_id in user_ids[:limit])
    hidden = len(user_ids) - limit
    return shown if hidden <= 0 else texts._("{shown} and {count} more", shown=shown, count=hidden)


INLINE_MARKUP = frozenset("\\*_~|`[]()<")
"""Characters that make markup anywhere in a line: emphasis, spoilers, code, masked links, and
``<...>`` mentions, emoji and timestamps."""
LINE_START_MARKUP = re.compile(r"^[ \t]*(?:([#>+-])|\d+(\.))", re.MULTILINE)
"""What makes markup only at the start of a line: headings, subtext, quotes and lists."""


def _escaped_pieces(text: str) -> list[str]:
    """``text`` as a list of pieces, each a character or a character with its escape."""
    text = discord.utils.escape_mentions(text)
    line_starts = {match.start(match.lastindex or 0) for match in LINE_START_MARKUP.finditer(text)}
    return [
        "\\" + char if char in INLINE_MARKUP or index in line_starts else char
        for index, char in enumerate(text)
    ]


def plain(text: str, limit: int) -> str:
    """Member text made safe to show: it renders exactly as typed, within ``limit`` characters.

    Markup characters are escaped, so the text can never become a masked link, a heading, a
    code block that swallows the rest of the message, a spoiler or a mention, wherever it is put,
    even inside the bot's own link text. Mentions of everyone and of ids are broken with a
    zero-width space. A long text is cut between whole characters and their escapes, never
    leaving a lone backslash that would escape what the bot writes after it.
    """
    pieces = _escaped_pieces(text)
    if sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    kept, used = [], 0
    for piece in pieces:
        if used + len(piece) > limit - 1:
            break
        kept.append(piece)
        used += len(piece)
    return "".join(kept) + "…"


def fit(text: str, limit: int = MAX_DESCRIPTION) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def web_link(url: str) -> str:
    """A link a member gave on purpose (a venue's map), shown as the address itself: Discord then
    shows its real host, which a masked ``[text](url)`` would hide, and the angle brackets keep it
    from unfurling a preview. Only http(s) addresses get this far (``venue.link`` is checked)."""
    return f"<{url}>"


def jump_url(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


MENTIONS_PER_MESSAGE = 40
"""Mentions per message: Discord caps a message at 2,000 characters and its pings at 100 users."""


def in_batches(user_ids: Sequence[int], size: int = MENTIONS_PER_MESSAGE) -> list[list[int]]:
    """Members split into groups small enough to mention in one message each."""
    return [list(user_ids[start : start + size]) for start in range(0, len(user_ids), size)] or [[]]

"""How a reader's Discord client shows markup: names, times, buttons and reactions.

:class:`Reader` holds what the display depends on besides the message itself:
who is reading from which time zone, at which moment, and the world that names
the ids in ``<@…>``, ``<#…>`` and ``<@&…>``. Both the terminal transcript and
the HTML page read through it, so the two never disagree on a name or a time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from local_discord.model import LOADING, Channel, Message, Reaction, User
from local_discord.state import World

MARKUP = re.compile(
    r"<@!?(?P<user>\d+)>|<@&(?P<role>\d+)>|<#(?P<channel>\d+)>"
    r"|<t:(?P<unix>-?\d+)(?::(?P<style>[tTdDfFR]))?>"
    r"|<a?:(?P<emoji>\w+):\d+>|</(?P<command>[\w -]+):\d+>"
)
"""Discord's angle-bracket markup: mentions, timestamps, custom emoji and command links."""

ESCAPED = re.compile(r"\\([^\w\s])")
"""A backslash before punctuation only stops it from being markdown; readers never see the backslash."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
BUTTON_STYLES = {1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "link"}
SELECT_MENUS = (3, 5, 6, 7, 8)


def relative(moment: dt.datetime, now: dt.datetime) -> str:
    """``in 2 days`` / ``3 hours ago``, rounded with the thresholds Discord's client uses."""
    seconds = (moment - now).total_seconds()
    phrase = _humanise(abs(seconds))
    return f"in {phrase}" if seconds >= 0 else f"{phrase} ago"


def _humanise(seconds: float) -> str:
    def rounded(unit: float) -> int:
        return int(seconds / unit + 0.5)

    days = rounded(86400)
    steps: list[tuple[bool, str]] = [
        (seconds < 45, "a few seconds"),
        (seconds < 90, "a minute"),
        (rounded(60) < 45, f"{rounded(60)} minutes"),
        (rounded(60) < 90, "an hour"),
        (rounded(3600) < 22, f"{rounded(3600)} hours"),
        (rounded(3600) < 36, "a day"),
        (days < 26, f"{days} days"),
        (days < 45, "a month"),
        (days < 320, f"{int(days / 30.4 + 0.5)} months"),
        (days < 548, "a year"),
    ]
    return next((phrase for fits, phrase in steps if fits), f"{int(days / 365.25 + 0.5)} years")


class Piece(NamedTuple):
    """How one piece of markup reads: text, kind (``mention``, ``time``, ``emoji``, ``raw``), tooltip."""

    text: str
    kind: str
    title: str = ""


def controls(rows: list[dict[str, Any]]) -> list[list[tuple[str, str]]]:
    """A message's buttons and menus, row by row, as (style, label): what a reader could click."""
    shown = []
    for row in rows:
        cells = []
        for item in row.get("components") or []:
            if item.get("type") == 2:
                style = BUTTON_STYLES.get(item.get("style", 2), "secondary")
                label = f"{(item.get('emoji') or {}).get('name') or ''} {item.get('label') or ''}".strip()
                cells.append((style + (" disabled" if item.get("disabled") else ""), label))
            elif item.get("type") in SELECT_MENUS:
                cells.append(("select", item.get("placeholder") or "Make a selection"))
        if cells:
            shown.append(cells)
    return shown


def emoji_text(reaction: Reaction) -> str:
    """A reaction's emoji as text; custom emoji are images on Discord, so they show by name."""
    return reaction.emoji_name if reaction.emoji_id is None else f":{reaction.emoji_name}:"


def _long_date(local: dt.datetime) -> str:
    # Spelled out by hand: strftime's %A and %B follow the process locale, which a reader never chose.
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


@dataclass(frozen=True)
class Reader:
    """One person looking at the world from ``zone`` at ``now``."""

    world: World
    zone: dt.tzinfo
    now: dt.datetime

    # -- times ---------------------------------------------------------------------------

    def stamp(self, moment: dt.datetime, style: str = "f") -> str:
        """A moment in one of ``<t:…>``'s styles (``f`` when the markup names none)."""
        local = moment.astimezone(self.zone)
        match style:
            case "t":
                return f"{local:%H:%M}"
            case "T":
                return f"{local:%H:%M:%S}"
            case "d":
                return f"{local:%d/%m/%Y}"
            case "D":
                return _long_date(local)
            case "F":
                return f"{WEEKDAYS[local.weekday()]} {_long_date(local)} {local:%H:%M}"
            case "R":
                return relative(moment, self.now)
            case _:
                return f"{_long_date(local)} {local:%H:%M}"

    def sent_at(self, moment: dt.datetime) -> str:
        """A message's time as its header shows it: ``Today at 18:02``, else the date."""
        local = moment.astimezone(self.zone)
        days = (self.now.astimezone(self.zone).date() - local.date()).days
        if days in (0, 1):
            return f"{'Today' if days == 0 else 'Yesterday'} at {local:%H:%M}"
        return f"{local:%d/%m/%Y %H:%M}"

    def day(self, moment: dt.datetime) -> dt.date:
        """The reader's calendar day of a moment, which decides where date dividers go."""
        return moment.astimezone(self.zone).date()

    # -- names -------------------------------------------------------------------------------

    def name(self, user: User, guild_id: int | None) -> str:
        """The name shown for ``user``: their nickname in the guild, else their display name."""
        member = self.world.guilds[guild_id].members.get(user.id) if guild_id in self.world.guilds else None
        return (member.nick if member else None) or user.display_name

    def name_of_id(self, user_id: int, guild_id: int | None) -> str:
        """Like :meth:`name` for an id taken from markup, which may name nobody known."""
        user = self.world.users.get(user_id)
        return "unknown-user" if user is None else self.name(user, guild_id)

    def channel_label(self, channel_id: int) -> str:
        """``#name`` for channels and threads, as a ``<#…>`` link reads."""
        channel = self.world.channels.get(channel_id)
        if channel is None:
            return "#unknown"
        if channel.is_dm:
            return f"@{self.name_of_id(self.recipient(channel), None)}"
        return f"#{channel.name}"

    def recipient(self, channel: Channel) -> int:
        """The person on the other end of a DM channel with the bot."""
        others = [i for i in channel.recipient_ids if i != self.world.bot_user_id]
        return others[0] if others else self.world.bot_user_id

    def where(self, message: Message) -> str:
        """Where a message appeared: ``#general``, ``thread: Dinner?``, ``DM to Bob``."""
        channel = self.world.channels[message.channel_id]
        if channel.is_thread:
            return f"thread: {channel.name}"
        if channel.is_dm:
            direction = "to" if message.author.id == self.world.bot_user_id else "from"
            return f"DM {direction} {self.name_of_id(self.recipient(channel), None)}"
        return f"#{channel.name}"

    def ephemeral_viewer(self, message: Message) -> str:
        """Whom an ephemeral message is shown to: the person whose interaction it answers."""
        user = (message.interaction_metadata or {}).get("user") or {}
        return self.name_of_id(int(user.get("id", 0)), message.guild_id) if user else "one person"

    def command(self, message: Message) -> tuple[str, str] | None:
        """Who used which command, for a command's response (Discord shows ``Alice used /meetup``)."""
        metadata = message.interaction_metadata or {}
        if "name" not in metadata:
            return None
        user_id = int(metadata.get("user", {}).get("id", 0))
        return self.name_of_id(user_id, message.guild_id), f"/{metadata['name']}"

    def replied_to(self, message: Message) -> Message | None:
        """The message this one replies to, while it still exists."""
        reference = message.message_reference or {}
        found = self.world.messages.get(int(reference.get("message_id", 0)))
        return None if found is None or found.deleted else found

    def thinking(self, message: Message) -> bool:
        """A deferred response still shown as ``… is thinking``."""
        return bool(message.flags & LOADING) and not message.content and not message.embeds

    # -- markup ------------------------------------------------------------------------------

    def resolve(self, match: re.Match[str], guild_id: int | None) -> Piece:
        """What one match of :data:`MARKUP` reads as in a message of ``guild_id``."""
        if match["user"]:
            return Piece(f"@{self.name_of_id(int(match['user']), guild_id)}", "mention")
        if match["role"]:
            guild = self.world.guilds.get(guild_id or 0)
            role = guild.roles.get(int(match["role"])) if guild else None
            return Piece(f"@{role.name.lstrip('@') if role else 'deleted-role'}", "mention")
        if match["channel"]:
            return Piece(self.channel_label(int(match["channel"])), "mention")
        if match["unix"]:
            try:
                moment = dt.datetime.fromtimestamp(int(match["unix"]), dt.UTC)
            except (OverflowError, OSError, ValueError):
                # Anyone can type <t:99999999999999:F>; it must not break the page for everyone else.
                return Piece(match[0], "raw")
            return Piece(self.stamp(moment, match["style"] or "f"), "time", self.stamp(moment, "F"))
        if match["emoji"]:
            return Piece(f":{match['emoji']}:", "emoji")
        return Piece(f"/{match['command']}", "mention")

    def plain(self, text: str, guild_id: int | None) -> str:
        """Text with markup resolved and escapes dropped; markdown markers stay, as a terminal shows them."""
        resolved = MARKUP.sub(lambda m: self.resolve(m, guild_id).text, text)
        return ESCAPED.sub(r"\1", resolved)

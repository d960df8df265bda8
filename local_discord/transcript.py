"""What happens on the loopback Discord, as the people in it would read it.

A demo plays a whole meetup against :class:`~local_discord.server.LocalDiscord`
and shows it while it happens: :meth:`Transcript.new_messages` hands over what
appeared or changed since the last look, :meth:`Transcript.text_lines` flattens a
message for a terminal, and :meth:`Transcript.html` draws everything as a Discord
window (:meth:`Transcript.excerpt_html` draws a few messages, for a picture of one
moment). Markup reads the way a client in ``zone`` shows it at ``now``: mentions
as names, ``<t:…>`` as dates or as ``in 2 days``.

Ephemeral messages are shown, marked with the one person who sees them: a demo
is easier to follow when the replies to someone's commands are visible too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo

from local_discord.interactions import Modal
from local_discord.model import Message
from local_discord.server import LocalDiscord
from local_discord.snowflake import now as utc_now
from local_discord.state import World
from local_discord.transcript_html import excerpt, page
from local_discord.transcript_reader import Reader, controls, emoji_text

STOCKHOLM = ZoneInfo("Europe/Stockholm")
INDENT = " " * len("[18:00] ")
"""Continuation lines start under the message text, not under its time."""

FeedKind = Literal["new", "edited", "deleted"]


@dataclass(frozen=True)
class FeedEntry:
    """One change a person watching would notice: a message appeared, was edited, or vanished."""

    message: Message
    kind: FeedKind
    where: str
    lines: tuple[str, ...]

    @property
    def from_bot(self) -> bool:
        """Whether the bot wrote it, for callers that colour or filter the feed."""
        return self.message.author.bot

    def text(self) -> str:
        """The entry ready to print: where it happened, then the message lines aligned under it."""
        mark = {"new": "", "edited": "✎ ", "deleted": "✖ "}[self.kind]
        prefix = f"{self.where} │ "
        first, *rest = self.lines
        return "\n".join([prefix + mark + first, *(" " * len(prefix) + line for line in rest)])


def narration(text: str) -> str:
    """A line for what someone did rather than said (``» Bob reacts 1️⃣ on the poll``), apart from posts."""
    first, *rest = text.splitlines() or [""]
    return "\n".join([f"» {first}", *(f"  {line}" for line in rest)])


def text_lines(reader: Reader, message: Message) -> list[str]:
    """A message flattened for a terminal; markdown markers stay, since a terminal cannot show bold."""
    guild_id = message.guild_id
    lines: list[str] = []
    command = reader.command(message)
    if command is not None:
        lines.append(f"↪ {command[0]} used {command[1]}")
    elif message.message_reference is not None:
        original = reader.replied_to(message)
        replied = reader.name(original.author, original.guild_id) if original else "a deleted message"
        lines.append(f"↪ reply to {replied}")
    author = reader.name(message.author, guild_id)
    if reader.thinking(message):
        body = [f"{author} is thinking…"]
    else:
        body = reader.plain(message.content, guild_id).split("\n")
    edited = " (edited)" if message.edited_timestamp else ""
    shown = f"🤖 {author}" if message.author.bot else author
    lines.append(f"[{reader.stamp(message.timestamp, 't')}] {shown}: {body[0]}{edited}".rstrip())
    lines.extend(INDENT + line for line in body[1:])
    for embed in message.embeds:
        lines.extend(f"{INDENT}┃ {line}".rstrip() for line in _embed_lines(reader, embed, guild_id))
    lines.extend(f"{INDENT}📎 {attachment.filename}" for attachment in message.attachments)
    for row in controls(message.components):
        lines.append(
            INDENT + "  ".join(f"[▾ {label}]" if s == "select" else f"[{label}]" for s, label in row)
        )
    reactions = [f"{emoji_text(r)} {r.count}" for r in message.reactions if r.count]
    if reactions:
        lines.append(INDENT + "  ".join(reactions))
    if message.ephemeral:
        lines.append(f"{INDENT}👁 only {reader.ephemeral_viewer(message)} can see this")
    return lines


def _embed_lines(reader: Reader, embed: dict[str, Any], guild_id: int | None) -> list[str]:
    lines: list[str] = []
    if (embed.get("author") or {}).get("name"):
        lines.append(str(embed["author"]["name"]))
    if embed.get("title"):
        lines.append(reader.plain(str(embed["title"]), guild_id))
    if embed.get("description"):
        lines.extend(reader.plain(str(embed["description"]), guild_id).split("\n"))
    for field in embed.get("fields") or []:
        lines.append(reader.plain(str(field.get("name", "")), guild_id))
        lines.extend(f"  {line}" for line in reader.plain(str(field.get("value", "")), guild_id).split("\n"))
    if (embed.get("footer") or {}).get("text"):
        lines.append(str(embed["footer"]["text"]))
    return lines


class Transcript:
    """Reads a LocalDiscord's world for people: terminal lines, a live feed and an HTML page.

    ``clock`` supplies ``now`` for relative times when a call gives none, so a demo
    running on a simulated clock can pass its own.
    """

    def __init__(
        self,
        source: LocalDiscord | World,
        *,
        zone: dt.tzinfo = STOCKHOLM,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.world = source.world if isinstance(source, LocalDiscord) else source
        self.zone = zone
        self.clock = clock
        self._reported_edits: dict[int, int] = {}
        self._reported_gone: set[int] = set()

    def reader(self, *, now: dt.datetime | None = None, zone: dt.tzinfo | None = None) -> Reader:
        """The display rules for one moment and zone, defaulting to the clock and the transcript's zone."""
        return Reader(self.world, zone or self.zone, now or self.clock())

    def text_lines(
        self, message: Message, *, now: dt.datetime | None = None, zone: dt.tzinfo | None = None
    ) -> list[str]:
        """``[HH:MM] Author: content`` and below it embeds, files, buttons, reactions and markers."""
        return text_lines(self.reader(now=now, zone=zone), message)

    def where(self, message: Message) -> str:
        """``#general``, ``thread: …``, ``DM to Bob`` or ``DM from Bob``."""
        return self.reader().where(message)

    def new_messages(self, *, now: dt.datetime | None = None) -> list[FeedEntry]:
        """What appeared, was edited or was deleted since the last call, in the order it happened.

        A message both created and edited since the last call is reported once, as
        new, in its current form; later edits report it again as ``edited``.
        """
        reader = self.reader(now=now)
        found: list[tuple[dt.datetime, int, FeedEntry]] = []
        for message in list(self.world.messages.values()):
            reported = self._reported_edits.get(message.id)
            if message.deleted:
                if reported is not None and message.id not in self._reported_gone:
                    self._reported_gone.add(message.id)
                    gone = self._gone(reader, message)
                    found.append((reader.now, message.id, gone))
                continue
            if reported is None:
                kind: FeedKind = "new"
                moment = message.timestamp
            elif message.edits > reported:
                kind = "edited"
                moment = message.edited_timestamp or message.timestamp
            else:
                continue
            self._reported_edits[message.id] = message.edits
            entry = FeedEntry(message, kind, reader.where(message), tuple(text_lines(reader, message)))
            found.append((moment, message.id, entry))
        found.sort(key=lambda item: (item[0], item[1]))
        return [entry for _, _, entry in found]

    @staticmethod
    def _gone(reader: Reader, message: Message) -> FeedEntry:
        author = reader.name(message.author, message.guild_id)
        line = f"[{reader.stamp(message.timestamp, 't')}] {author}'s message was deleted"
        return FeedEntry(message, "deleted", reader.where(message), (line,))

    def html(self, title: str, *, now: dt.datetime | None = None, zone: dt.tzinfo | None = None) -> str:
        """One self-contained page laid out like Discord: channels and threads, DMs in a side column."""
        return page(self.reader(now=now, zone=zone), title)

    def excerpt_html(
        self,
        messages: Iterable[Message],
        *,
        title: str = "",
        now: dt.datetime | None = None,
        zone: dt.tzinfo | None = None,
        modal: Modal | None = None,
    ) -> str:
        """A page of just ``messages`` (and threads started on them), with ``modal`` open over
        them if given, sized for a picture of one moment."""
        return excerpt(self.reader(now=now, zone=zone), title, messages, modal)

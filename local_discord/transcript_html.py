"""The loopback Discord's transcript as one HTML page laid out like Discord.

The page is self-contained (inline CSS, no scripts, fonts or images) so it can
be opened from disk or screenshotted anywhere. Every piece of user or bot text
goes through :func:`html.escape` before it reaches the page.

:class:`PageWriter` builds messages, embeds, buttons and reactions in Python; the
frame around them and the stylesheet are package files in ``templates/``
(``page.html`` for the whole transcript, ``excerpt.html`` for a picture of one
moment, ``transcript.css`` for both), so the layout and the look can be changed
without reading the code. The frames hold no whitespace between tags, like the
rest of the page, so each is one line plus the line the stylesheet starts on.

The frames are filled by :class:`string.Template`, not Jinja2. They have a few
holes and no logic: the one choice (a DM column or none) and all escaping stay in
Python, next to the text they concern. Moving the per-message markup into Jinja2
templates would spread it over many files and make the exact output depend on
whitespace rules, and Jinja2 would be a new dependency of the bot's distribution
for what only the demo uses. ``substitute`` does not scan what it inserts, so a
``$`` in a title or a message stays as written, and it raises on a missing value
instead of leaving a blank.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from functools import cache
from html import escape
from importlib.resources import files
from string import Template
from typing import Any

from local_discord.interactions import Modal
from local_discord.model import Channel, Message, User
from local_discord.transcript_markdown import Markdown, attribute
from local_discord.transcript_reader import Reader, controls, emoji_text

TEMPLATES = files("local_discord") / "templates"
"""Shipped as package data, read through importlib.resources so an installed wheel finds them too."""

GROUP_SECONDS = 7 * 60
"""Discord folds a message under the previous one when the same author wrote again this soon."""

AVATAR_COLOURS = ("#3ba55c", "#faa61a", "#ed4245", "#eb459f", "#1abc9c", "#e67e22", "#9b59b6", "#3498db")
BOT_COLOUR = "#5865f2"
DEFAULT_EMBED_BAR = "#1e1f22"
PREVIEW_LINES = 3
PREVIEW_CHARACTERS = 300
"""More than the widest page shows of a reply's preview; the rest is cut by the stylesheet."""


def _web_link(url: object) -> str | None:
    """Only web addresses become links, whoever wrote them."""
    text = str(url)
    return text if text.startswith(("https://", "http://")) else None


@cache
def _template(name: str) -> Template:
    """A frame from ``templates/``, read once: every page of a run uses the same ones."""
    return Template(TEMPLATES.joinpath(name).read_text(encoding="utf-8"))


@cache
def _style() -> str:
    """The stylesheet every page inlines, so a page opened from disk needs nothing beside it."""
    return TEMPLATES.joinpath("transcript.css").read_text(encoding="utf-8")


def avatar_colour(user: User) -> str:
    """A colour per person that stays the same across runs, since ids are time-based and names are not."""
    if user.bot:
        return BOT_COLOUR
    return AVATAR_COLOURS[zlib.crc32(user.username.encode()) % len(AVATAR_COLOURS)]


def _initial(name: str) -> str:
    return escape(name[:1].upper() or "?")


def _data_channel(reader: Reader, channel: Channel) -> str:
    if channel.is_dm:
        recipient = reader.world.users.get(reader.recipient(channel))
        return f"dm:{recipient.username if recipient else 'unknown'}"
    return channel.name or str(channel.id)


class PageWriter:
    """Builds the page's parts; one instance per rendering, since ``now`` and the zone are fixed in it."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def messages(self, channel: Channel, messages: Iterable[Message]) -> Iterator[str]:
        """A channel's messages with date dividers, folding quick follow-ups as Discord does.

        A thread started on a message follows right below it, so its talk stays next to its cause.
        """
        previous: Message | None = None
        for message in messages:
            day = self.reader.day(message.timestamp)
            if previous is None or self.reader.day(previous.timestamp) != day:
                yield f'<div class="divider"><span>{escape(self.reader.stamp(message.timestamp, "D"))}</span></div>'
                previous = None
            folded = (
                previous is not None
                and previous.author is message.author
                and (message.timestamp - previous.timestamp).total_seconds() < GROUP_SECONDS
                and message.message_reference is None
                and message.interaction_metadata is None
                and not (message.ephemeral or previous.ephemeral)
            )
            yield self.message(channel, message, folded=folded)
            started = self.reader.world.channels.get(message.thread_id or 0)
            if started is not None:
                yield self.thread(started)
            previous = message

    def thread(self, thread: Channel) -> str:
        """A thread as a box: its name, how many messages, and the messages themselves."""
        posts = self.reader.world.history(thread.id)
        count = f"{len(posts)} message{'s' if len(posts) != 1 else ''}"
        body = "".join(self.messages(thread, posts))
        return (
            f'<section class="thread" id="c{thread.id}" data-channel="{attribute(thread.name)}">'
            f'<div class="thread-head">🧵 <b>{escape(thread.name or "")}</b> · {count}</div>{body}</section>'
        )

    def message(self, channel: Channel, message: Message, *, folded: bool) -> str:
        """One message element, addressable as ``#m<id>`` by tests running in a browser."""
        reader = self.reader
        author = reader.name(message.author, message.guild_id)
        classes = ["msg"] + (["folded"] if folded else []) + (["ephemeral"] if message.ephemeral else [])
        head = ""
        if not folded:
            tag = '<span class="bot-tag">BOT</span>' if message.author.bot else ""
            head = (
                f'<div class="avatar" style="background:{avatar_colour(message.author)}">{_initial(author)}</div>'
                f'<div class="head"><span class="author">{escape(author)}</span>{tag}'
                f'<time datetime="{attribute(message.timestamp.isoformat())}">'
                f"{escape(reader.sent_at(message.timestamp))}</time></div>"
            )
        parts = [
            self._above(message),
            head,
            f'<div class="body">{self._content(message, author)}',
            *(self.embed(embed, message.guild_id) for embed in message.embeds),
            self._attachments(message),
            self._components(message.components),
            self._reactions(message),
            self._ephemeral_note(message),
            "</div>",
        ]
        return (
            f'<article class="{" ".join(classes)}" id="m{message.id}" data-author="{attribute(message.author.username)}"'
            f' data-author-id="{message.author.id}" data-channel="{attribute(_data_channel(reader, channel))}"'
            f' data-channel-id="{channel.id}" data-bot="{str(message.author.bot).lower()}">'
            f"{''.join(parts)}</article>"
        )

    def _above(self, message: Message) -> str:
        """The small line over a reply or a command response, with its curved spine."""
        reader = self.reader
        command = reader.command(message)
        if command is not None:
            user_name, used = command
            return (
                f'<div class="above"><span class="mini" style="background:{BOT_COLOUR}">/</span>'
                f'<span class="above-name">{escape(user_name)}</span> used <span class="cmd">{escape(used)}</span></div>'
            )
        if message.message_reference is None:
            return ""
        original = reader.replied_to(message)
        if original is None:
            return '<div class="above"><i>Original message was deleted</i></div>'
        name = reader.name(original.author, original.guild_id)
        # Discord renders the preview's Markdown on one line and lets the width cut it off.
        first = " ".join(original.content.split("\n")[:PREVIEW_LINES])[:PREVIEW_CHARACTERS]
        snippet = Markdown(reader, original.guild_id).inline(first)
        return (
            f'<div class="above" data-reply-to="m{original.id}">'
            f'<span class="mini" style="background:{avatar_colour(original.author)}">{_initial(name)}</span>'
            f'<span class="above-name">@{escape(name)}</span> <span class="snippet">{snippet}</span></div>'
        )

    def _content(self, message: Message, author: str) -> str:
        edited = '<span class="edited"> (edited)</span>' if message.edited_timestamp else ""
        if self.reader.thinking(message):
            return f'<div class="content thinking">{escape(author)} is thinking…</div>'
        if not message.content:
            return f'<div class="content">{edited}</div>' if edited and not message.embeds else ""
        return f'<div class="content">{Markdown(self.reader, message.guild_id).blocks(message.content)}{edited}</div>'

    def embed(self, embed: dict[str, Any], guild_id: int | None) -> str:
        """A rich embed as Discord's card: colour bar, author, title, description, fields, footer."""
        markdown = Markdown(self.reader, guild_id)
        colour = embed.get("color")
        bar = f"#{int(colour):06x}" if isinstance(colour, int) else DEFAULT_EMBED_BAR
        parts = []
        if (embed.get("author") or {}).get("name"):
            parts.append(f'<div class="embed-author">{escape(embed["author"]["name"])}</div>')
        if embed.get("title"):
            title = markdown.inline(str(embed["title"]))
            link = _web_link(embed.get("url"))
            if link:
                title = f'<a href="{attribute(link)}">{title}</a>'
            parts.append(f'<div class="embed-title">{title}</div>')
        if embed.get("description"):
            parts.append(f'<div class="embed-desc">{markdown.blocks(str(embed["description"]))}</div>')
        fields = [
            f'<div class="field{" inline" if field.get("inline") else ""}">'
            f'<div class="field-name">{markdown.inline(str(field.get("name", "")))}</div>'
            f'<div class="field-value">{markdown.blocks(str(field.get("value", "")))}</div></div>'
            for field in embed.get("fields") or []
        ]
        if fields:
            parts.append(f'<div class="fields">{"".join(fields)}</div>')
        if (embed.get("footer") or {}).get("text"):
            parts.append(f'<div class="embed-footer">{escape(embed["footer"]["text"])}</div>')
        return f'<div class="embed" style="border-left-color:{bar}">{"".join(parts)}</div>'

    def _attachments(self, message: Message) -> str:
        files = "".join(
            f'<div class="file">📄 <span class="file-name">{escape(a.filename)}</span>'
            f'<span class="file-size">{_size(a.size)}</span></div>'
            for a in message.attachments
        )
        return f'<div class="files">{files}</div>' if files else ""

    def _components(self, rows: list[dict[str, Any]]) -> str:
        return "".join(
            '<div class="row">'
            + "".join(
                f'<span class="{"select" if style == "select" else f"button {style}"}">{escape(label)}</span>'
                for style, label in row
            )
            + "</div>"
            for row in controls(rows)
        )

    def _reactions(self, message: Message) -> str:
        pills = []
        for reaction in message.reactions:
            if not reaction.count:
                continue
            emoji = emoji_text(reaction)
            who = ", ".join(self.reader.name_of_id(i, message.guild_id) for i in reaction.user_ids)
            pills.append(
                f'<span class="reaction" data-emoji="{attribute(emoji)}" data-count="{reaction.count}"'
                f' title="{attribute(who)}"><span class="emoji">{escape(emoji)}</span>'
                f' <span class="count">{reaction.count}</span></span>'
            )
        return f'<div class="reactions">{"".join(pills)}</div>' if pills else ""

    def _ephemeral_note(self, message: Message) -> str:
        if not message.ephemeral:
            return ""
        viewer = escape(self.reader.ephemeral_viewer(message))
        return f'<div class="ephemeral-note">👁 Only {viewer} can see this</div>'


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024:.1f} KB" if size < 1024**2 else f"{size / 1024**2:.1f} MB"


def page(reader: Reader, title: str) -> str:
    """The whole transcript: guild channels with their threads in the middle, DMs by person on the right."""
    world = reader.world
    writer = PageWriter(reader)
    sidebar: list[str] = []
    sections: list[str] = []
    for guild in world.guilds.values():
        sidebar.append(f'<div class="guild">{escape(guild.name)}</div>')
        channels = [world.channels[i] for i in guild.channel_ids if i in world.channels]
        for channel in (c for c in channels if not c.is_thread and not c.is_dm):
            posts = world.history(channel.id)
            threads = [c for c in channels if c.is_thread and c.parent_id == channel.id]
            sidebar.append(
                f'<a class="chan" href="#c{channel.id}"><span class="hash">#</span>{escape(channel.name or "")}</a>'
            )
            sidebar.extend(
                f'<a class="chan sub" href="#c{t.id}">└ {escape(t.name or "")}</a>' for t in threads
            )
            if not posts and not threads:
                continue
            started = {m.thread_id for m in posts}
            loose = "".join(writer.thread(t) for t in threads if t.id not in started)
            topic = f'<span class="topic">{escape(channel.topic)}</span>' if channel.topic else ""
            sections.append(
                f'<section class="channel" id="c{channel.id}" data-channel="{attribute(channel.name)}">'
                f'<h2 class="chan-head"><span class="hash">#</span>{escape(channel.name or "")}{topic}</h2>'
                f"{''.join(writer.messages(channel, posts))}{loose}</section>"
            )
    dms = []
    for channel in (c for c in world.channels.values() if c.is_dm):
        posts = world.history(channel.id)
        if posts:
            name = escape(reader.name_of_id(reader.recipient(channel), None))
            dms.append(
                f'<section class="dm" id="c{channel.id}" data-channel="{attribute(_data_channel(reader, channel))}">'
                f'<h2 class="dm-head">DMs to {name}</h2>{"".join(writer.messages(channel, posts))}</section>'
            )
    main = "".join(sections) or '<p class="empty">Nothing has been said yet.</p>'
    aside = f'<aside class="dms"><h1 class="bar">Direct messages</h1>{"".join(dms)}</aside>' if dms else ""
    return _template("page.html").substitute(
        title=escape(title), style=_style(), sidebar="".join(sidebar), main=main, aside=aside
    )


PARAGRAPH = 2
"""A text input's style for several lines; the other (1) is one line."""


def modal(opened: Modal) -> str:
    """A form the bot opened, as Discord shows it over the chat: its title, each input with its
    label and the text it was prefilled with, and the buttons under it."""
    inputs = []
    for item in opened.fields:
        label = f"<label>{escape(item.label or item.custom_id)}{'<i>*</i>' if item.required else ''}</label>"
        value = escape(item.value or "")
        box = (
            f'<div class="input paragraph">{value}</div>'
            if item.style == PARAGRAPH
            else f'<div class="input">{value}</div>'
        )
        inputs.append(f'<div class="field" data-field="{attribute(item.custom_id)}">{label}{box}</div>')
    return (
        f'<div class="modal-backdrop"><section class="modal" data-modal="{attribute(opened.custom_id)}">'
        f"<h3>{escape(opened.title)}</h3>{''.join(inputs)}"
        '<div class="modal-buttons"><span class="cancel">Cancel</span><span class="button primary">Submit</span></div>'
        "</section></div>"
    )


def excerpt(reader: Reader, title: str, messages: Iterable[Message], opened: Modal | None = None) -> str:
    """Only ``messages``, each with the thread started on it, under the name of where it was posted,
    and the form ``opened`` over them if one is given.

    A picture of one moment (a poll, a reminder) reads best without the server around it; a
    message may be a copy kept from earlier, to show it as it looked then.
    """
    writer = PageWriter(reader)
    parts: list[str] = []
    heading = None
    for message in messages:
        where = reader.where(message)
        if where != heading:
            parts.append(f'<h2 class="chan-head">{escape(where)}</h2>')
            heading = where
        parts.append(writer.message(reader.world.channels[message.channel_id], message, folded=False))
        started = reader.world.channels.get(message.thread_id or 0)
        if started is not None:
            parts.append(writer.thread(started))
    if opened is not None:
        parts.append(modal(opened))
    return _template("excerpt.html").substitute(title=escape(title), style=_style(), main="".join(parts))

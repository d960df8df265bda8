"""The loopback Discord's transcript as one HTML page laid out like Discord.

The page is self-contained (inline CSS, no scripts, fonts or images) so it can
be opened from disk or screenshotted anywhere. Every piece of user or bot text
goes through :func:`html.escape` before it reaches the page.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from html import escape
from typing import Any

from local_discord.model import Channel, Message, User
from local_discord.transcript_markdown import Markdown, attribute
from local_discord.transcript_reader import Reader, controls, emoji_text

GROUP_SECONDS = 7 * 60
"""Discord folds a message under the previous one when the same author wrote again this soon."""

AVATAR_COLOURS = ("#3ba55c", "#faa61a", "#ed4245", "#eb459f", "#1abc9c", "#e67e22", "#9b59b6", "#3498db")
BOT_COLOUR = "#5865f2"
DEFAULT_EMBED_BAR = "#1e1f22"


def _web_link(url: object) -> str | None:
    """Only web addresses become links, whoever wrote them."""
    text = str(url)
    return text if text.startswith(("https://", "http://")) else None


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
        snippet = reader.plain(original.content, original.guild_id).replace("\n", " ")
        snippet = snippet if len(snippet) <= 80 else snippet[:79] + "…"
        return (
            f'<div class="above" data-reply-to="m{original.id}">'
            f'<span class="mini" style="background:{avatar_colour(original.author)}">{_initial(name)}</span>'
            f'<span class="above-name">@{escape(name)}</span> <span class="snippet">{escape(snippet)}</span></div>'
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
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f'<nav class="sidebar">{"".join(sidebar)}</nav>'
        f'<main class="chat"><h1 class="bar">{escape(title)}</h1>{main}</main>{aside}</body></html>\n'
    )


def excerpt(reader: Reader, title: str, messages: Iterable[Message]) -> str:
    """Only ``messages``, each with the thread started on it, under the name of where it was posted.

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
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f'<body class="excerpt"><main class="chat">{"".join(parts)}</main></body></html>\n'
    )


STYLE = """
*{box-sizing:border-box}
body{margin:0;display:flex;min-height:100vh;background:#313338;color:#dbdee1;
 font:16px/1.375 "gg sans","Noto Sans","Helvetica Neue",Helvetica,Arial,sans-serif;--raised:#2b2d31;--line:#3f4147}
a{color:#00a8fc;text-decoration:none}
.sidebar{width:220px;flex:none;background:#2b2d31;padding:12px 8px;font-size:15px}
.guild{color:#f2f3f5;font-weight:700;padding:4px 8px 12px;border-bottom:1px solid #1f2023;margin-bottom:8px}
.chan{display:block;color:#949ba4;padding:5px 8px;border-radius:4px;font-weight:500}
.chan:hover{background:#35373c;color:#dbdee1}
.chan.sub{padding-left:22px;font-size:14px}
.hash{color:#80848e;margin-right:6px;font-weight:400}
.chat{flex:1;min-width:0;padding-bottom:24px}
.bar{margin:0;height:48px;padding:0 16px;display:flex;align-items:center;font-size:16px;color:#f2f3f5;
 border-bottom:1px solid #1f2023;box-shadow:0 1px 0 rgba(0,0,0,.2)}
.chan-head{font-size:20px;color:#f2f3f5;margin:20px 16px 4px;display:flex;align-items:baseline;gap:2px}
.topic{font-size:14px;color:#949ba4;font-weight:400;margin-left:12px}
.divider{display:flex;align-items:center;margin:16px 16px 8px;color:#949ba4;font-size:12px;font-weight:600}
.divider::before,.divider::after{content:"";flex:1;border-top:1px solid var(--line)}
.divider span{padding:0 8px}
.msg{display:grid;grid-template-columns:40px minmax(0,1fr);column-gap:16px;padding:2px 48px 2px 16px;margin-top:14px}
.msg.folded{margin-top:0}
.msg:hover{background:rgba(2,2,2,.06)}
.msg.ephemeral{background:rgba(88,101,242,.07)}
.avatar{grid-row:span 2;width:40px;height:40px;border-radius:50%;display:flex;align-items:center;
 justify-content:center;color:#fff;font-weight:600;font-size:18px;margin-top:2px}
.head{display:flex;align-items:baseline;gap:4px}
.author{color:#f2f3f5;font-weight:500}
.bot-tag{background:#5865f2;color:#fff;font-size:10px;font-weight:600;border-radius:3px;padding:1px 4px;
 line-height:14px;position:relative;top:-2px}
time{color:#949ba4;font-size:12px;margin-left:4px}
.body{grid-column:2;min-width:0}
.content{white-space:pre-wrap;overflow-wrap:anywhere}
.content.thinking{color:#949ba4;font-style:italic}
.edited{color:#949ba4;font-size:10px}
.above{grid-column:1/-1;position:relative;padding-left:56px;font-size:14px;color:#b5bac1;display:flex;
 align-items:center;gap:4px;white-space:nowrap;overflow:hidden}
.above::before{content:"";position:absolute;left:19px;top:9px;width:30px;height:10px;border-left:2px solid #4e5058;
 border-top:2px solid #4e5058;border-top-left-radius:6px}
.mini{width:16px;height:16px;border-radius:50%;color:#fff;font-size:10px;display:inline-flex;
 align-items:center;justify-content:center;flex:none}
.above-name{color:#f2f3f5;font-weight:500}
.cmd{color:#00a8fc}
.snippet{overflow:hidden;text-overflow:ellipsis}
.mention{background:rgba(88,101,242,.3);color:#c9cdfb;border-radius:3px;padding:0 2px;font-weight:500}
.ts{background:rgba(255,255,255,.06);border-radius:3px;padding:0 2px}
.spoiler{background:#1e1f22;color:#1e1f22;border-radius:3px}
code{font-family:Consolas,"Liberation Mono",Menlo,monospace;font-size:85%;background:var(--raised);
 border:1px solid #1e1f22;border-radius:4px;padding:0 .2em}
pre{margin:6px 0;max-width:90%}
pre code{display:block;padding:7px;white-space:pre-wrap}
blockquote{margin:0;padding:0 8px 0 12px;border-left:4px solid #4e5058;border-radius:4px}
ul{margin:2px 0;padding-left:22px}
.h1{font-size:24px;font-weight:700;margin:8px 0 2px}
.h2{font-size:20px;font-weight:700;margin:8px 0 2px}
.h3{font-size:16px;font-weight:700;margin:8px 0 2px}
.subtext{font-size:12px;color:#949ba4}
.embed{max-width:520px;background:var(--raised);border-left:4px solid;border-radius:4px;
 padding:8px 16px 16px 12px;margin-top:4px;font-size:14px;white-space:normal}
.embed-author{font-size:14px;font-weight:600;color:#f2f3f5;margin-top:8px}
.embed-title{font-size:16px;font-weight:600;color:#f2f3f5;margin-top:8px}
.embed-desc{margin-top:8px;white-space:pre-wrap;overflow-wrap:anywhere}
.fields{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:8px;margin-top:8px}
.field{grid-column:1/-1}
.field.inline{grid-column:auto}
.field-name{font-weight:600;color:#f2f3f5;margin-bottom:2px}
.field-value{white-space:pre-wrap}
.embed-footer{font-size:12px;color:#b5bac1;margin-top:8px}
.files{display:flex;flex-direction:column;gap:4px;margin-top:4px}
.file{display:flex;align-items:center;gap:8px;max-width:400px;background:var(--raised);border:1px solid #1e1f22;
 border-radius:8px;padding:10px 12px}
.file-name{color:#00a8fc;flex:1}
.file-size{color:#949ba4;font-size:12px}
.row{display:flex;flex-wrap:wrap;gap:8px;margin-top:6px}
.button{padding:4px 16px;border-radius:8px;font-size:14px;font-weight:500;color:#fff;background:#4e5058}
.button.primary{background:#5865f2}
.button.success{background:#248046}
.button.danger{background:#da373c}
.button.link::after{content:" ↗"}
.button.disabled{opacity:.5}
.select{min-width:300px;padding:8px 12px;border-radius:4px;background:#1e1f22;color:#949ba4;font-size:14px}
.reactions{display:flex;flex-wrap:wrap;gap:4px;margin-top:4px}
.reaction{display:inline-flex;align-items:center;gap:6px;background:var(--raised);border:1px solid var(--raised);
 border-radius:8px;padding:2px 6px;font-size:15px;line-height:20px}
.reaction .count{color:#b5bac1;font-size:14px;font-weight:600}
.ephemeral-note{color:#949ba4;font-size:12px;margin-top:4px}
.thread{margin:4px 48px 8px 72px;border:1px solid var(--line);border-radius:8px;padding:4px 0 10px}
.thread-head{color:#dbdee1;font-size:14px;padding:6px 16px 0}
.thread .msg{padding-right:16px}
.dms{width:440px;flex:none;background:#2b2d31;border-left:1px solid #1f2023;--raised:#1e1f22;--line:#3f4147}
.dm{padding-bottom:12px;border-bottom:1px solid #1f2023}
.dm-head{font-size:13px;text-transform:uppercase;letter-spacing:.02em;color:#949ba4;margin:16px 16px 0}
.dms .msg{padding-right:16px}
.empty{color:#949ba4;padding:16px}
.excerpt{display:block;min-height:0}
.excerpt .chan-head{margin-top:12px}
"""

"""The Discord side of every use case: posting, editing, reacting and DMs, over REST alone.

Nudges may fire from ``setup_hook`` before the gateway has delivered a single server, so nothing
here relies on discord.py's cache: channels and messages are addressed by id.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence

import discord

from bot.domain.bot_permissions import granted_names
from bot.domain.messages import Message, lazy
from bot.domain.model import DateOption, Meetup, Rsvp, Series, VenueOption, Vote
from bot.i18n import Texts
from bot.pacing import Priority, at_most, priority
from bot.presentation import polls

log = logging.getLogger(__name__)

FileData = tuple[str, bytes]
"""A file to attach: its name and its bytes."""


def _files(files: Sequence[FileData]) -> list[discord.File] | None:
    return [discord.File(io.BytesIO(data), filename=name) for name, data in files] or None


CLOSED_DMS = 50007
MISSING_ACCESS = 50001
THREAD_EXISTS = 160004
ONE_WEEK = 10080
REACTION_PAGE = 100
NO_PINGS = discord.AllowedMentions.none()
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = _DIGITS[digit] + text
        if not number:
            return text


def nonce_for(kind: str, *ids: int) -> str:
    """A deterministic message nonce (at most 25 characters, as Discord requires).

    Discord drops a second message with the same nonce from the same author for a few minutes
    (``enforce_nonce``), so re-sending after a crash does not double a message.
    """
    nonce = kind + ".".join(_base36(i) for i in ids)
    if len(nonce) > 25:
        raise ValueError(f"nonce {nonce!r} is longer than Discord's 25 characters")
    return nonce


def describe_failure(error: BaseException) -> Message:
    """What went wrong with a request, in words for the member who asked for it."""
    if isinstance(error, discord.Forbidden):
        if error.code == MISSING_ACCESS:
            return lazy("the bot cannot see that channel (it needs **View Channels** there)")
        return lazy("Discord refused it because the bot is missing a permission in that channel")
    if isinstance(error, discord.NotFound):
        return lazy("the channel or message is gone")
    if isinstance(error, discord.DiscordServerError):
        return lazy("Discord's servers kept answering with an error")
    if isinstance(error, discord.HTTPException):
        if error.text:
            return lazy("Discord refused it ({status}: {reason})", status=error.status, reason=error.text)
        return lazy("Discord refused it ({status}: no reason given)", status=error.status)
    return lazy("the bot could not reach Discord")


class DiscordNotifier:
    def __init__(self, client: discord.Client) -> None:
        self._client = client

    def guild_locale(self, guild_id: int) -> str | None:
        """The server's preferred locale as the gateway last said; None before it said."""
        guild = self._client.get_guild(guild_id)
        return guild.preferred_locale.value if guild is not None else None

    def bot_permissions(self, guild_id: int, channel_id: int | None = None) -> frozenset[str] | None:
        """The bot's permissions as discord.py's cache knows them: server-wide, or in one channel.

        None when the server or the channel is not in the cache (a nudge firing before the gateway
        delivered the server, or a channel deleted); the caller then tries and reads Discord's answer.
        """
        guild = self._client.get_guild(guild_id)
        if guild is None or guild.me is None:
            return None
        if channel_id is None:
            permissions = guild.me.guild_permissions
        else:
            channel = guild.get_channel_or_thread(channel_id)
            if channel is None:
                return None
            permissions = channel.permissions_for(guild.me)
        return granted_names(lambda name: getattr(permissions, name))

    def channel_gone(self, guild_id: int, channel_id: int) -> bool:
        """True when discord.py has the server in its cache but not the channel: it was deleted."""
        guild = self._client.get_guild(guild_id)
        return guild is not None and guild.get_channel_or_thread(channel_id) is None

    def _channel(self, channel_id: int) -> discord.PartialMessageable:
        return self._client.get_partial_messageable(channel_id)

    def _message(self, channel_id: int, message_id: int) -> discord.PartialMessage:
        return self._channel(channel_id).get_partial_message(message_id)

    async def post(
        self,
        channel_id: int,
        content: str,
        *,
        embed: discord.Embed | None = None,
        reply_to: int | None = None,
        ping: Iterable[int] = (),
        nonce: str | None = None,
        files: Sequence[FileData] = (),
    ) -> int:
        """Post in a channel; only the members in ``ping`` are notified, whatever the text says."""
        pinged = [discord.Object(user_id) for user_id in ping]
        reference = (
            discord.MessageReference(message_id=reply_to, channel_id=channel_id, fail_if_not_exists=False)
            if reply_to
            else None
        )
        message = await self._channel(channel_id).send(
            content,
            embed=embed,
            nonce=nonce,
            files=_files(files),
            reference=reference,
            allowed_mentions=discord.AllowedMentions(users=pinged) if pinged else NO_PINGS,
        )
        return message.id

    async def edit(self, channel_id: int, message_id: int, *, content: str, embed: discord.Embed) -> None:
        try:
            await self._message(channel_id, message_id).edit(
                content=content, embed=embed, allowed_mentions=NO_PINGS
            )
        except discord.NotFound:
            log.info("message %s in %s is gone; not editing it", message_id, channel_id)

    async def add_reactions(self, channel_id: int, message_id: int, emojis: Iterable[str]) -> None:
        """Add the bot's own reactions, after the posts members are waiting for (see :mod:`bot.pacing`)."""
        message = self._message(channel_id, message_id)
        with priority(at_most(Priority.REACTIONS)):
            for emoji in emojis:
                await message.add_reaction(emoji)

    async def remove_reaction(self, channel_id: int, message_id: int, emoji: str, user_id: int) -> bool:
        """Remove a member's reaction; False when the bot may not (no Manage Messages)."""
        try:
            await self._message(channel_id, message_id).remove_reaction(emoji, discord.Object(user_id))
        except (discord.Forbidden, discord.NotFound):
            return False
        return True

    async def reactions(
        self, channel_id: int, message_id: int, emojis: Sequence[str]
    ) -> dict[str, list[int]] | None:
        """Who reacted with each of ``emojis`` (the bot excluded); None when the message is gone."""
        try:
            message = await self._channel(channel_id).fetch_message(message_id)
        except discord.NotFound:
            return None
        me = self._client.user.id if self._client.user else 0
        found: dict[str, list[int]] = {emoji: [] for emoji in emojis}
        for reaction in message.reactions:
            emoji = str(reaction.emoji)
            if emoji in found and reaction.count > (1 if reaction.me else 0):
                found[emoji] = [
                    user for user in await self._reaction_users(channel_id, message_id, emoji) if user != me
                ]
        return found

    async def _reaction_users(self, channel_id: int, message_id: int, emoji: str) -> list[int]:
        """Every user who reacted with ``emoji``, page by page until a short page.

        Not ``Reaction.users()``: it stops after the count the message had when it was fetched, so
        a reaction added in between (the bot's own, sorted first) would push a member off the list.
        """
        users: list[int] = []
        while True:
            page = await self._client.http.get_reaction_users(
                channel_id, message_id, emoji, REACTION_PAGE, after=users[-1] if users else None
            )
            users += [int(user["id"]) for user in page]
            if len(page) < REACTION_PAGE:
                return users

    async def dm(
        self,
        user_id: int,
        content: str,
        *,
        embed: discord.Embed | None = None,
        nonce: str | None = None,
        files: Sequence[FileData] = (),
    ) -> bool:
        """Send a DM; False when it cannot reach the member (DMs closed, or no such user)."""
        try:
            channel = await self._client.create_dm(discord.Object(user_id))
        except discord.NotFound:
            return False
        except discord.HTTPException as error:
            if error.code == CLOSED_DMS:
                return False
            raise
        try:
            await channel.send(
                content, embed=embed, nonce=nonce, files=_files(files), allowed_mentions=NO_PINGS
            )
        except discord.Forbidden as error:
            if error.code == CLOSED_DMS:
                return False
            raise
        except discord.NotFound:
            return False
        return True

    async def open_thread(self, channel_id: int, message_id: int, name: str) -> int | None:
        """Start a thread on a message; None when the bot may not (no Create Public Threads).

        discord.py's ``PartialMessage.create_thread`` needs the server in its cache, which is
        not there yet when a nudge fires during start-up; the REST call itself needs only ids.
        """
        try:
            thread = await self._client.http.start_thread_with_message(
                channel_id, message_id, name=name[:100], auto_archive_duration=ONE_WEEK
            )
        except discord.Forbidden:
            return None
        except discord.HTTPException as error:
            if error.code == THREAD_EXISTS:
                message = await self._channel(channel_id).fetch_message(message_id)
                return message.thread.id if message.thread else None
            raise
        return int(thread["id"])

    async def count_posts(self, channel_id: int, *, replying_to: int | None = None) -> int:
        """Messages from members (not bots) in a channel or thread, or only the replies to one message."""
        count = 0
        channel = self._channel(channel_id)
        after = discord.Object(replying_to) if replying_to else None
        async for message in channel.history(limit=None, after=after):
            if message.author.bot:
                continue
            if replying_to is None or (message.reference and message.reference.message_id == replying_to):
                count += 1
        return count

    async def post_poll(
        self,
        meetup: Meetup,
        dates: Sequence[DateOption],
        venues: Sequence[VenueOption],
        votes: Sequence[Vote],
        texts: Texts,
    ) -> int:
        return await self.post(
            meetup.channel_id,
            polls.poll_content(meetup, texts),
            embed=polls.poll_embed(meetup, dates, venues, votes, texts),
            nonce=nonce_for("p", meetup.id),
        )

    async def edit_poll(
        self,
        meetup: Meetup,
        dates: Sequence[DateOption],
        venues: Sequence[VenueOption],
        votes: Sequence[Vote],
        texts: Texts,
    ) -> None:
        if meetup.poll_message_id is None:
            return
        await self.edit(
            meetup.channel_id,
            meetup.poll_message_id,
            content=polls.poll_content(meetup, texts),
            embed=polls.poll_embed(meetup, dates, venues, votes, texts),
        )

    async def announce(
        self,
        meetup: Meetup,
        rsvps: Sequence[Rsvp],
        texts: Texts,
        files: Sequence[FileData] = (),
        series: Series | None = None,
    ) -> int:
        return await self.post(
            meetup.channel_id,
            polls.announcement_content(meetup, texts, series),
            embed=polls.announcement_embed(meetup, rsvps, texts, series),
            reply_to=meetup.poll_message_id,
            nonce=nonce_for("a", meetup.id),
            files=files,
        )

    async def create_event(self, guild_id: int, event: dict) -> int | None:
        """Create a Discord scheduled event; None when Discord refuses (the bot lacks Create Events)."""
        try:
            created = await self._client.http.create_guild_scheduled_event(guild_id, **event)
        except discord.Forbidden:
            return None
        return int(created["id"])

    async def edit_event(self, guild_id: int, event_id: int, changes: dict) -> bool:
        """Change a scheduled event; False when it is gone or no longer the bot's to change."""
        try:
            await self._client.http.edit_scheduled_event(guild_id, event_id, **changes)
        except (discord.Forbidden, discord.NotFound):
            return False
        return True

    async def edit_announcement(
        self, meetup: Meetup, rsvps: Sequence[Rsvp], texts: Texts, series: Series | None = None
    ) -> None:
        if meetup.announcement_message_id is None:
            return
        await self.edit(
            meetup.channel_id,
            meetup.announcement_message_id,
            content=polls.announcement_content(meetup, texts, series),
            embed=polls.announcement_embed(meetup, rsvps, texts, series),
        )

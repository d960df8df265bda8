"""The server's world: every object by id, permission look-ups and change notification.

Everything that mutates the world calls :meth:`World.touch`, which is what lets
tests wait for a condition without sleeping blindly.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from local_discord.model import Attachment, Channel, Guild, Member, Message, ScheduledEvent, User
from local_discord.permissions import DM_PERMISSIONS, apply_overwrites, base_permissions
from local_discord.snowflake import SnowflakeFactory

NONCE_WINDOW_SECONDS = 300.0
"""How long Discord remembers an enforced nonce ("the past few minutes")."""

FALLBACK_POLL_SECONDS = 0.05
"""Re-check period for predicates over state the server cannot see change (the bot's own)."""


class World:
    """All objects the server knows, indexed by id."""

    def __init__(self) -> None:
        self.ids = SnowflakeFactory()
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.events: dict[int, ScheduledEvent] = {}
        self.attachments: dict[int, Attachment] = {}
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self._history: dict[int, list[int]] = {}
        self._dm_by_user: dict[int, int] = {}
        self._nonces: dict[tuple[int, int, str], tuple[int, float]] = {}
        self._changed = asyncio.Event()
        self.bot_user_id = 0
        self.large_threshold = 250

    # -- change notification -------------------------------------------------

    def touch(self) -> None:
        """Wake everything waiting in :meth:`wait_for` to re-check its predicate."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> None:
        """Return once ``predicate()`` holds; raise TimeoutError after ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout} s")
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), min(remaining, FALLBACK_POLL_SECONDS))
            except TimeoutError:
                continue

    # -- look-ups --------------------------------------------------------------

    def guild_of(self, channel: Channel) -> Guild | None:
        """The guild a channel or thread belongs to; None for DMs."""
        return None if channel.guild_id is None else self.guilds[channel.guild_id]

    def member(self, guild_id: int, user_id: int) -> Member | None:
        """A member of a guild, or None if the user is not in it."""
        return self.guilds[guild_id].members.get(user_id)

    def history(self, channel_id: int) -> list[Message]:
        """Messages of a channel, oldest first, without deleted ones."""
        ids = self._history.get(channel_id, [])
        return [m for m in (self.messages[i] for i in ids) if not m.deleted]

    def store_message(self, message: Message) -> None:
        """Keep a new message and make it the channel's latest."""
        self.messages[message.id] = message
        self._history.setdefault(message.channel_id, []).append(message.id)
        channel = self.channels.get(message.channel_id)
        if channel is not None and not message.ephemeral:
            channel.last_message_id = message.id
            if channel.is_thread:
                channel.message_count += 1

    def dm_channel_for(self, user_id: int) -> int | None:
        """The id of the DM channel between the bot and a user, if one was opened."""
        return self._dm_by_user.get(user_id)

    def remember_dm_channel(self, user_id: int, channel_id: int) -> None:
        """Record the one DM channel Discord keeps per pair of users."""
        self._dm_by_user[user_id] = channel_id

    # -- permissions -----------------------------------------------------------

    def guild_permissions(self, guild: Guild, user_id: int) -> int:
        """A member's guild-wide permissions (0 for non-members)."""
        member = guild.members.get(user_id)
        if member is None:
            return 0
        roles = [guild.roles[r].permissions for r in member.role_ids if r in guild.roles]
        return base_permissions(
            is_owner=guild.owner_id == user_id, everyone=guild.everyone.permissions, role_permissions=roles
        )

    def channel_permissions(self, channel: Channel, user_id: int) -> int:
        """A user's permissions in a channel, threads inheriting their parent's overwrites."""
        if channel.is_dm:
            return DM_PERMISSIONS if user_id in channel.recipient_ids else 0
        guild = self.guild_of(channel)
        assert guild is not None
        member = guild.members.get(user_id)
        if member is None:
            return 0
        source = self.channels[channel.parent_id] if channel.is_thread and channel.parent_id else channel
        return apply_overwrites(
            self.guild_permissions(guild, user_id),
            guild_id=guild.id,
            member_id=user_id,
            role_ids=member.role_ids,
            overwrites=source.overwrites,
            in_thread=channel.is_thread,
        )

    # -- nonces ----------------------------------------------------------------

    def message_for_nonce(self, channel_id: int, author_id: int, nonce: str) -> Message | None:
        """The message an enforced nonce already produced within Discord's window, if any."""
        entry = self._nonces.get((channel_id, author_id, nonce))
        if entry is None or time.monotonic() - entry[1] > NONCE_WINDOW_SECONDS:
            return None
        message = self.messages.get(entry[0])
        return None if message is None or message.deleted else message

    def remember_nonce(self, message: Message, nonce: str) -> None:
        """Start the dedup window for an enforced nonce."""
        self._nonces[(message.channel_id, message.author.id, nonce)] = (message.id, time.monotonic())

"""The objects the loopback server keeps: users, guilds, channels, messages and events.

They hold exactly what the server needs to answer requests and what tests want
to observe; turning them into Discord's JSON is the job of ``payloads``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from local_discord.permissions import Overwrite
from local_discord.snowflake import now

TEXT_CHANNEL = 0
DM_CHANNEL = 1
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12

EPHEMERAL = 1 << 6
LOADING = 1 << 7


@dataclass(eq=False)
class User:
    """A Discord account; ``dms_closed`` makes the server refuse DMs to it, as privacy settings do."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    avatar: str | None = None
    dms_closed: bool = False
    locale: str = "en-US"
    """The language the person's Discord app is set to; every interaction of theirs carries it."""

    @property
    def display_name(self) -> str:
        """The name Discord shows when no nickname overrides it."""
        return self.global_name or self.username

    @property
    def mention(self) -> str:
        """The markup that pings this user."""
        return f"<@{self.id}>"


@dataclass(eq=False)
class Role:
    """A guild role; ``bot_id`` marks the managed role Discord gives an invited bot."""

    id: int
    guild_id: int
    name: str
    permissions: int
    position: int = 0
    mentionable: bool = False
    bot_id: int | None = None

    @property
    def mention(self) -> str:
        """The markup that pings this role."""
        return f"<@&{self.id}>"


@dataclass(eq=False)
class Member:
    """A user's membership in one guild."""

    user: User
    guild_id: int
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: dt.datetime = field(default_factory=now)

    @property
    def id(self) -> int:
        """Members are addressed by their user's id everywhere in the API."""
        return self.user.id


@dataclass(eq=False)
class Channel:
    """A guild text channel, a thread or a DM channel, told apart by ``type``."""

    id: int
    type: int
    name: str | None = None
    guild_id: int | None = None
    parent_id: int | None = None
    position: int = 0
    topic: str | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    recipient_ids: list[int] = field(default_factory=list)
    owner_id: int | None = None
    archived: bool = False
    auto_archive_duration: int = 1440
    invitable: bool = True
    created_at: dt.datetime = field(default_factory=now)
    last_message_id: int | None = None
    message_count: int = 0
    member_ids: list[int] = field(default_factory=list)

    @property
    def is_thread(self) -> bool:
        """Threads answer to their parent's overwrites and their own send bit."""
        return self.type in (PUBLIC_THREAD, PRIVATE_THREAD)

    @property
    def is_dm(self) -> bool:
        """DM channels have no guild, roles or overwrites."""
        return self.type == DM_CHANNEL

    @property
    def mention(self) -> str:
        """The markup that links to this channel."""
        return f"<#{self.id}>"


@dataclass(eq=False)
class Attachment:
    """An uploaded file, kept with its bytes so tests can read what the bot sent."""

    id: int
    filename: str
    content: bytes
    content_type: str | None
    url: str
    description: str | None = None

    @property
    def size(self) -> int:
        """Size in bytes, as Discord reports it."""
        return len(self.content)


@dataclass(eq=False)
class Reaction:
    """One emoji on one message, with who added it in the order they did."""

    emoji_name: str
    emoji_id: int | None = None
    animated: bool = False
    user_ids: list[int] = field(default_factory=list)

    @property
    def key(self) -> str:
        """How the API path names the emoji: the character itself, or ``name:id`` for custom ones."""
        return self.emoji_name if self.emoji_id is None else f"{self.emoji_name}:{self.emoji_id}"

    @property
    def count(self) -> int:
        """Number of people who reacted with this emoji."""
        return len(self.user_ids)

    def emoji_payload(self) -> dict[str, Any]:
        """The partial emoji object Discord sends with reactions."""
        if self.emoji_id is None:
            return {"id": None, "name": self.emoji_name}
        return {"id": str(self.emoji_id), "name": self.emoji_name, "animated": self.animated}


@dataclass(frozen=True)
class Pinged:
    """Who a message actually notified, after allowed_mentions and permissions were applied."""

    users: frozenset[int] = frozenset()
    roles: frozenset[int] = frozenset()
    everyone: bool = False

    def __contains__(self, target: object) -> bool:
        target_id = getattr(target, "id", target)
        return target_id in self.users or target_id in self.roles

    def __bool__(self) -> bool:
        return bool(self.users or self.roles or self.everyone)


@dataclass(eq=False)
class Message:
    """A message as stored by the server; ``edits`` counts the edits it received."""

    id: int
    channel_id: int
    author: User
    content: str = ""
    guild_id: int | None = None
    embeds: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    type: int = 0
    flags: int = 0
    tts: bool = False
    nonce: str | int | None = None
    timestamp: dt.datetime = field(default_factory=now)
    edited_timestamp: dt.datetime | None = None
    edits: int = 0
    reactions: list[Reaction] = field(default_factory=list)
    message_reference: dict[str, Any] | None = None
    pinged: Pinged = field(default_factory=Pinged)
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_metadata: dict[str, Any] | None = None
    interaction: dict[str, Any] | None = None
    thread_id: int | None = None
    pinned: bool = False
    deleted: bool = False

    @property
    def ephemeral(self) -> bool:
        """Ephemeral messages exist only for the user who triggered the interaction."""
        return bool(self.flags & EPHEMERAL)

    def reaction(self, emoji: str) -> Reaction | None:
        """The reaction for an emoji (character or ``name:id``), if anyone added it."""
        for reaction in self.reactions:
            if emoji in (reaction.key, reaction.emoji_name):
                return reaction
        return None


@dataclass(eq=False)
class ScheduledEvent:
    """A guild scheduled event; ``fields`` keeps the optional parts exactly as the bot set them."""

    id: int
    guild_id: int
    creator_id: int
    name: str
    scheduled_start_time: str
    entity_type: int
    privacy_level: int = 2
    status: int = 1
    fields: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False


@dataclass(eq=False)
class Guild:
    """A guild with its roles and members; the @everyone role shares the guild's id."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    created_at: dt.datetime = field(default_factory=now)
    preferred_locale: str = "en-US"
    """The server's language (Server Settings → Community); set it before the bot connects."""

    @property
    def everyone(self) -> Role:
        """The @everyone role, which every member implicitly holds."""
        return self.roles[self.id]

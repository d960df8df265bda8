"""REST routes for channels: messages, reactions, threads and DM channels."""

from __future__ import annotations

from typing import Any

from local_discord import payloads
from local_discord.core import Core
from local_discord.intents import Intent
from local_discord.model import DM_CHANNEL, PRIVATE_THREAD, PUBLIC_THREAD, Channel, Message, User
from local_discord.permissions import P
from local_discord.routing import ApiError, ApiRequest, Reply, Router, unknown

MESSAGES = "/channels/{channel_id}/messages"
MESSAGE = "/channels/{channel_id}/messages/{message_id}"
REACTION = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}"


def register(router: Router, core: Core) -> None:
    """Add the channel routes to ``router``."""
    routes = ChannelRoutes(core)
    router.add("GET", "/channels/{channel_id}", routes.get_channel)
    router.add("POST", MESSAGES, routes.create_message)
    router.add("GET", MESSAGES, routes.list_messages)
    router.add("GET", MESSAGE, routes.get_message)
    router.add("PATCH", MESSAGE, routes.edit_message)
    router.add("DELETE", MESSAGE, routes.delete_message)
    router.add("PUT", REACTION + "/@me", routes.add_own_reaction)
    router.add("DELETE", REACTION + "/@me", routes.remove_own_reaction)
    router.add("DELETE", REACTION + "/{user_id}", routes.remove_user_reaction)
    router.add("GET", REACTION, routes.list_reactions)
    router.add("POST", MESSAGE + "/threads", routes.thread_from_message)
    router.add("POST", "/channels/{channel_id}/threads", routes.thread_without_message)
    router.add("POST", "/channels/{channel_id}/typing", routes.typing)
    router.add("POST", "/users/@me/channels", routes.open_dm)


class ChannelRoutes:
    """Handlers, each checking the bot's permissions the way Discord does."""

    def __init__(self, core: Core) -> None:
        self.core = core

    @property
    def bot_id(self) -> int:
        """The bot's user id."""
        return self.core.app.bot.id

    def _channel(self, request: ApiRequest) -> Channel:
        channel = self.core.channel(request.id("channel_id"))
        self.core.require(channel)
        return channel

    def _message(self, request: ApiRequest, *bits: int) -> Message:
        channel = self._channel(request)
        self.core.require(channel, P.READ_MESSAGE_HISTORY, *bits)
        return self.core.message(channel, request.id("message_id"))

    async def get_channel(self, request: ApiRequest) -> Reply:
        """GET a channel the bot can see."""
        return Reply(payloads.channel(self.core.world, self._channel(request)))

    async def typing(self, request: ApiRequest) -> Reply:
        """Typing indicators change nothing observable; Discord answers 204."""
        channel = self._channel(request)
        self.core.require(channel, P.SEND_MESSAGES_IN_THREADS if channel.is_thread else P.SEND_MESSAGES)
        return Reply()

    async def create_message(self, request: ApiRequest) -> Reply:
        """Post as the bot, refusing closed DMs and missing permissions as Discord does."""
        channel = self._channel(request)
        body: dict[str, Any] = request.json or {}
        self.core.require(channel, P.SEND_MESSAGES_IN_THREADS if channel.is_thread else P.SEND_MESSAGES)
        if body.get("message_reference"):
            self.core.require(channel, P.READ_MESSAGE_HISTORY)
        if channel.is_dm:
            recipient = self.core.world.users[next(r for r in channel.recipient_ids if r != self.bot_id)]
            if recipient.dms_closed:
                raise ApiError(403, 50007, "Cannot send messages to this user")
        if channel.archived:
            raise ApiError(400, 50083, "Thread is archived")
        message = self.core.create_message(self.core.app.bot, channel, body, request.files)
        rendered = self.core.render(message)
        if message.nonce is not None:
            rendered["nonce"] = message.nonce
        return Reply(rendered)

    async def list_messages(self, request: ApiRequest) -> Reply:
        """History with before/after/around and limit; empty without READ_MESSAGE_HISTORY."""
        channel = self._channel(request)
        perms = self.core.world.channel_permissions(channel, self.bot_id)
        if not perms & P.READ_MESSAGE_HISTORY:
            return Reply([])
        history = [m for m in self.core.world.history(channel.id) if not m.ephemeral]
        limit = int(request.query.get("limit", 50))
        query = request.query
        if "before" in query:
            selected = [m for m in history if m.id < int(query["before"])][-limit:]
        elif "after" in query:
            selected = [m for m in history if m.id > int(query["after"])][:limit]
        elif "around" in query:
            pivot = int(query["around"])
            older = [m for m in history if m.id < pivot]
            newer = [m for m in history if m.id >= pivot]
            half = limit // 2
            selected = older[-half:] if half else []
            selected += newer[: limit - len(selected)]
        else:
            selected = history[-limit:]
        return Reply([self.core.render(m) for m in reversed(selected)])

    async def get_message(self, request: ApiRequest) -> Reply:
        """GET one message (needs READ_MESSAGE_HISTORY)."""
        return Reply(self.core.render(self._message(request)))

    async def edit_message(self, request: ApiRequest) -> Reply:
        """Only the author may edit content; others may touch nothing here."""
        channel = self._channel(request)
        message = self.core.message(channel, request.id("message_id"))
        if message.author.id != self.bot_id:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        self.core.edit_message(message, request.json or {}, request.files)
        return Reply(self.core.render(message))

    async def delete_message(self, request: ApiRequest) -> Reply:
        """Own messages always; others' with MANAGE_MESSAGES (never in DMs)."""
        channel = self._channel(request)
        message = self.core.message(channel, request.id("message_id"))
        if message.author.id != self.bot_id:
            if channel.is_dm:
                raise ApiError(403, 50003, "Cannot execute action on a DM channel")
            self.core.require(channel, P.MANAGE_MESSAGES)
        self.core.delete_message(message)
        return Reply()

    async def add_own_reaction(self, request: ApiRequest) -> Reply:
        """React as the bot; a new emoji on the message needs ADD_REACTIONS."""
        message = self._message(request)
        emoji = request.params["emoji_name"]
        if message.reaction(emoji) is None:
            self.core.require(self.core.world.channels[message.channel_id], P.ADD_REACTIONS)
        self.core.add_reaction(message, self.core.app.bot, emoji)
        return Reply()

    async def remove_own_reaction(self, request: ApiRequest) -> Reply:
        """Withdraw the bot's reaction."""
        message = self._message(request)
        self.core.remove_reaction(message, self.core.app.bot, request.params["emoji_name"])
        return Reply()

    async def remove_user_reaction(self, request: ApiRequest) -> Reply:
        """Remove someone else's reaction: needs MANAGE_MESSAGES."""
        message = self._message(request)
        user = self.core.user(request.id("user_id"))
        if user.id != self.bot_id:
            channel = self.core.world.channels[message.channel_id]
            if channel.is_dm:
                raise ApiError(403, 50003, "Cannot execute action on a DM channel")
            self.core.require(channel, P.MANAGE_MESSAGES)
        self.core.remove_reaction(message, user, request.params["emoji_name"])
        return Reply()

    async def list_reactions(self, request: ApiRequest) -> Reply:
        """Users who reacted with an emoji, ordered by id and paged with ``after``/``limit``."""
        message = self._message(request)
        reaction = message.reaction(request.params["emoji_name"])
        if reaction is None:
            raise unknown("Emoji", 10014)
        after = int(request.query.get("after", 0))
        limit = int(request.query.get("limit", 25))
        ids = sorted(u for u in reaction.user_ids if u > after)[:limit]
        return Reply([payloads.user(self.core.world.users[u]) for u in ids])

    async def thread_from_message(self, request: ApiRequest) -> Reply:
        """Start a public thread on a message; the thread takes the message's id, as on Discord."""
        channel = self._channel(request)
        message = self.core.message(channel, request.id("message_id"))
        if channel.is_thread or channel.is_dm:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        self.core.require(channel, P.CREATE_PUBLIC_THREADS, P.READ_MESSAGE_HISTORY)
        if message.thread_id is not None:
            raise ApiError(400, 160004, "A thread has already been created for this message")
        body = request.json or {}
        thread = self._new_thread(channel, message.id, PUBLIC_THREAD, body)
        message.thread_id = thread.id
        return Reply(payloads.channel(self.core.world, thread), status=201)

    async def thread_without_message(self, request: ApiRequest) -> Reply:
        """Start a thread not attached to a message (private unless asked otherwise)."""
        channel = self._channel(request)
        if channel.is_thread or channel.is_dm:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        body = request.json or {}
        kind = int(body.get("type") or PRIVATE_THREAD)
        self.core.require(
            channel, P.CREATE_PRIVATE_THREADS if kind == PRIVATE_THREAD else P.CREATE_PUBLIC_THREADS
        )
        thread = self._new_thread(channel, self.core.world.ids.next(), kind, body)
        return Reply(payloads.channel(self.core.world, thread), status=201)

    def _new_thread(self, parent: Channel, thread_id: int, kind: int, body: dict[str, Any]) -> Channel:
        world = self.core.world
        thread = Channel(
            id=thread_id,
            type=kind,
            name=str(body.get("name") or "thread"),
            guild_id=parent.guild_id,
            parent_id=parent.id,
            owner_id=self.bot_id,
            auto_archive_duration=int(body.get("auto_archive_duration") or 4320),
            invitable=bool(body.get("invitable", True)),
            member_ids=[self.bot_id],
        )
        world.channels[thread.id] = thread
        assert parent.guild_id is not None
        world.guilds[parent.guild_id].channel_ids.append(thread.id)
        event = payloads.channel(world, thread)
        event["newly_created"] = True
        event["member"] = {
            "id": str(thread.id),
            "user_id": str(self.bot_id),
            "join_timestamp": event["thread_metadata"]["create_timestamp"],
            "flags": 1,
        }
        self.core.gateway.dispatch("THREAD_CREATE", event, guild_id=thread.guild_id, intent=Intent.GUILDS)
        return thread

    async def open_dm(self, request: ApiRequest) -> Reply:
        """Open (or reuse) the DM channel with a user; this succeeds even if their DMs are closed."""
        body = request.json or {}
        user = self.core.user(int(body.get("recipient_id") or 0))
        if user.id == self.core.app.bot.id:
            raise ApiError(400, 50007, "Cannot send messages to this user")
        return Reply(payloads.channel(self.core.world, open_dm_channel(self.core, user)))


def open_dm_channel(core: Core, user: User) -> Channel:
    """The DM channel between the bot and ``user``, created on first use."""
    world = core.world
    existing = world.dm_channel_for(user.id)
    if existing is not None:
        return world.channels[existing]
    channel = Channel(id=world.ids.next(), type=DM_CHANNEL, recipient_ids=[user.id, core.app.bot.id])
    world.channels[channel.id] = channel
    world.remember_dm_channel(user.id, channel.id)
    return channel

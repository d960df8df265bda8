"""LocalDiscord: an in-process Discord (REST + Gateway v10) for end-to-end tests.

It binds 127.0.0.1 on a free port inside the caller's event loop. A discord.py bot is pointed
at it only through ``discord.http.Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``;
everything else it does is unmodified.
"""

from __future__ import annotations

import base64
import secrets
import socket
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from aiohttp import web

from local_discord import payloads, routes_channels, routes_gateway, routes_guilds, routes_interactions
from local_discord.actions import UserActions
from local_discord.core import AppConfig, Core
from local_discord.gateway import Gateway, GatewayConfig, GatewayFrame
from local_discord.intents import DEFAULT_ENABLED_PRIVILEGED, Intent, application_flags
from local_discord.interactions import Interactions
from local_discord.model import TEXT_CHANNEL, Channel, Guild, Member, Message, Role, ScheduledEvent, User
from local_discord.permissions import DEFAULT_BOT_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, Overwrite
from local_discord.ratelimit import RateLimiter, Served429
from local_discord.rest import API_PREFIX, RequestRecord, RestApi, ValidationIssue
from local_discord.routing import Router
from local_discord.shards import check_shard
from local_discord.state import World
from local_discord.validation import validator_for

OverwriteTarget = User | Role | Guild
"""Who a channel overwrite applies to: a member, a role, or the guild (its @everyone role)."""


class LocalDiscord(UserActions):
    """A fake Discord that a real discord.py bot can log in to.

    Sharding follows Discord's numbers unless a test shrinks them so a handful of
    guilds behaves like a large bot: GET /gateway/bot recommends one shard per
    ``guilds_per_shard`` guilds (Discord: 1,000), and IDENTIFY is closed with
    4011 when the session would hold more than ``max_guilds_per_shard`` (2,500). An interaction
    not answered within ``interaction_timeout`` (Discord: 3 s) is unknown to the callback.
    """

    def __init__(
        self,
        spec_path: Path | None = None,
        heartbeat_interval_ms: int = 41250,
        *,
        privileged_intents: int = DEFAULT_ENABLED_PRIVILEGED,
        interaction_timeout: float = 3.0,
        bot_name: str = "MeetupBot",
        guilds_per_shard: int = 1000,
        max_guilds_per_shard: int = 2500,
    ) -> None:
        if guilds_per_shard < 1 or max_guilds_per_shard < 1:
            raise ValueError("a shard holds at least one guild")
        self.world = World()
        self.bot_user = User(id=self.world.ids.next(), username=bot_name, bot=True)
        self.world.users[self.bot_user.id] = self.bot_user
        self.world.bot_user_id = self.bot_user.id
        self.application_id = self.bot_user.id
        encoded_id = base64.urlsafe_b64encode(str(self.bot_user.id).encode()).decode().rstrip("=")
        self.token = f"{encoded_id}.{secrets.token_urlsafe(4)}.{secrets.token_urlsafe(27)}"
        self.interaction_timeout = interaction_timeout
        self.limiter = RateLimiter()
        self.validator = validator_for(spec_path.resolve()) if spec_path is not None else None
        self._app_config = AppConfig(self.token, self.application_id, self.bot_user, "", privileged_intents)
        self._gateway_config = GatewayConfig(
            token=self.token,
            application_id=self.application_id,
            application_flags=application_flags(privileged_intents),
            heartbeat_interval_ms=heartbeat_interval_ms,
            enabled_privileged=privileged_intents,
            guilds_per_shard=guilds_per_shard,
            max_guilds_per_shard=max_guilds_per_shard,
        )
        self.gateway = Gateway(self.world, self._gateway_config)
        self.core = Core(self.world, self.gateway, self._app_config)
        self.interactions = Interactions(self.core, deadline_seconds=interaction_timeout)
        router = Router()
        routes_channels.register(router, self.core)
        routes_guilds.register(router, self.core)
        routes_interactions.register(router, self.interactions)
        routes_gateway.register(router, self.gateway)
        self.rest = RestApi(router, self.limiter, self.validator, self.token, self.world.touch)
        self._runner: web.AppRunner | None = None
        self._port = 0

    # -- lifecycle --------------------------------------------------------------------

    async def start(self) -> None:
        """Start serving on 127.0.0.1 at a free port."""
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self.rest.handle)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/gateway/resume", self.gateway.handle)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._serve_attachment)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._app_config.base_url = f"http://127.0.0.1:{self._port}"
        self._gateway_config.url = self.gateway_url
        self._gateway_config.resume_url = f"ws://127.0.0.1:{self._port}/gateway/resume"

    async def stop(self) -> None:
        """Close gateway connections and stop serving."""
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def _serve_attachment(self, request: web.Request) -> web.Response:
        attachment = self.world.attachments.get(int(request.match_info["attachment_id"]))
        if attachment is None:
            raise web.HTTPNotFound()
        content_type = attachment.content_type or "application/octet-stream"
        return web.Response(body=attachment.content, headers={"Content-Type": content_type})

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE``."""
        return f"http://127.0.0.1:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """Value for ``DiscordWebSocket.DEFAULT_GATEWAY``."""
        return f"ws://127.0.0.1:{self._port}/gateway"

    # -- building the world --------------------------------------------------------------

    def add_guild(
        self,
        name: str,
        *,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
        everyone_permissions: int = 0,
        shard: tuple[int, int] | None = None,
    ) -> Guild:
        """A guild the bot is in, with its managed bot role (and GUILD_CREATE if the bot is connected).

        ``shard=(shard_id, num_shards)`` picks an id that Discord's formula routes to that shard.
        """
        world = self.world
        guild_id = world.ids.next() if shard is None else world.ids.next_on_shard(*check_shard(*shard))
        guild = Guild(id=guild_id, name=name, owner_id=world.ids.next())
        guild.roles[guild.id] = Role(guild.id, guild.id, "@everyone", everyone_permissions)
        bot_role = Role(
            world.ids.next(), guild.id, self.bot_user.username, bot_permissions, 1, bot_id=self.bot_user.id
        )
        guild.roles[bot_role.id] = bot_role
        guild.members[self.bot_user.id] = Member(self.bot_user, guild.id, [bot_role.id])
        world.guilds[guild.id] = guild
        self.gateway.dispatch(
            "GUILD_CREATE",
            lambda s: payloads.guild_create(
                world, guild, all_members=bool(s.intents & Intent.GUILD_PRESENCES)
            ),
            guild_id=guild.id,
        )
        return guild

    def add_role(
        self,
        guild: Guild,
        name: str,
        *,
        permissions: int = 0,
        mentionable: bool = False,
        members: tuple[User, ...] = (),
    ) -> Role:
        """A role, optionally handed to some members."""
        role = Role(self.world.ids.next(), guild.id, name, permissions, len(guild.roles), mentionable)
        guild.roles[role.id] = role
        for user in members:
            guild.members[user.id].role_ids.append(role.id)
        self.gateway.dispatch(
            "GUILD_ROLE_CREATE",
            {"guild_id": str(guild.id), "role": payloads.role(role)},
            guild_id=guild.id,
            intent=Intent.GUILDS,
        )
        return role

    def add_text_channel(
        self,
        guild: Guild,
        name: str,
        *,
        overwrites: Mapping[OverwriteTarget, tuple[int, int]] | None = None,
        topic: str | None = None,
    ) -> Channel:
        """A text channel; ``overwrites`` maps a member, role or the guild (@everyone) to (allow, deny)."""
        channel = Channel(
            id=self.world.ids.next(),
            type=TEXT_CHANNEL,
            name=name,
            guild_id=guild.id,
            position=len(guild.channel_ids),
            topic=topic,
            overwrites=[_overwrite(t, allow, deny) for t, (allow, deny) in (overwrites or {}).items()],
        )
        self.world.channels[channel.id] = channel
        guild.channel_ids.append(channel.id)
        self.gateway.dispatch(
            "CHANNEL_CREATE", payloads.channel(self.world, channel), guild_id=guild.id, intent=Intent.GUILDS
        )
        return channel

    def add_member(
        self,
        guild: Guild,
        name: str | User,
        *,
        display_name: str | None = None,
        permissions: int = DEFAULT_MEMBER_PERMISSIONS,
        dms_closed: bool = False,
        nick: str | None = None,
    ) -> User:
        """A person in ``guild``; pass an existing User to put the same person in another guild."""
        world = self.world
        if isinstance(name, User):
            user = name
        else:
            user = User(world.ids.next(), name, global_name=display_name, dms_closed=dms_closed)
            world.users[user.id] = user
        member = Member(user, guild.id, [self._permission_role(guild, user, permissions).id], nick=nick)
        guild.members[user.id] = member
        data = payloads.member(member)
        data["guild_id"] = str(guild.id)
        self.gateway.dispatch("GUILD_MEMBER_ADD", data, guild_id=guild.id, intent=Intent.GUILD_MEMBERS)
        return user

    def _permission_role(self, guild: Guild, user: User, permissions: int) -> Role:
        # Members with the usual rights share one "Member" role; anyone else gets a role of their own.
        name = "Member" if permissions == DEFAULT_MEMBER_PERMISSIONS else f"{user.username} permissions"
        for role in guild.roles.values():
            if role.name == name and role.permissions == permissions:
                return role
        role = Role(self.world.ids.next(), guild.id, name, permissions, len(guild.roles))
        guild.roles[role.id] = role
        return role

    def set_role_permissions(self, role: Role, permissions: int) -> None:
        """Change a role's permissions as an admin would (the bot's own role is ``bot_role``)."""
        role.permissions = permissions
        self.gateway.dispatch(
            "GUILD_ROLE_UPDATE",
            {"guild_id": str(role.guild_id), "role": payloads.role(role)},
            guild_id=role.guild_id,
            intent=Intent.GUILDS,
        )
        self.world.touch()

    def bot_role(self, guild: Guild) -> Role:
        """The managed role Discord gave the bot when it was invited to ``guild``."""
        return next(role for role in guild.roles.values() if role.bot_id == self.bot_user.id)

    def set_overwrite(
        self, channel: Channel, target: OverwriteTarget, *, allow: int = 0, deny: int = 0
    ) -> None:
        """Set a channel overwrite as an admin would (``allow`` and ``deny`` both 0 removes it)."""
        kept = [o for o in channel.overwrites if o.target_id != target.id]
        if allow or deny:
            kept.append(_overwrite(target, allow, deny))
        channel.overwrites = kept
        self.gateway.dispatch(
            "CHANNEL_UPDATE",
            payloads.channel(self.world, channel),
            guild_id=channel.guild_id,
            intent=Intent.GUILDS,
        )
        self.world.touch()

    def delete_channel(self, channel: Channel) -> None:
        """Delete a channel as an admin would; requests to it then answer "Unknown Channel"."""
        data = payloads.channel(self.world, channel)
        del self.world.channels[channel.id]
        if channel.guild_id is not None:
            self.world.guilds[channel.guild_id].channel_ids.remove(channel.id)
        self.gateway.dispatch("CHANNEL_DELETE", data, guild_id=channel.guild_id, intent=Intent.GUILDS)
        self.world.touch()

    def delete_message(self, message: Message) -> None:
        """Delete a message as a moderator would."""
        self.core.delete_message(message)

    def set_dms_closed(self, user: User, closed: bool = True) -> None:
        """Make the server refuse (or accept again) the bot's DMs to ``user``."""
        user.dms_closed = closed

    # -- observing ---------------------------------------------------------------------------

    def messages(self, channel: Channel, *, include_ephemeral: bool = False) -> list[Message]:
        """Messages of a channel or thread, oldest first (deleted ones left out)."""
        return [m for m in self.world.history(channel.id) if include_ephemeral or not m.ephemeral]

    def dms(self, user: User) -> list[Message]:
        """Messages the bot sent to ``user``'s DM channel."""
        channel_id = self.world.dm_channel_for(user.id)
        if channel_id is None:
            return []
        return [m for m in self.world.history(channel_id) if m.author is self.bot_user]

    def all_bot_messages(self) -> list[Message]:
        """Every message the bot created anywhere, deleted and ephemeral ones included, oldest first."""
        return [m for m in self.world.messages.values() if m.author is self.bot_user]

    def threads(self, channel: Channel) -> list[Channel]:
        """Threads started in ``channel``."""
        return [c for c in self.world.channels.values() if c.is_thread and c.parent_id == channel.id]

    def scheduled_events(self, guild: Guild) -> list[ScheduledEvent]:
        """Live scheduled events of ``guild``."""
        return [self.world.events[e] for e in guild.event_ids if not self.world.events[e].deleted]

    def registered_commands(self, guild: Guild | None = None) -> list[dict[str, Any]]:
        """The commands the bot registered globally, or for ``guild``."""
        return list(self.world.commands.get(guild.id if guild else None, []))

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` holds, re-checking whenever the server's state changes."""
        await self.world.wait_for(predicate, timeout)

    @property
    def requests(self) -> list[RequestRecord]:
        """Every REST request, in arrival order."""
        return self.rest.requests

    @property
    def validation_errors(self) -> list[ValidationIssue]:
        """Requests Discord would have refused as malformed, and calls to routes it lacks."""
        return self.rest.issues

    def take_validation_errors(self) -> list[ValidationIssue]:
        """Hand over the validation errors seen so far (a test that provoked them on purpose takes them)."""
        taken = list(self.rest.issues)
        self.rest.issues.clear()
        return taken

    @property
    def served_429s(self) -> list[Served429]:
        """Every 429 answered so far."""
        return self.limiter.served

    @property
    def gateway_log(self) -> list[GatewayFrame]:
        """Gateway frames sent and received, replays marked."""
        return self.gateway.log

    # -- hostility on demand ----------------------------------------------------------------------

    def set_global_limit(self, per_second: int | None = 50) -> None:
        """Enforce a global requests-per-second limit (None lifts it)."""
        self.limiter.global_per_second = per_second

    def limit_route(self, route: str, limit: int, per_seconds: float) -> None:
        """Set the bucket size of a route template, e.g. ``"POST /channels/{channel_id}/messages"``."""
        self.limiter.limit_route(route, limit, per_seconds)

    def inject_429s(
        self, route: str, count: int, *, retry_after: float = 0.05, global_: bool = False
    ) -> None:
        """Answer the next ``count`` requests to ``route`` with 429."""
        self.limiter.inject(route, count, retry_after, global_)

    def fail_requests(self, route: str, count: int, *, status: int = 503) -> None:
        """Answer the next ``count`` requests to ``route`` with a server error."""
        self.rest.outages.setdefault(route, []).extend([status] * count)

    async def refuse_gateway(self, refusing: bool = True) -> None:
        """A gateway outage: live connections cut, new ones answered 503, until called with False."""
        self.gateway.refusing = refusing
        if refusing:
            await self.gateway.drop()

    async def drop_gateway(self, code: int | None = None) -> None:
        """Cut the bot's gateway connections (no close frame, or a resumable ``code`` such as 4000)."""
        await self.gateway.drop(code)


def _overwrite(target: OverwriteTarget, allow: int, deny: int) -> Overwrite:
    if isinstance(target, User):
        return Overwrite(target.id, 1, allow, deny)
    return Overwrite(target.id, 0, allow, deny)

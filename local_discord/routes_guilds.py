"""REST routes for the application, its commands, guilds, members and scheduled events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from local_discord import payloads
from local_discord.core import Core
from local_discord.intents import Intent, application_flags
from local_discord.model import Guild, ScheduledEvent
from local_discord.permissions import P
from local_discord.routing import (
    ApiRequest,
    Reply,
    Router,
    invalid_form,
    missing_access,
    missing_permissions,
    unknown,
)
from local_discord.snowflake import now

EVENTS = "/guilds/{guild_id}/scheduled-events"
EVENT = EVENTS + "/{guild_scheduled_event_id}"
EXTERNAL = 3
SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4
_TRANSITIONS = {SCHEDULED: {SCHEDULED, ACTIVE, CANCELED}, ACTIVE: {ACTIVE, COMPLETED}}


def register(router: Router, core: Core) -> None:
    """Add the application and guild routes to ``router``."""
    routes = GuildRoutes(core)
    router.add("GET", "/users/@me", routes.me)
    router.add("GET", "/users/{user_id}", routes.get_user)
    router.add("GET", "/oauth2/applications/@me", routes.application)
    router.add("GET", "/applications/@me", routes.application)
    for template in (
        "/applications/{application_id}/commands",
        "/applications/{application_id}/guilds/{guild_id}/commands",
    ):
        router.add("PUT", template, routes.put_commands)
        router.add("GET", template, routes.get_commands)
    router.add("GET", "/guilds/{guild_id}", routes.get_guild)
    router.add("GET", "/guilds/{guild_id}/channels", routes.get_guild_channels)
    router.add("GET", "/guilds/{guild_id}/members", routes.list_members)
    router.add("GET", "/guilds/{guild_id}/members/{user_id}", routes.get_member)
    router.add("GET", EVENTS, routes.list_events)
    router.add("POST", EVENTS, routes.create_event)
    router.add("GET", EVENT, routes.get_event)
    router.add("PATCH", EVENT, routes.edit_event)
    router.add("DELETE", EVENT, routes.delete_event)


class GuildRoutes:
    """Handlers for everything addressed by application or guild."""

    def __init__(self, core: Core) -> None:
        self.core = core

    def _guild(self, request: ApiRequest) -> Guild:
        guild = self.core.world.guilds.get(request.id("guild_id"))
        if guild is None:
            raise unknown("Guild", 10004)
        return guild

    async def me(self, request: ApiRequest) -> Reply:
        """The bot's own user, as login fetches it."""
        data = payloads.user(self.core.app.bot)
        data.update(verified=True, mfa_enabled=False, email=None, locale="en-US", premium_type=0)
        return Reply(data)

    async def get_user(self, request: ApiRequest) -> Reply:
        """Any known user."""
        return Reply(payloads.user(self.core.user(request.id("user_id"))))

    async def application(self, request: ApiRequest) -> Reply:
        """The application object discord.py's login reads (id, flags, owner...)."""
        app = self.core.app
        owner = payloads.user(app.bot) | {
            "id": str(app.application_id + 1),
            "username": "owner",
            "bot": False,
        }
        return Reply(
            {
                "id": str(app.application_id),
                "name": app.bot.username,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "hook": True,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": application_flags(app.enabled_privileged),
                "owner": owner,
                "team": None,
                "bot": payloads.user(app.bot),
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "approximate_guild_count": len(self.core.world.guilds),
                "integration_types_config": {"0": {}},
                "tags": [],
            }
        )

    async def put_commands(self, request: ApiRequest) -> Reply:
        """Overwrite the global or guild command set, keeping ids of commands that stay."""
        if request.id("application_id") != self.core.app.application_id:
            raise missing_access()
        guild_id = request.id("guild_id") if "guild_id" in request.params else None
        if guild_id is not None:
            self._guild(request)
        previous = {(c["name"], c["type"]): c["id"] for c in self.core.world.commands.get(guild_id, [])}
        stored = []
        for body in request.json or []:
            kind = int(body.get("type") or 1)
            command: dict[str, Any] = {
                "id": previous.get((body["name"], kind)) or str(self.core.world.ids.next()),
                "application_id": str(self.core.app.application_id),
                "version": str(self.core.world.ids.next()),
                "type": kind,
                "name": body["name"],
                "name_localizations": body.get("name_localizations"),
                "description": body.get("description", ""),
                "description_localizations": body.get("description_localizations"),
                "options": body.get("options") or [],
                "default_member_permissions": body.get("default_member_permissions"),
                "nsfw": bool(body.get("nsfw", False)),
                "integration_types": body.get("integration_types") or [0],
                "contexts": body.get("contexts"),
            }
            if guild_id is not None:
                command["guild_id"] = str(guild_id)
            stored.append(command)
        self.core.world.commands[guild_id] = stored
        self.core.world.touch()
        return Reply(stored)

    async def get_commands(self, request: ApiRequest) -> Reply:
        """The stored command set."""
        guild_id = request.id("guild_id") if "guild_id" in request.params else None
        return Reply(self.core.world.commands.get(guild_id, []))

    async def get_guild(self, request: ApiRequest) -> Reply:
        """A guild object (the GUILD_CREATE payload without its gateway-only parts)."""
        guild = self._guild(request)
        data = payloads.guild_create(self.core.world, guild, all_members=False)
        for gateway_only in (
            "members",
            "channels",
            "threads",
            "presences",
            "voice_states",
            "joined_at",
            "large",
            "member_count",
        ):
            data.pop(gateway_only, None)
        return Reply(data)

    async def get_guild_channels(self, request: ApiRequest) -> Reply:
        """The guild's channels (threads are listed elsewhere on Discord)."""
        guild = self._guild(request)
        world = self.core.world
        return Reply(
            [
                payloads.channel(world, world.channels[c])
                for c in guild.channel_ids
                if not world.channels[c].is_thread
            ]
        )

    async def list_members(self, request: ApiRequest) -> Reply:
        """Members by id order; needs the GUILD_MEMBERS privileged intent, as on Discord."""
        if not self.core.app.enabled_privileged & Intent.GUILD_MEMBERS:
            raise missing_access()
        guild = self._guild(request)
        after = int(request.query.get("after", 0))
        limit = int(request.query.get("limit", 1))
        members = sorted((m for m in guild.members.values() if m.id > after), key=lambda m: m.id)[:limit]
        return Reply([payloads.member(m) for m in members])

    async def get_member(self, request: ApiRequest) -> Reply:
        """One member, or "Unknown Member"."""
        member = self._guild(request).members.get(request.id("user_id"))
        if member is None:
            raise unknown("Member", 10007)
        return Reply(payloads.member(member))

    # -- scheduled events -------------------------------------------------------------

    def _require_events(self, guild: Guild, event: ScheduledEvent | None = None) -> None:
        """Discord's rule since 23 February 2026: creating needs Create Events (Manage Events alone
        no longer does); changing an event needs Manage Events, or Create Events when it is the bot's own."""
        perms = self.core.world.guild_permissions(guild, self.core.app.bot.id)
        if event is None:
            if perms & P.CREATE_EVENTS:
                return
            raise missing_permissions()
        if perms & P.MANAGE_EVENTS:
            return
        if event.creator_id == self.core.app.bot.id and perms & P.CREATE_EVENTS:
            return
        raise missing_permissions()

    def _event(self, request: ApiRequest, guild: Guild) -> ScheduledEvent:
        event = self.core.world.events.get(request.id("guild_scheduled_event_id"))
        if event is None or event.deleted or event.guild_id != guild.id:
            raise unknown("Guild Scheduled Event", 10070)
        return event

    def _dispatch(self, name: str, event: ScheduledEvent) -> None:
        data = payloads.scheduled_event(self.core.world, event)
        self.core.gateway.dispatch(name, data, guild_id=event.guild_id, intent=Intent.GUILD_SCHEDULED_EVENTS)

    async def list_events(self, request: ApiRequest) -> Reply:
        """Every live event of the guild."""
        guild = self._guild(request)
        world = self.core.world
        live = [world.events[e] for e in guild.event_ids if not world.events[e].deleted]
        return Reply([payloads.scheduled_event(world, e) for e in live])

    async def get_event(self, request: ApiRequest) -> Reply:
        """One event."""
        guild = self._guild(request)
        return Reply(payloads.scheduled_event(self.core.world, self._event(request, guild)))

    async def create_event(self, request: ApiRequest) -> Reply:
        """Create an event, enforcing what Discord requires of external ones and of start times."""
        guild = self._guild(request)
        self._require_events(guild)
        body: dict[str, Any] = request.json or {}
        _check_event_fields(body, body)
        event = ScheduledEvent(
            id=self.core.world.ids.next(),
            guild_id=guild.id,
            creator_id=self.core.app.bot.id,
            name=body["name"],
            scheduled_start_time=body["scheduled_start_time"],
            entity_type=int(body["entity_type"]),
            privacy_level=int(body.get("privacy_level") or 2),
            fields={
                k: body[k]
                for k in (
                    "description",
                    "scheduled_end_time",
                    "entity_metadata",
                    "channel_id",
                    "recurrence_rule",
                )
                if k in body
            },
        )
        self.core.world.events[event.id] = event
        guild.event_ids.append(event.id)
        self._dispatch("GUILD_SCHEDULED_EVENT_CREATE", event)
        return Reply(payloads.scheduled_event(self.core.world, event))

    async def edit_event(self, request: ApiRequest) -> Reply:
        """Edit fields or move the status along Discord's allowed transitions."""
        guild = self._guild(request)
        event = self._event(request, guild)
        self._require_events(guild, event)
        body: dict[str, Any] = request.json or {}
        merged = {
            "name": event.name,
            "scheduled_start_time": event.scheduled_start_time,
            "entity_type": event.entity_type,
            **event.fields,
            **body,
        }
        _check_event_fields(merged, body)
        status = int(body.get("status") or event.status)
        if status not in _TRANSITIONS.get(event.status, {event.status}):
            raise invalid_form(
                {
                    "status": {
                        "_errors": [
                            {
                                "code": "GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION",
                                "message": "Invalid status transition.",
                            }
                        ]
                    }
                }
            )
        event.status = status
        event.name = merged["name"]
        event.scheduled_start_time = merged["scheduled_start_time"]
        event.entity_type = int(merged["entity_type"])
        if body.get("privacy_level") is not None:
            event.privacy_level = int(body["privacy_level"])
        for key in ("description", "scheduled_end_time", "entity_metadata", "channel_id", "recurrence_rule"):
            if key in body:
                event.fields[key] = body[key]
        self._dispatch("GUILD_SCHEDULED_EVENT_UPDATE", event)
        return Reply(payloads.scheduled_event(self.core.world, event))

    async def delete_event(self, request: ApiRequest) -> Reply:
        """Delete an event (204) and announce it."""
        guild = self._guild(request)
        event = self._event(request, guild)
        self._require_events(guild, event)
        event.deleted = True
        self._dispatch("GUILD_SCHEDULED_EVENT_DELETE", event)
        return Reply()


def _check_event_fields(merged: dict[str, Any], changed: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}

    def fail(field: str, code: str, message: str) -> None:
        errors.setdefault(field, {"_errors": []})["_errors"].append({"code": code, "message": message})

    if int(merged.get("entity_type") or 0) == EXTERNAL:
        if not (merged.get("entity_metadata") or {}).get("location"):
            fail("entity_metadata", "BASE_TYPE_REQUIRED", "External events require a location.")
        if not merged.get("scheduled_end_time"):
            fail("scheduled_end_time", "BASE_TYPE_REQUIRED", "External events require an end time.")
    elif not merged.get("channel_id"):
        fail("channel_id", "BASE_TYPE_REQUIRED", "Stage and voice events require a channel.")
    start = _parse_time(merged.get("scheduled_start_time"))
    if start is None:
        fail("scheduled_start_time", "DATE_TIME_TYPE_PARSE", "Could not parse the start time.")
    elif "scheduled_start_time" in changed and start < now():
        fail(
            "scheduled_start_time",
            "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
            "Cannot schedule event in the past.",
        )
    end = _parse_time(merged.get("scheduled_end_time"))
    if start is not None and end is not None and end <= start:
        fail(
            "scheduled_end_time",
            "GUILD_SCHEDULED_EVENT_END_BEFORE_START",
            "Cannot schedule event to end before starting.",
        )
    if errors:
        raise invalid_form(errors)


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)

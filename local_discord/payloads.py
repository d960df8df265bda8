"""Rendering the world's objects as the JSON Discord sends.

Field sets follow Discord's documented objects closely enough that discord.py's
parsers (state.py, guild.py, message.py, interactions.py) find everything they
read, including the optional keys that change their behaviour.
"""

from __future__ import annotations

from typing import Any

from local_discord.model import (
    DM_CHANNEL,
    PRIVATE_THREAD,
    Attachment,
    Channel,
    Guild,
    Member,
    Message,
    Role,
    ScheduledEvent,
    User,
)
from local_discord.snowflake import iso
from local_discord.state import World

Json = dict[str, Any]


def user(u: User) -> Json:
    """A user object."""
    data: Json = {
        "id": str(u.id),
        "username": u.username,
        "global_name": u.global_name,
        "discriminator": "0",
        "avatar": u.avatar,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
    }
    if u.bot:
        data["bot"] = True
    return data


def member(m: Member, *, with_user: bool = True, permissions: int | None = None) -> Json:
    """A guild member object; interactions add the member's channel permissions."""
    data: Json = {
        "nick": m.nick,
        "avatar": None,
        "banner": None,
        "roles": [str(r) for r in m.role_ids],
        "joined_at": iso(m.joined_at),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }
    if with_user:
        data["user"] = user(m.user)
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def role(r: Role) -> Json:
    """A role object; the bot's managed role carries its ``bot_id`` tag."""
    data: Json = {
        "id": str(r.id),
        "name": r.name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": r.position,
        "permissions": str(r.permissions),
        "managed": r.bot_id is not None,
        "mentionable": r.mentionable,
        "flags": 0,
    }
    if r.bot_id is not None:
        data["tags"] = {"bot_id": str(r.bot_id)}
    return data


def channel(world: World, c: Channel) -> Json:
    """A channel object of whichever kind ``c`` is."""
    last = str(c.last_message_id) if c.last_message_id else None
    if c.type == DM_CHANNEL:
        return {
            "id": str(c.id),
            "type": DM_CHANNEL,
            "last_message_id": last,
            "flags": 0,
            "recipients": [user(world.users[r]) for r in c.recipient_ids if r != world.bot_user_id],
        }
    data: Json = {
        "id": str(c.id),
        "type": c.type,
        "guild_id": str(c.guild_id),
        "name": c.name,
        "parent_id": str(c.parent_id) if c.parent_id else None,
        "last_message_id": last,
        "rate_limit_per_user": 0,
        "flags": 0,
    }
    if c.is_thread:
        metadata: Json = {
            "archived": c.archived,
            "auto_archive_duration": c.auto_archive_duration,
            "archive_timestamp": iso(c.created_at),
            "locked": False,
            "create_timestamp": iso(c.created_at),
        }
        if c.type == PRIVATE_THREAD:
            metadata["invitable"] = c.invitable
        data.update(
            owner_id=str(c.owner_id),
            message_count=c.message_count,
            total_message_sent=c.message_count,
            member_count=len(c.member_ids),
            thread_metadata=metadata,
            applied_tags=[],
        )
    else:
        data.update(
            position=c.position,
            permission_overwrites=[o.to_payload() for o in c.overwrites],
            topic=c.topic,
            nsfw=False,
        )
    return data


def attachment(a: Attachment) -> Json:
    """An attachment object whose url serves the stored bytes from this server."""
    data: Json = {
        "id": str(a.id),
        "filename": a.filename,
        "size": a.size,
        "url": a.url,
        "proxy_url": a.url,
        "flags": 0,
    }
    if a.content_type:
        data["content_type"] = a.content_type
    if a.description is not None:
        data["description"] = a.description
    return data


def message(world: World, msg: Message, *, gateway: bool = False, redact: bool = False) -> Json:
    """A message object as the bot (the viewer) sees it.

    ``gateway`` adds the fields only gateway events carry (guild_id, member);
    ``redact`` empties content-bearing fields for a viewer without the
    MESSAGE_CONTENT intent, as Discord does.
    """
    bot_id = world.bot_user_id
    data: Json = {
        "id": str(msg.id),
        "channel_id": str(msg.channel_id),
        "type": msg.type,
        "author": user(msg.author),
        "content": "" if redact else msg.content,
        "timestamp": iso(msg.timestamp),
        "edited_timestamp": iso(msg.edited_timestamp) if msg.edited_timestamp else None,
        "tts": msg.tts,
        "mention_everyone": msg.pinged.everyone,
        "mentions": [_mentioned_user(world, msg, uid, gateway) for uid in sorted(msg.pinged.users)],
        "mention_roles": [str(r) for r in sorted(msg.pinged.roles)],
        "attachments": [] if redact else [attachment(a) for a in msg.attachments],
        "embeds": [] if redact else list(msg.embeds),
        "components": [] if redact else list(msg.components),
        "pinned": msg.pinned,
        "flags": msg.flags,
    }
    if msg.reactions:
        data["reactions"] = [
            {
                "emoji": r.emoji_payload(),
                "count": r.count,
                "count_details": {"burst": 0, "normal": r.count},
                "burst_colors": [],
                "me_burst": False,
                "me": bot_id in r.user_ids,
            }
            for r in msg.reactions
            if r.count
        ]
    if msg.webhook_id is not None:
        data["webhook_id"] = str(msg.webhook_id)
    if msg.application_id is not None:
        data["application_id"] = str(msg.application_id)
    if msg.interaction_metadata is not None:
        data["interaction_metadata"] = msg.interaction_metadata
    if msg.interaction is not None:
        data["interaction"] = msg.interaction
    if msg.message_reference is not None:
        data["message_reference"] = msg.message_reference
        referenced = world.messages.get(int(msg.message_reference["message_id"]))
        if msg.type == 19:
            data["referenced_message"] = (
                None if referenced is None or referenced.deleted else message(world, referenced)
            )
    if msg.thread_id is not None and msg.thread_id in world.channels:
        data["thread"] = channel(world, world.channels[msg.thread_id])
    if gateway and msg.guild_id is not None:
        data["guild_id"] = str(msg.guild_id)
        author_member = world.member(msg.guild_id, msg.author.id)
        if author_member is not None and msg.webhook_id is None:
            data["member"] = member(author_member, with_user=False)
    return data


def _mentioned_user(world: World, msg: Message, user_id: int, gateway: bool) -> Json:
    data = user(world.users[user_id])
    if gateway and msg.guild_id is not None:
        mentioned = world.member(msg.guild_id, user_id)
        if mentioned is not None:
            data["member"] = member(mentioned, with_user=False)
    return data


def scheduled_event(world: World, event: ScheduledEvent) -> Json:
    """A guild scheduled event object."""
    fields = event.fields
    return {
        "id": str(event.id),
        "guild_id": str(event.guild_id),
        "channel_id": fields.get("channel_id"),
        "creator_id": str(event.creator_id),
        "creator": user(world.users[event.creator_id]),
        "name": event.name,
        "description": fields.get("description"),
        "scheduled_start_time": event.scheduled_start_time,
        "scheduled_end_time": fields.get("scheduled_end_time"),
        "privacy_level": event.privacy_level,
        "status": event.status,
        "entity_type": event.entity_type,
        "entity_id": None,
        "entity_metadata": fields.get("entity_metadata"),
        "user_count": 0,
        "image": None,
        "recurrence_rule": fields.get("recurrence_rule"),
    }


def guild_create(world: World, guild: Guild, *, all_members: bool) -> Json:
    """The GUILD_CREATE payload; without GUILD_PRESENCES only the bot's own member is included."""
    bot_id = world.bot_user_id
    members = [m for m in guild.members.values() if all_members or m.id == bot_id]
    channels = [world.channels[c] for c in guild.channel_ids]
    bot_member = guild.members[bot_id]
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "icon_hash": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "widget_enabled": False,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "nsfw": False,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": guild.preferred_locale,
        "features": [],
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "max_members": 500000,
        "max_presences": None,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "incidents_data": None,
        "roles": [role(r) for r in guild.roles.values()],
        "emojis": [],
        "stickers": [],
        "joined_at": iso(bot_member.joined_at),
        "large": len(guild.members) >= world.large_threshold,
        "unavailable": False,
        "lazy": True,
        "member_count": len(guild.members),
        "voice_states": [],
        "members": [member(m) for m in members],
        "channels": [channel(world, c) for c in channels if not c.is_thread],
        "threads": [channel(world, c) for c in channels if c.is_thread and not c.archived],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [
            scheduled_event(world, world.events[e]) for e in guild.event_ids if not world.events[e].deleted
        ],
        "soundboard_sounds": [],
        "embedded_activities": [],
        "activity_instances": [],
    }

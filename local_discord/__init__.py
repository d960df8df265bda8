"""A loopback Discord: REST and Gateway v10 served in-process for end-to-end tests of a discord.py bot."""

from local_discord.actions import InteractionResult
from local_discord.commands import UnknownCommand
from local_discord.intents import Intent
from local_discord.model import (
    Attachment,
    Channel,
    Guild,
    Message,
    Pinged,
    Reaction,
    Role,
    ScheduledEvent,
    User,
)
from local_discord.permissions import DEFAULT_BOT_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, P
from local_discord.server import LocalDiscord

__all__ = [
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_MEMBER_PERMISSIONS",
    "Attachment",
    "Channel",
    "Guild",
    "Intent",
    "InteractionResult",
    "LocalDiscord",
    "Message",
    "P",
    "Pinged",
    "Reaction",
    "Role",
    "ScheduledEvent",
    "UnknownCommand",
    "User",
]

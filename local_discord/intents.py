"""Gateway intents: which events a session subscribed to, and which need approval."""

from __future__ import annotations

import enum


class Intent(enum.IntFlag):
    """Discord's gateway intent bits."""

    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_MODERATION = 1 << 2
    GUILD_EXPRESSIONS = 1 << 3
    GUILD_INTEGRATIONS = 1 << 4
    GUILD_WEBHOOKS = 1 << 5
    GUILD_INVITES = 1 << 6
    GUILD_VOICE_STATES = 1 << 7
    GUILD_PRESENCES = 1 << 8
    GUILD_MESSAGES = 1 << 9
    GUILD_MESSAGE_REACTIONS = 1 << 10
    GUILD_MESSAGE_TYPING = 1 << 11
    DIRECT_MESSAGES = 1 << 12
    DIRECT_MESSAGE_REACTIONS = 1 << 13
    DIRECT_MESSAGE_TYPING = 1 << 14
    MESSAGE_CONTENT = 1 << 15
    GUILD_SCHEDULED_EVENTS = 1 << 16
    AUTO_MODERATION_CONFIGURATION = 1 << 20
    AUTO_MODERATION_EXECUTION = 1 << 21
    GUILD_MESSAGE_POLLS = 1 << 24
    DIRECT_MESSAGE_POLLS = 1 << 25


PRIVILEGED = Intent.GUILD_MEMBERS | Intent.GUILD_PRESENCES | Intent.MESSAGE_CONTENT
"""Intents an application may only request once they are enabled for it."""

ALL_INTENTS = (1 << 26) - 1
"""Anything above this is not an intent, and IDENTIFY is refused with 4013."""

DEFAULT_ENABLED_PRIVILEGED = Intent.GUILD_MEMBERS | Intent.MESSAGE_CONTENT
"""What a meetup bot's application has switched on in the developer portal."""

# Application flags that advertise the enabled privileged intents (the "limited" variants,
# which an unverified application in fewer than 100 guilds has).
_FLAG_FOR_INTENT = {
    Intent.GUILD_PRESENCES: 1 << 13,
    Intent.GUILD_MEMBERS: 1 << 15,
    Intent.MESSAGE_CONTENT: 1 << 19,
}


def application_flags(enabled_privileged: int) -> int:
    """The application ``flags`` that discord.py reads to learn which privileged intents are on."""
    flags = 1 << 23  # APPLICATION_COMMAND_BADGE: the application has registered commands
    for intent, flag in _FLAG_FOR_INTENT.items():
        if enabled_privileged & intent:
            flags |= flag
    return flags


def message_intent(in_guild: bool) -> Intent:
    """The intent that carries message create/update/delete events for a channel."""
    return Intent.GUILD_MESSAGES if in_guild else Intent.DIRECT_MESSAGES


def reaction_intent(in_guild: bool) -> Intent:
    """The intent that carries reaction events for a channel."""
    return Intent.GUILD_MESSAGE_REACTIONS if in_guild else Intent.DIRECT_MESSAGE_REACTIONS

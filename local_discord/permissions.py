"""Permission bits and Discord's algorithm for a member's permissions in a channel.

Only the parts the loopback server enforces are modelled: role and overwrite
arithmetic, the owner and ADMINISTRATOR short cuts, threads inheriting their
parent's overwrites, and the implicit denials that follow from lacking
VIEW_CHANNEL or SEND_MESSAGES.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class P(enum.IntFlag):
    """Discord's permission bits (the subset a bot's behaviour depends on)."""

    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_AUDIT_LOG = 1 << 7
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    SEND_TTS_MESSAGES = 1 << 12
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CHANGE_NICKNAME = 1 << 26
    MANAGE_ROLES = 1 << 28
    MANAGE_WEBHOOKS = 1 << 29
    USE_APPLICATION_COMMANDS = 1 << 31
    MANAGE_EVENTS = 1 << 33
    MANAGE_THREADS = 1 << 34
    CREATE_PUBLIC_THREADS = 1 << 35
    CREATE_PRIVATE_THREADS = 1 << 36
    SEND_MESSAGES_IN_THREADS = 1 << 38
    MODERATE_MEMBERS = 1 << 40
    CREATE_EVENTS = 1 << 44
    SEND_POLLS = 1 << 49
    PIN_MESSAGES = 1 << 51


ALL_PERMISSIONS = (1 << 52) - 1

DEFAULT_MEMBER_PERMISSIONS = int(
    P.VIEW_CHANNEL
    | P.SEND_MESSAGES
    | P.SEND_MESSAGES_IN_THREADS
    | P.CREATE_PUBLIC_THREADS
    | P.ADD_REACTIONS
    | P.READ_MESSAGE_HISTORY
    | P.EMBED_LINKS
    | P.ATTACH_FILES
    | P.USE_EXTERNAL_EMOJIS
    | P.USE_APPLICATION_COMMANDS
    | P.CHANGE_NICKNAME
    | P.CREATE_INSTANT_INVITE
    | P.SEND_POLLS
)
"""What a freshly invited, unprivileged person may do."""

DEFAULT_BOT_PERMISSIONS = int(
    DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_MESSAGES | P.MANAGE_THREADS | P.CREATE_EVENTS
)
"""What a meetup bot is typically invited with: member rights plus event and thread upkeep.

Create Events (not Manage Events) since Discord's permission split of 23 February 2026: it
creates events and edits the bot's own ones."""

DM_PERMISSIONS = int(
    P.VIEW_CHANNEL
    | P.SEND_MESSAGES
    | P.READ_MESSAGE_HISTORY
    | P.ADD_REACTIONS
    | P.EMBED_LINKS
    | P.ATTACH_FILES
    | P.USE_EXTERNAL_EMOJIS
    | P.USE_APPLICATION_COMMANDS
)
"""What anyone may do in a DM, where there are neither roles nor overwrites."""

_TEXT_ONLY = P.SEND_TTS_MESSAGES | P.MENTION_EVERYONE | P.EMBED_LINKS | P.ATTACH_FILES


@dataclass
class Overwrite:
    """A channel permission overwrite; ``kind`` is 0 for a role, 1 for a member."""

    target_id: int
    kind: int
    allow: int = 0
    deny: int = 0

    def to_payload(self) -> dict[str, object]:
        """Render as Discord does (bitfields as strings)."""
        return {
            "id": str(self.target_id),
            "type": self.kind,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


def base_permissions(*, is_owner: bool, everyone: int, role_permissions: list[int]) -> int:
    """Guild-level permissions: @everyone OR the member's roles, with owner/admin short cuts."""
    if is_owner:
        return ALL_PERMISSIONS
    total = everyone
    for perms in role_permissions:
        total |= perms
    if total & P.ADMINISTRATOR:
        return ALL_PERMISSIONS
    return total


def apply_overwrites(
    base: int,
    *,
    guild_id: int,
    member_id: int,
    role_ids: list[int],
    overwrites: list[Overwrite],
    in_thread: bool = False,
) -> int:
    """Channel permissions from guild permissions, following Discord's documented order."""
    if base & P.ADMINISTRATOR:
        return ALL_PERMISSIONS
    perms = base
    by_role = {o.target_id: o for o in overwrites if o.kind == 0}
    everyone = by_role.get(guild_id)
    if everyone is not None:
        perms = (perms & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in role_ids:
        overwrite = by_role.get(role_id)
        if overwrite is not None:
            allow |= overwrite.allow
            deny |= overwrite.deny
    perms = (perms & ~deny) | allow
    for overwrite in overwrites:
        if overwrite.kind == 1 and overwrite.target_id == member_id:
            perms = (perms & ~overwrite.deny) | overwrite.allow
    if not perms & P.VIEW_CHANNEL:
        return 0
    sending = P.SEND_MESSAGES_IN_THREADS if in_thread else P.SEND_MESSAGES
    if not perms & sending:
        perms &= ~_TEXT_ONLY
    return perms

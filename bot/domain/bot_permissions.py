"""What the bot itself needs from Discord for each thing it does, and how to name what is missing.

Asking before acting avoids the 403s Discord counts towards banning a bot that keeps making invalid
requests, and lets the member who asked be told which permission to give. The table follows
Discord's permission documentation as of its split of 23 February 2026: creating a scheduled event
needs Create Events (Manage Events alone no longer does) and changing the bot's own event needs
Create Events or Manage Events; pinning would need Pin Messages, but the bot never pins.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from enum import StrEnum

from bot.domain.messages import Joined, Message, lazy, marked

NAMES = {
    "view_channel": marked("View Channels"),
    "send_messages": marked("Send Messages"),
    "send_messages_in_threads": marked("Send Messages in Threads"),
    "embed_links": marked("Embed Links"),
    "attach_files": marked("Attach Files"),
    "add_reactions": marked("Add Reactions"),
    "read_message_history": marked("Read Message History"),
    "manage_messages": marked("Manage Messages"),
    "create_public_threads": marked("Create Public Threads"),
    "create_events": marked("Create Events"),
    "manage_events": marked("Manage Events"),
}
"""discord.py's permission names and the words Discord's server settings show for them."""


def granted_names(has: Callable[[str], bool]) -> frozenset[str]:
    """The permissions of :data:`NAMES` that ``has`` grants (e.g. ``getattr`` on discord.py's
    ``Permissions``; iterating those would name View Channels ``read_messages``)."""
    return frozenset(name for name in NAMES if has(name))


class Need(StrEnum):
    POLL = marked("post a poll in this channel")
    POST = marked("post in this channel")
    REPLY = marked("reply to a message in this channel")
    REACT = marked("add reactions in this channel")
    READ_REACTIONS = marked("read the reactions in this channel")
    OPEN_THREAD = marked("start a thread in this channel")
    CREATE_EVENT = marked("create scheduled events")
    EDIT_OWN_EVENT = marked("change its scheduled events")


REQUIRED: dict[Need, tuple[tuple[str, ...], ...]] = {
    Need.POLL: (
        ("view_channel",),
        ("send_messages",),
        ("embed_links",),
        ("add_reactions",),
        ("read_message_history",),
    ),
    Need.POST: (("view_channel",), ("send_messages",), ("embed_links",), ("attach_files",)),
    Need.REPLY: (
        ("view_channel",),
        ("send_messages",),
        ("embed_links",),
        ("attach_files",),
        ("read_message_history",),
    ),
    Need.REACT: (("view_channel",), ("add_reactions",), ("read_message_history",)),
    Need.READ_REACTIONS: (("view_channel",), ("read_message_history",)),
    Need.OPEN_THREAD: (("view_channel",), ("create_public_threads",), ("send_messages_in_threads",)),
    Need.CREATE_EVENT: (("create_events",),),
    Need.EDIT_OWN_EVENT: (("create_events", "manage_events"),),
}
"""Each need is every group of its row; a group is met by any one permission in it."""


def missing(need: Need, granted: Collection[str]) -> list[str]:
    """The permissions (as Discord names them) the bot lacks for ``need``; empty when it has them all."""
    lacking = []
    for group in REQUIRED[need]:
        if not any(name in granted for name in group):
            lacking.append(" or ".join(NAMES[name] for name in group))
    return lacking


def missing_for(needs: Iterable[Need], granted: Collection[str]) -> list[str]:
    """Everything the bot lacks for any of ``needs``, each permission named once, in table order."""
    return list(dict.fromkeys(name for need in needs for name in missing(need, granted)))


def describe_missing(need: Need, lacking: Collection[str]) -> Message:
    """One sentence a server's admin can act on: what to give the bot's role and what for, with
    the permissions named as Discord names them in the reader's language."""
    names = Joined(tuple(lazy("**{name}**", name=lazy(name)) for name in lacking), ", ")
    if len(lacking) == 1:
        return lazy(
            "the bot lacks the {names} permission it needs to {need}", names=names, need=lazy(need.value)
        )
    return lazy(
        "the bot lacks the {names} permissions it needs to {need}", names=names, need=lazy(need.value)
    )

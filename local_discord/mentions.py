"""Who a message pings, by Discord's rules for content, allowed_mentions and permissions.

Discord parses ``<@id>``, ``<@!id>``, ``<@&id>``, ``@everyone`` and ``@here`` in the
content only (never in embeds); ``allowed_mentions`` then narrows what may
notify, and @everyone/@here or non-mentionable roles need MENTION_EVERYONE.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from local_discord.model import Pinged

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
EVERYONE_MENTION = re.compile(r"@(?:everyone|here)")


class AllowedMentionsError(ValueError):
    """A parse list combined with an explicit id list, which Discord rejects as ambiguous."""

    def __init__(self, kind: str, ids: list[Any]) -> None:
        super().__init__(f'parse:["{kind}"] and {kind}: {ids} are mutually exclusive.')
        self.kind = kind


def compute_pings(
    content: str,
    allowed_mentions: dict[str, Any] | None,
    *,
    known_users: Collection[int],
    known_roles: Collection[int],
    mentionable_roles: Collection[int],
    can_mention_everyone: bool,
    replied_user_id: int | None = None,
) -> Pinged:
    """Resolve the mentions a new (or re-parsed edited) message really makes."""
    if allowed_mentions is None:
        parse = {"users", "roles", "everyone"}
        listed_users: set[int] = set()
        listed_roles: set[int] = set()
        ping_replied = True
    else:
        parse = set(allowed_mentions.get("parse") or [])
        raw_users = allowed_mentions.get("users") or []
        raw_roles = allowed_mentions.get("roles") or []
        if "users" in parse and raw_users:
            raise AllowedMentionsError("users", raw_users)
        if "roles" in parse and raw_roles:
            raise AllowedMentionsError("roles", raw_roles)
        listed_users = {int(u) for u in raw_users}
        listed_roles = {int(r) for r in raw_roles}
        ping_replied = bool(allowed_mentions.get("replied_user", False))

    users = {
        uid
        for uid in (int(m) for m in USER_MENTION.findall(content))
        if uid in known_users and ("users" in parse or uid in listed_users)
    }
    roles = {
        rid
        for rid in (int(m) for m in ROLE_MENTION.findall(content))
        if rid in known_roles
        and ("roles" in parse or rid in listed_roles)
        and (rid in mentionable_roles or can_mention_everyone)
    }
    everyone = "everyone" in parse and can_mention_everyone and bool(EVERYONE_MENTION.search(content))
    if replied_user_id is not None and ping_replied:
        users.add(replied_user_id)
    return Pinged(users=frozenset(users), roles=frozenset(roles), everyone=everyone)

"""What the bot knows about members: their preferences and the names they go by in a server.

Names are remembered from the events that carry them (reactions, commands), so a reminder can
say who else is coming without asking Discord for every attendee.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.db.database import Database


class MemberRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def remember_name(self, guild_id: int, user_id: int, display_name: str) -> None:
        await self._db.execute(
            "INSERT INTO members (guild_id, user_id, display_name) VALUES (?, ?, ?)"
            " ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name"
            " WHERE display_name != excluded.display_name",
            (guild_id, user_id, display_name),
        )

    async def names(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        wanted = list(user_ids)
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        rows = await self._db.fetch_all(
            f"SELECT user_id, display_name FROM members WHERE guild_id = ? AND user_id IN ({marks})",
            (guild_id, *wanted),
        )
        return {row["user_id"]: row["display_name"] for row in rows}

    async def set_reminders(self, user_id: int, on: bool) -> None:
        await self._db.execute(
            "INSERT INTO member_prefs (user_id, reminders) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET reminders = excluded.reminders",
            (user_id, int(on)),
        )

    async def reminders_off(self, user_ids: Iterable[int]) -> set[int]:
        wanted = list(user_ids)
        if not wanted:
            return set()
        marks = ", ".join("?" for _ in wanted)
        rows = await self._db.fetch_all(
            f"SELECT user_id FROM member_prefs WHERE reminders = 0 AND user_id IN ({marks})", tuple(wanted)
        )
        return {row["user_id"] for row in rows}

    async def set_timezone(self, user_id: int, timezone: str | None) -> None:
        await self._db.execute(
            "INSERT INTO member_prefs (user_id, timezone) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET timezone = excluded.timezone",
            (user_id, timezone),
        )

    async def timezone(self, user_id: int) -> str | None:
        row = await self._db.fetch_one("SELECT timezone FROM member_prefs WHERE user_id = ?", (user_id,))
        return None if row is None else row["timezone"]

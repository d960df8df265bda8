"""What the bot knows about members: their preferences and the names they go by in a server.

Names are remembered from the events that carry them (reactions, commands), so a reminder can
say who else is coming without asking Discord for every attendee.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from bot.db.database import Database
from bot.db.schema import member_prefs, members
from bot.db.sql import upsert


class MemberRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def remember_name(self, guild_id: int, user_id: int, display_name: str) -> None:
        statement = upsert(self._db, members).values(
            guild_id=guild_id, user_id=user_id, display_name=display_name
        )
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["guild_id", "user_id"],
                set_={"display_name": statement.excluded.display_name},
                where=members.c.display_name != statement.excluded.display_name,
            )
        )

    async def names(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        wanted = list(user_ids)
        if not wanted:
            return {}
        rows = await self._db.fetch_all(
            select(members.c.user_id, members.c.display_name).where(
                members.c.guild_id == guild_id, members.c.user_id.in_(wanted)
            )
        )
        return {row["user_id"]: row["display_name"] for row in rows}

    async def _set_pref(self, user_id: int, column: str, value: object) -> None:
        statement = upsert(self._db, member_prefs).values({"user_id": user_id, column: value})
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["user_id"], set_={column: statement.excluded[column]}
            )
        )

    async def set_reminders(self, user_id: int, on: bool) -> None:
        await self._set_pref(user_id, "reminders", int(on))

    async def reminders_off(self, user_ids: Iterable[int]) -> set[int]:
        wanted = list(user_ids)
        if not wanted:
            return set()
        rows = await self._db.fetch_all(
            select(member_prefs.c.user_id).where(
                member_prefs.c.reminders == 0, member_prefs.c.user_id.in_(wanted)
            )
        )
        return {row["user_id"] for row in rows}

    async def set_language(self, user_id: int, language: str) -> None:
        await self._set_pref(user_id, "language", language)

    async def languages(self, user_ids: Iterable[int]) -> dict[int, str]:
        """The language of each member's last interaction, for those the bot has seen."""
        wanted = list(user_ids)
        if not wanted:
            return {}
        rows = await self._db.fetch_all(
            select(member_prefs.c.user_id, member_prefs.c.language).where(
                member_prefs.c.user_id.in_(wanted), member_prefs.c.language.is_not(None)
            )
        )
        return {row["user_id"]: row["language"] for row in rows}

    async def set_timezone(self, user_id: int, timezone: str | None) -> None:
        await self._set_pref(user_id, "timezone", timezone)

    async def timezone(self, user_id: int) -> str | None:
        row = await self._db.fetch_one(
            select(member_prefs.c.timezone).where(member_prefs.c.user_id == user_id)
        )
        return None if row is None else row["timezone"]

"""Votes (one row per member per option) and invitations to a poll."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.db.codec import when_to_db
from bot.db.database import Database
from bot.domain.model import Vote, VoteKind


class VoteRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(self, meetup_id: int, vote: Vote, at: datetime) -> bool:
        """Record a vote; False if the member had already voted for that option."""
        changed = await self._db.execute(
            "INSERT OR IGNORE INTO votes (meetup_id, kind, position, user_id, voted_at) VALUES (?, ?, ?, ?, ?)",
            (meetup_id, vote.kind.value, vote.position, vote.user_id, when_to_db(at)),
        )
        return changed == 1

    async def remove(self, meetup_id: int, vote: Vote) -> bool:
        changed = await self._db.execute(
            "DELETE FROM votes WHERE meetup_id = ? AND kind = ? AND position = ? AND user_id = ?",
            (meetup_id, vote.kind.value, vote.position, vote.user_id),
        )
        return changed == 1

    async def for_meetup(self, meetup_id: int) -> list[Vote]:
        """Every vote, oldest first, so voter lists show who answered first."""
        rows = await self._db.fetch_all(
            "SELECT kind, position, user_id FROM votes WHERE meetup_id = ? ORDER BY voted_at, rowid",
            (meetup_id,),
        )
        return [Vote(VoteKind(row["kind"]), row["position"], row["user_id"]) for row in rows]

    async def replace(
        self, meetup_id: int, kind: VoteKind, current: Iterable[Vote], at: datetime
    ) -> tuple[int, int]:
        """Make the stored votes of one kind equal ``current``; returns (added, removed).

        Votes that stay keep their original time, so the order of voters is not disturbed.
        """
        wanted = {(vote.position, vote.user_id) for vote in current if vote.kind is kind}
        rows = await self._db.fetch_all(
            "SELECT position, user_id FROM votes WHERE meetup_id = ? AND kind = ?", (meetup_id, kind.value)
        )
        stored = {(row["position"], row["user_id"]) for row in rows}
        for position, user_id in stored - wanted:
            await self.remove(meetup_id, Vote(kind, position, user_id))
        for position, user_id in sorted(wanted - stored):
            await self.add(meetup_id, Vote(kind, position, user_id), at)
        return len(wanted - stored), len(stored - wanted)


class InviteRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(self, meetup_id: int, user_ids: Iterable[int]) -> None:
        await self._db.execute_many(
            "INSERT OR IGNORE INTO invites (meetup_id, user_id) VALUES (?, ?)",
            [(meetup_id, user_id) for user_id in user_ids],
        )

    async def for_meetup(self, meetup_id: int) -> list[int]:
        rows = await self._db.fetch_all(
            "SELECT user_id FROM invites WHERE meetup_id = ? ORDER BY rowid", (meetup_id,)
        )
        return [row["user_id"] for row in rows]

"""Votes (one row per member per option) and invitations to a poll."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select

from bot.db.database import Database
from bot.db.schema import invites, votes
from bot.db.sql import insertion_order, upsert
from bot.domain.model import Vote, VoteKind


class VoteRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(self, meetup_id: int, vote: Vote, at: datetime) -> bool:
        """Record a vote; False if the member had already voted for that option."""
        changed = await self._db.execute(
            upsert(self._db, votes)
            .values(
                meetup_id=meetup_id,
                kind=vote.kind.value,
                position=vote.position,
                user_id=vote.user_id,
                voted_at=at,
            )
            .on_conflict_do_nothing(index_elements=["meetup_id", "kind", "position", "user_id"])
        )
        return changed == 1

    async def remove(self, meetup_id: int, vote: Vote) -> bool:
        changed = await self._db.execute(
            delete(votes).where(
                votes.c.meetup_id == meetup_id,
                votes.c.kind == vote.kind.value,
                votes.c.position == vote.position,
                votes.c.user_id == vote.user_id,
            )
        )
        return changed == 1

    async def for_meetup(self, meetup_id: int) -> list[Vote]:
        """Every vote, oldest first, so voter lists show who answered first."""
        rows = await self._db.fetch_all(
            select(votes.c.kind, votes.c.position, votes.c.user_id)
            .where(votes.c.meetup_id == meetup_id)
            .order_by(votes.c.voted_at, *insertion_order(self._db, votes))
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
            select(votes.c.position, votes.c.user_id).where(
                votes.c.meetup_id == meetup_id, votes.c.kind == kind.value
            )
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
            upsert(self._db, invites).on_conflict_do_nothing(index_elements=["meetup_id", "user_id"]),
            [{"meetup_id": meetup_id, "user_id": user_id} for user_id in user_ids],
        )

    async def for_meetup(self, meetup_id: int) -> list[int]:
        rows = await self._db.fetch_all(
            select(invites.c.user_id)
            .where(invites.c.meetup_id == meetup_id)
            .order_by(*insertion_order(self._db, invites))
        )
        return [row["user_id"] for row in rows]

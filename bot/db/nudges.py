"""Scheduled nudges: the rows the scheduler is rebuilt from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import RowMapping, case, func, select, update

from bot.db.database import Database
from bot.db.schema import nudges
from bot.db.sql import upsert
from bot.domain.model import Nudge, NudgeKind, NudgeState, PlannedNudge


def _nudge(row: RowMapping) -> Nudge:
    return Nudge(
        id=row["id"],
        meetup_id=row["meetup_id"],
        kind=NudgeKind(row["kind"]),
        key=row["key"],
        due_at=row["due_at"],
        state=NudgeState(row["state"]),
        sent_at=row["sent_at"],
        late=bool(row["late"]),
        lease_token=row["lease_token"],
    )


class NudgeRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(self, meetup_id: int, planned: Iterable[PlannedNudge]) -> list[Nudge]:
        """Insert the planned nudges and return their rows; one that already exists is left as it is."""
        wanted = list(planned)
        for plan in wanted:
            await self._db.execute(
                upsert(self._db, nudges)
                .values(meetup_id=meetup_id, kind=plan.kind.value, key=plan.key, due_at=plan.due_at)
                .on_conflict_do_nothing(index_elements=["meetup_id", "kind", "key"])
            )
        keys = {(plan.kind, plan.key) for plan in wanted}
        return [nudge for nudge in await self.for_meetup(meetup_id) if (nudge.kind, nudge.key) in keys]

    async def get(self, nudge_id: int) -> Nudge | None:
        row = await self._db.fetch_one(select(nudges).where(nudges.c.id == nudge_id))
        return None if row is None else _nudge(row)

    async def for_meetup(self, meetup_id: int) -> list[Nudge]:
        rows = await self._db.fetch_all(
            select(nudges).where(nudges.c.meetup_id == meetup_id).order_by(nudges.c.due_at, nudges.c.id)
        )
        return [_nudge(row) for row in rows]

    async def backlog(self, now: datetime) -> tuple[int, int]:
        """How many nudges are pending, and how many of those were due by ``now``."""
        row = await self._db.fetch_one(
            select(
                func.count().label("pending"),
                func.coalesce(func.sum(case((nudges.c.due_at <= now, 1), else_=0)), 0).label("overdue"),
            ).where(nudges.c.state == NudgeState.PENDING.value)
        )
        return (int(row["pending"]), int(row["overdue"])) if row else (0, 0)

    async def pending_before(self, horizon: datetime) -> list[Nudge]:
        rows = await self._db.fetch_all(
            select(nudges)
            .where(nudges.c.state == "pending", nudges.c.due_at < horizon)
            .order_by(nudges.c.due_at, nudges.c.id)
        )
        return [_nudge(row) for row in rows]

    async def claim(self, nudge_id: int, holder: str, now: datetime, until: datetime) -> int | None:
        """Take the right to fire a pending nudge until ``until``; returns the claim's token, or
        None when another holder's lease still runs.

        One conditional UPDATE decides: of two connections claiming at once, PostgreSQL makes the
        second wait for the first's row and re-check the condition, SQLite has one writer, so
        exactly one gets the row. A lease that ran out (its holder died or stalled) can be taken
        over. Every claim counts the token up, so a holder that lost its lease is fenced off: what
        it records afterwards names an old token and changes nothing (``renew``, ``finish`` and
        the deliveries' ``mark``).
        """
        rows = await self._db.write_returning(
            update(nudges)
            .where(
                nudges.c.id == nudge_id,
                nudges.c.state == "pending",
                nudges.c.lease_until.is_(None)
                | (nudges.c.lease_until <= now)
                | (nudges.c.lease_holder == holder),
            )
            .values(lease_holder=holder, lease_until=until, lease_token=nudges.c.lease_token + 1)
            .returning(nudges.c.lease_token)
        )
        return rows[0]["lease_token"] if rows else None

    async def renew(self, nudge_id: int, token: int, until: datetime) -> bool:
        """Extend a claim still held (same token, still pending) to ``until``; False once it is lost."""
        changed = await self._db.execute(
            update(nudges)
            .where(nudges.c.id == nudge_id, nudges.c.state == "pending", nudges.c.lease_token == token)
            .values(lease_until=until)
        )
        return changed == 1

    async def abandoned(self, now: datetime, due_before: datetime) -> list[Nudge]:
        """Pending nudges due before ``due_before`` whose claim ran out or that nobody claimed:
        work a dead process left, or that only a dead process had in its schedule."""
        rows = await self._db.fetch_all(
            select(nudges)
            .where(
                nudges.c.state == "pending",
                nudges.c.due_at <= due_before,
                nudges.c.lease_until.is_(None) | (nudges.c.lease_until <= now),
            )
            .order_by(nudges.c.due_at, nudges.c.id)
        )
        return [_nudge(row) for row in rows]

    async def lease_end(self, nudge_id: int) -> datetime | None:
        """When the claim on a still pending nudge runs out (None if it is done or unclaimed)."""
        row = await self._db.fetch_one(
            select(nudges.c.lease_until).where(nudges.c.id == nudge_id, nudges.c.state == "pending")
        )
        return None if row is None else row["lease_until"]

    async def finish(
        self, nudge_id: int, state: NudgeState, at: datetime, *, late: bool, token: int | None = None
    ) -> bool:
        """Mark a pending nudge done; False when it was not pending any more (fired already), or
        when ``token`` is given and a later claim has taken the nudge over.

        The check is part of the UPDATE, so of two connections finishing one nudge only one wins.
        """
        fenced = [] if token is None else [nudges.c.lease_token == token]
        changed = await self._db.execute(
            update(nudges)
            .where(nudges.c.id == nudge_id, nudges.c.state == "pending", *fenced)
            .values(state=state.value, sent_at=at, late=int(late))
        )
        return changed == 1

    async def cancel_pending(self, meetup_id: int, kinds: Iterable[NudgeKind] | None = None) -> list[int]:
        """Cancel a meetup's pending nudges (all, or of the given kinds); returns their ids."""
        wanted = [kind.value for kind in (kinds if kinds is not None else NudgeKind)]
        rows = await self._db.write_returning(
            update(nudges)
            .where(nudges.c.meetup_id == meetup_id, nudges.c.state == "pending", nudges.c.kind.in_(wanted))
            .values(state="cancelled")
            .returning(nudges.c.id)
        )
        return sorted(row["id"] for row in rows)

"""Scheduled nudges: the rows the scheduler is rebuilt from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import RowMapping, select, update

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

    async def pending_before(self, horizon: datetime) -> list[Nudge]:
        rows = await self._db.fetch_all(
            select(nudges)
            .where(nudges.c.state == "pending", nudges.c.due_at < horizon)
            .order_by(nudges.c.due_at, nudges.c.id)
        )
        return [_nudge(row) for row in rows]

    async def claim(self, nudge_id: int, holder: str, now: datetime, until: datetime) -> bool:
        """Take the right to fire a pending nudge until ``until``; False when another holds it.

        One conditional UPDATE decides: of two connections claiming at once, PostgreSQL makes the
        second wait for the first's row and re-check the condition, SQLite has one writer, so
        exactly one gets the row. A lease that ran out (its holder died) can be taken over.
        """
        changed = await self._db.execute(
            update(nudges)
            .where(
                nudges.c.id == nudge_id,
                nudges.c.state == "pending",
                nudges.c.lease_until.is_(None)
                | (nudges.c.lease_until <= now)
                | (nudges.c.lease_holder == holder),
            )
            .values(lease_holder=holder, lease_until=until)
        )
        return changed == 1

    async def lease_end(self, nudge_id: int) -> datetime | None:
        """When the claim on a still pending nudge runs out (None if it is done or unclaimed)."""
        row = await self._db.fetch_one(
            select(nudges.c.lease_until).where(nudges.c.id == nudge_id, nudges.c.state == "pending")
        )
        return None if row is None else row["lease_until"]

    async def finish(self, nudge_id: int, state: NudgeState, at: datetime, *, late: bool) -> bool:
        """Mark a pending nudge done; False when it was not pending any more (fired already).

        The check is part of the UPDATE, so of two connections finishing one nudge only one wins.
        """
        changed = await self._db.execute(
            update(nudges)
            .where(nudges.c.id == nudge_id, nudges.c.state == "pending")
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

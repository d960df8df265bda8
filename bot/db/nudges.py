"""Scheduled nudges: the rows the scheduler is rebuilt from."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from bot.db.codec import maybe_when, when_from_db, when_to_db
from bot.db.database import Database
from bot.domain.model import Nudge, NudgeKind, NudgeState, PlannedNudge


def _nudge(row: sqlite3.Row) -> Nudge:
    return Nudge(
        id=row["id"],
        meetup_id=row["meetup_id"],
        kind=NudgeKind(row["kind"]),
        key=row["key"],
        due_at=when_from_db(row["due_at"]),
        state=NudgeState(row["state"]),
        sent_at=maybe_when(row["sent_at"]),
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
                "INSERT INTO nudges (meetup_id, kind, key, due_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (meetup_id, kind, key) DO NOTHING",
                (meetup_id, plan.kind.value, plan.key, when_to_db(plan.due_at)),
            )
        keys = {(plan.kind, plan.key) for plan in wanted}
        return [nudge for nudge in await self.for_meetup(meetup_id) if (nudge.kind, nudge.key) in keys]

    async def get(self, nudge_id: int) -> Nudge | None:
        row = await self._db.fetch_one("SELECT * FROM nudges WHERE id = ?", (nudge_id,))
        return None if row is None else _nudge(row)

    async def for_meetup(self, meetup_id: int) -> list[Nudge]:
        rows = await self._db.fetch_all(
            "SELECT * FROM nudges WHERE meetup_id = ? ORDER BY due_at, id", (meetup_id,)
        )
        return [_nudge(row) for row in rows]

    async def pending_before(self, horizon: datetime) -> list[Nudge]:
        rows = await self._db.fetch_all(
            "SELECT * FROM nudges WHERE state = 'pending' AND due_at < ? ORDER BY due_at, id",
            (when_to_db(horizon),),
        )
        return [_nudge(row) for row in rows]

    async def finish(self, nudge_id: int, state: NudgeState, at: datetime, *, late: bool) -> bool:
        """Mark a pending nudge done; False when it was not pending any more (fired already)."""
        changed = await self._db.execute(
            "UPDATE nudges SET state = ?, sent_at = ?, late = ? WHERE id = ? AND state = 'pending'",
            (state.value, when_to_db(at), int(late), nudge_id),
        )
        return changed == 1

    async def cancel_pending(self, meetup_id: int, kinds: Iterable[NudgeKind] | None = None) -> list[int]:
        """Cancel a meetup's pending nudges (all, or of the given kinds); returns their ids."""
        wanted = [kind.value for kind in kinds] if kinds is not None else [kind.value for kind in NudgeKind]
        marks = ", ".join("?" for _ in wanted)
        rows = await self._db.fetch_all(
            f"SELECT id FROM nudges WHERE meetup_id = ? AND state = 'pending' AND kind IN ({marks})",
            (meetup_id, *wanted),
        )
        ids = [row["id"] for row in rows]
        await self._db.execute_many("UPDATE nudges SET state = 'cancelled' WHERE id = ?", [(i,) for i in ids])
        return ids

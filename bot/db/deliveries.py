"""Who a nudge goes to, and whether each of them has it yet.

Recipients are fixed the first time a nudge fires, so a restart half-way through a fan-out
resumes with the same people and skips those already served.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.db.codec import when_to_db
from bot.db.database import Database
from bot.domain.model import RsvpStatus


@dataclass(frozen=True)
class Delivery:
    user_id: int
    status: RsvpStatus
    state: str


class DeliveryRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def fix_recipients(self, nudge_id: int, recipients: Iterable[tuple[int, RsvpStatus]]) -> None:
        """Record the recipients unless the nudge already has them."""
        existing = await self._db.fetch_one(
            "SELECT 1 FROM deliveries WHERE nudge_id = ? LIMIT 1", (nudge_id,)
        )
        if existing is not None:
            return
        await self._db.execute_many(
            "INSERT INTO deliveries (nudge_id, user_id, status) VALUES (?, ?, ?)",
            [(nudge_id, user_id, status.value) for user_id, status in recipients],
        )

    async def for_nudge(self, nudge_id: int) -> list[Delivery]:
        rows = await self._db.fetch_all(
            "SELECT user_id, status, state FROM deliveries WHERE nudge_id = ? ORDER BY rowid", (nudge_id,)
        )
        return [Delivery(row["user_id"], RsvpStatus(row["status"]), row["state"]) for row in rows]

    async def mark(self, nudge_id: int, user_id: int, state: str, at: datetime) -> None:
        await self._db.execute(
            "UPDATE deliveries SET state = ?, done_at = ? WHERE nudge_id = ? AND user_id = ? AND state = 'pending'",
            (state, when_to_db(at), nudge_id, user_id),
        )

    async def set_fallback(self, nudge_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE nudges SET fallback_message_id = ? WHERE id = ?", (message_id, nudge_id)
        )

    async def fallback(self, nudge_id: int) -> int | None:
        row = await self._db.fetch_one("SELECT fallback_message_id FROM nudges WHERE id = ?", (nudge_id,))
        return None if row is None else row["fallback_message_id"]

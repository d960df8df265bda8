"""Who a nudge goes to, and whether each of them has it yet.

Recipients are fixed the first time a nudge fires, so a restart half-way through a fan-out
resumes with the same people and skips those already served.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, literal, select, update

from bot.db.database import Database
from bot.db.schema import deliveries, nudges
from bot.db.sql import insertion_order, upsert
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
        """Record the recipients unless the nudge already has them.

        A recipient already recorded (by another connection fixing the same nudge) is kept as it
        is, so the first list to be written stays the list.
        """
        existing = await self._db.fetch_one(
            select(literal(1)).where(deliveries.c.nudge_id == nudge_id).limit(1)
        )
        if existing is not None:
            return
        await self._db.execute_many(
            upsert(self._db, deliveries).on_conflict_do_nothing(index_elements=["nudge_id", "user_id"]),
            [
                {"nudge_id": nudge_id, "user_id": user_id, "status": status.value}
                for user_id, status in recipients
            ],
        )

    async def for_nudge(self, nudge_id: int) -> list[Delivery]:
        rows = await self._db.fetch_all(
            select(deliveries.c.user_id, deliveries.c.status, deliveries.c.state)
            .where(deliveries.c.nudge_id == nudge_id)
            .order_by(*insertion_order(self._db, deliveries))
        )
        return [Delivery(row["user_id"], RsvpStatus(row["status"]), row["state"]) for row in rows]

    async def mark(
        self, nudge_id: int, user_id: int, state: str, at: datetime, *, token: int | None = None
    ) -> bool:
        """Record one recipient's outcome; False when it was recorded already (by anyone), or when
        ``token`` is given and the nudge's claim has passed to a later holder (who sends it)."""
        fenced = (
            []
            if token is None
            else [
                exists().where(
                    nudges.c.id == nudge_id, nudges.c.state == "pending", nudges.c.lease_token == token
                )
            ]
        )
        changed = await self._db.execute(
            update(deliveries)
            .where(
                deliveries.c.nudge_id == nudge_id,
                deliveries.c.user_id == user_id,
                deliveries.c.state == "pending",
                *fenced,
            )
            .values(state=state, done_at=at)
        )
        return changed == 1

    async def set_fallback(self, nudge_id: int, message_id: int) -> None:
        await self._db.execute(
            update(nudges).where(nudges.c.id == nudge_id).values(fallback_message_id=message_id)
        )

    async def fallback(self, nudge_id: int) -> int | None:
        row = await self._db.fetch_one(select(nudges.c.fallback_message_id).where(nudges.c.id == nudge_id))
        return None if row is None else row["fallback_message_id"]

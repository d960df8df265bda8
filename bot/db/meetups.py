"""Meetups and their options: the rows behind every poll and announcement."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from bot.db.codec import maybe_seconds, maybe_when, when_from_db, when_to_db
from bot.db.database import Database
from bot.domain.model import DateOption, Meetup, MeetupStatus, NewMeetup, VenueOption


def _meetup(row: sqlite3.Row) -> Meetup:
    return Meetup(
        id=row["id"],
        guild_id=row["guild_id"],
        number=row["number"],
        channel_id=row["channel_id"],
        organizer_id=row["organizer_id"],
        title=row["title"],
        details=row["details"],
        status=MeetupStatus(row["status"]),
        created_at=when_from_db(row["created_at"]),
        closes_at=when_from_db(row["closes_at"]),
        starts_at=maybe_when(row["starts_at"]),
        length=maybe_seconds(row["length_seconds"]),
        capacity=row["capacity"],
        min_people=row["min_people"],
        poll_message_id=row["poll_message_id"],
        announcement_message_id=row["announcement_message_id"],
        won_by_tie=bool(row["won_by_tie"]),
        venue_name=row["venue_name"],
        venue_address=row["venue_address"],
        venue_link=row["venue_link"],
        private_address=bool(row["private_address"]),
        cancel_reason=row["cancel_reason"],
        repeat_of=row["repeat_of"],
        timezone=row["timezone"],
        calendar_sequence=row["calendar_sequence"],
        scheduled_event_id=row["scheduled_event_id"],
        events_hint=bool(row["events_hint"]),
    )


class MeetupRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def create(self, draft: NewMeetup) -> Meetup:
        """Insert a meetup with the next number in its server, and its options.

        The number is taken inside the INSERT and the row comes back with RETURNING, so the write
        lock is held for as few trips to the database thread as possible.
        """
        rows = await self._db.write_returning(
            "INSERT INTO meetups (guild_id, number, channel_id, organizer_id, title, details, created_at,"
            " closes_at, capacity, min_people, private_address, timezone)"
            " VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM meetups WHERE guild_id = ?),"
            " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (
                draft.guild_id,
                draft.guild_id,
                draft.channel_id,
                draft.organizer_id,
                draft.title,
                draft.details,
                when_to_db(draft.created_at),
                when_to_db(draft.closes_at),
                draft.capacity,
                draft.min_people,
                int(draft.private_address),
                draft.timezone,
            ),
        )
        created = _meetup(rows[0])
        await self._db.execute_many(
            "INSERT INTO date_options (meetup_id, position, starts_at, source_text) VALUES (?, ?, ?, ?)",
            [(created.id, o.position, when_to_db(o.starts_at), o.source_text) for o in draft.dates],
        )
        await self.add_venues(created.id, draft.venues)
        return created

    async def add_venues(self, meetup_id: int, venues: Iterable[VenueOption]) -> None:
        await self._db.execute_many(
            "INSERT INTO venue_options (meetup_id, position, name, address, link, suggested_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(meetup_id, v.position, v.name, v.address, v.link, v.suggested_by) for v in venues],
        )

    async def get(self, meetup_id: int) -> Meetup | None:
        row = await self._db.fetch_one("SELECT * FROM meetups WHERE id = ?", (meetup_id,))
        return None if row is None else _meetup(row)

    async def by_number(self, guild_id: int, number: int) -> Meetup | None:
        row = await self._db.fetch_one(
            "SELECT * FROM meetups WHERE guild_id = ? AND number = ?", (guild_id, number)
        )
        return None if row is None else _meetup(row)

    async def by_poll_message(self, message_id: int) -> Meetup | None:
        row = await self._db.fetch_one("SELECT * FROM meetups WHERE poll_message_id = ?", (message_id,))
        return None if row is None else _meetup(row)

    async def by_announcement(self, message_id: int) -> Meetup | None:
        row = await self._db.fetch_one(
            "SELECT * FROM meetups WHERE announcement_message_id = ?", (message_id,)
        )
        return None if row is None else _meetup(row)

    async def in_guild(
        self, guild_id: int, statuses: Iterable[MeetupStatus], *, limit: int = 25
    ) -> list[Meetup]:
        wanted = [status.value for status in statuses]
        marks = ", ".join("?" for _ in wanted)
        rows = await self._db.fetch_all(
            f"SELECT * FROM meetups WHERE guild_id = ? AND status IN ({marks})"
            " ORDER BY COALESCE(starts_at, closes_at), number LIMIT ?",
            (guild_id, *wanted, limit),
        )
        return [_meetup(row) for row in rows]

    async def search(self, guild_id: int, text: str, *, limit: int = 25) -> list[Meetup]:
        """Meetups whose number or title contains ``text``, newest first, for autocomplete."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = await self._db.fetch_all(
            "SELECT * FROM meetups WHERE guild_id = ? AND (title LIKE ? ESCAPE '\\' OR CAST(number AS TEXT) LIKE ?"
            " ESCAPE '\\') ORDER BY status IN ('done', 'cancelled'), number DESC LIMIT ?",
            (guild_id, pattern, pattern, limit),
        )
        return [_meetup(row) for row in rows]

    async def polling(self) -> list[Meetup]:
        rows = await self._db.fetch_all("SELECT * FROM meetups WHERE status = 'polling' ORDER BY id")
        return [_meetup(row) for row in rows]

    async def announced(self, *, starting_after: datetime) -> list[Meetup]:
        """Scheduled meetups with an announcement (whose RSVPs live in its reactions) that start
        after ``starting_after``."""
        rows = await self._db.fetch_all(
            "SELECT * FROM meetups WHERE status = 'scheduled' AND announcement_message_id IS NOT NULL"
            " AND starts_at > ? ORDER BY starts_at",
            (when_to_db(starting_after),),
        )
        return [_meetup(row) for row in rows]

    async def unannounced(self) -> list[Meetup]:
        """Scheduled meetups whose announcement was never posted (the bot stopped in between)."""
        rows = await self._db.fetch_all(
            "SELECT * FROM meetups WHERE status = 'scheduled' AND announcement_message_id IS NULL ORDER BY id"
        )
        return [_meetup(row) for row in rows]

    async def date_options(self, meetup_id: int) -> list[DateOption]:
        rows = await self._db.fetch_all(
            "SELECT * FROM date_options WHERE meetup_id = ? ORDER BY position", (meetup_id,)
        )
        return [
            DateOption(row["position"], when_from_db(row["starts_at"]), row["source_text"]) for row in rows
        ]

    async def venue_options(self, meetup_id: int) -> list[VenueOption]:
        rows = await self._db.fetch_all(
            "SELECT * FROM venue_options WHERE meetup_id = ? ORDER BY position", (meetup_id,)
        )
        return [
            VenueOption(row["position"], row["name"], row["address"], row["link"], row["suggested_by"])
            for row in rows
        ]

    async def set_poll_message(self, meetup_id: int, message_id: int) -> None:
        await self._db.execute("UPDATE meetups SET poll_message_id = ? WHERE id = ?", (message_id, meetup_id))

    async def set_announcement(self, meetup_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE meetups SET announcement_message_id = ? WHERE id = ?", (message_id, meetup_id)
        )

    async def schedule(self, meetup_id: int, starts_at: datetime, *, won_by_tie: bool) -> bool:
        """Move a polling meetup to scheduled; False when it was not polling any more."""
        changed = await self._db.execute(
            "UPDATE meetups SET status = 'scheduled', starts_at = ?, won_by_tie = ? WHERE id = ? AND status = 'polling'",
            (when_to_db(starts_at), int(won_by_tie), meetup_id),
        )
        return changed == 1

    async def set_venue(self, meetup_id: int, venue: VenueOption, key: str) -> None:
        await self._db.execute(
            "UPDATE meetups SET venue_name = ?, venue_address = ?, venue_link = ?, venue_key = ? WHERE id = ?",
            (venue.name, venue.address, venue.link, key, meetup_id),
        )

    async def move(self, meetup_id: int, starts_at: datetime) -> bool:
        changed = await self._db.execute(
            "UPDATE meetups SET starts_at = ? WHERE id = ? AND status = 'scheduled'",
            (when_to_db(starts_at), meetup_id),
        )
        return changed == 1

    async def cancel(self, meetup_id: int, reason: str | None) -> bool:
        changed = await self._db.execute(
            "UPDATE meetups SET status = 'cancelled', cancel_reason = ? WHERE id = ?"
            " AND status IN ('polling', 'scheduled')",
            (reason, meetup_id),
        )
        return changed == 1

    async def bump_calendar(self, meetup_id: int) -> None:
        """A change calendars must pick up: the next file carries a higher SEQUENCE."""
        await self._db.execute(
            "UPDATE meetups SET calendar_sequence = calendar_sequence + 1 WHERE id = ?", (meetup_id,)
        )

    async def set_scheduled_event(self, meetup_id: int, event_id: int | None) -> None:
        await self._db.execute(
            "UPDATE meetups SET scheduled_event_id = ? WHERE id = ?", (event_id, meetup_id)
        )

    async def set_events_hint(self, meetup_id: int) -> None:
        await self._db.execute("UPDATE meetups SET events_hint = 1 WHERE id = ?", (meetup_id,))

    async def set_repeat_of(self, meetup_id: int, previous_id: int) -> None:
        await self._db.execute("UPDATE meetups SET repeat_of = ? WHERE id = ?", (previous_id, meetup_id))

    async def repeated(self, meetup_id: int) -> bool:
        row = await self._db.fetch_one("SELECT 1 FROM meetups WHERE repeat_of = ? LIMIT 1", (meetup_id,))
        return row is not None

    async def finish(self, meetup_id: int) -> bool:
        changed = await self._db.execute(
            "UPDATE meetups SET status = 'done' WHERE id = ? AND status = 'scheduled'", (meetup_id,)
        )
        return changed == 1

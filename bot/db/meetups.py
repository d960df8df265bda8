"""Meetups and their options: the rows behind every poll and announcement."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    RowMapping,
    ScalarSelect,
    Text,
    cast,
    func,
    insert,
    literal,
    select,
    update,
)

from bot.db.codec import maybe_seconds
from bot.db.database import Database
from bot.db.schema import date_options, meetups, venue_options
from bot.domain.model import DateOption, Meetup, MeetupStatus, NewMeetup, VenueOption

ACTIVE = ("polling", "scheduled")


def _meetup(row: RowMapping) -> Meetup:
    return Meetup(
        id=row["id"],
        guild_id=row["guild_id"],
        number=row["number"],
        channel_id=row["channel_id"],
        organizer_id=row["organizer_id"],
        title=row["title"],
        details=row["details"],
        status=MeetupStatus(row["status"]),
        created_at=row["created_at"],
        closes_at=row["closes_at"],
        starts_at=row["starts_at"],
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
        repeat_rule=row["repeat_rule"],
        series_id=row["series_id"],
        occurrence_at=row["occurrence_at"],
    )


def _next_number(guild_id: int) -> ScalarSelect[int]:
    """The server's next meetup number, taken inside the INSERT that uses it."""
    return (
        select(func.coalesce(func.max(meetups.c.number), 0) + 1)
        .where(meetups.c.guild_id == guild_id)
        .scalar_subquery()
    )


class MeetupRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def create(self, draft: NewMeetup) -> Meetup:
        """Insert a meetup with the next number in its server, and its options.

        The number is taken inside the INSERT and the row comes back with RETURNING, so the write
        lock is held for as few trips to the database as possible; the unique (server, number)
        constraint refuses a second process that took the same number at the same moment.
        """
        rows = await self._db.write_returning(
            insert(meetups)
            .values(
                guild_id=draft.guild_id,
                number=_next_number(draft.guild_id),
                channel_id=draft.channel_id,
                organizer_id=draft.organizer_id,
                title=draft.title,
                details=draft.details,
                created_at=draft.created_at,
                closes_at=draft.closes_at,
                capacity=draft.capacity,
                min_people=draft.min_people,
                private_address=int(draft.private_address),
                timezone=draft.timezone,
                repeat_rule=draft.repeat_rule,
            )
            .returning(*meetups.c)
        )
        created = _meetup(rows[0])
        await self._db.execute_many(
            insert(date_options),
            [
                {
                    "meetup_id": created.id,
                    "position": o.position,
                    "starts_at": o.starts_at,
                    "source_text": o.source_text,
                }
                for o in draft.dates
            ],
        )
        await self.add_venues(created.id, draft.venues)
        return created

    async def create_occurrence(
        self, previous: Meetup, *, occurrence_at: datetime, starts_at: datetime, created_at: datetime
    ) -> Meetup:
        """The next occurrence of ``previous``'s series: scheduled at once, with its own number,
        answers and nudges, and everything else as the series had it. The unique (series,
        occurrence) index refuses a second row for the same occurrence."""
        rows = await self._db.write_returning(
            insert(meetups)
            .values(
                guild_id=previous.guild_id,
                number=_next_number(previous.guild_id),
                channel_id=previous.channel_id,
                organizer_id=previous.organizer_id,
                title=previous.title,
                details=previous.details,
                status="scheduled",
                created_at=created_at,
                closes_at=created_at,
                starts_at=starts_at,
                length_seconds=None if previous.length is None else int(previous.length.total_seconds()),
                capacity=previous.capacity,
                venue_name=previous.venue_name,
                venue_address=previous.venue_address,
                venue_link=previous.venue_link,
                venue_key=select(meetups.c.venue_key).where(meetups.c.id == previous.id).scalar_subquery(),
                private_address=int(previous.private_address),
                timezone=previous.timezone,
                series_id=previous.series_id,
                occurrence_at=occurrence_at,
            )
            .returning(*meetups.c)
        )
        return _meetup(rows[0])

    async def add_venues(self, meetup_id: int, venues: Iterable[VenueOption]) -> None:
        await self._db.execute_many(
            insert(venue_options),
            [
                {
                    "meetup_id": meetup_id,
                    "position": v.position,
                    "name": v.name,
                    "address": v.address,
                    "link": v.link,
                    "suggested_by": v.suggested_by,
                }
                for v in venues
            ],
        )

    async def _one(self, *conditions: ColumnElement[bool]) -> Meetup | None:
        row = await self._db.fetch_one(select(meetups).where(*conditions))
        return None if row is None else _meetup(row)

    async def get(self, meetup_id: int) -> Meetup | None:
        return await self._one(meetups.c.id == meetup_id)

    async def by_number(self, guild_id: int, number: int) -> Meetup | None:
        return await self._one(meetups.c.guild_id == guild_id, meetups.c.number == number)

    async def by_poll_message(self, message_id: int) -> Meetup | None:
        return await self._one(meetups.c.poll_message_id == message_id)

    async def by_announcement(self, message_id: int) -> Meetup | None:
        return await self._one(meetups.c.announcement_message_id == message_id)

    async def in_guild(
        self, guild_id: int, statuses: Iterable[MeetupStatus], *, limit: int = 25
    ) -> list[Meetup]:
        rows = await self._db.fetch_all(
            select(meetups)
            .where(meetups.c.guild_id == guild_id, meetups.c.status.in_([s.value for s in statuses]))
            .order_by(func.coalesce(meetups.c.starts_at, meetups.c.closes_at), meetups.c.number)
            .limit(limit)
        )
        return [_meetup(row) for row in rows]

    async def search(
        self, guild_id: int, text: str, *, limit: int = 25, scheduled_in_series: bool = False
    ) -> list[Meetup]:
        """Meetups whose number or title contains ``text``, newest first, for autocomplete;
        ``scheduled_in_series`` keeps only dates of a series still to come."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        narrowed = (
            [meetups.c.series_id.is_not(None), meetups.c.status == "scheduled"] if scheduled_in_series else []
        )
        rows = await self._db.fetch_all(
            select(meetups)
            .where(
                meetups.c.guild_id == guild_id,
                meetups.c.title.like(pattern, escape="\\")
                | cast(meetups.c.number, Text).like(pattern, escape="\\"),
                *narrowed,
            )
            .order_by(meetups.c.status.in_(["done", "cancelled"]), meetups.c.number.desc())
            .limit(limit)
        )
        return [_meetup(row) for row in rows]

    async def polling(self) -> list[Meetup]:
        rows = await self._db.fetch_all(
            select(meetups).where(meetups.c.status == "polling").order_by(meetups.c.id)
        )
        return [_meetup(row) for row in rows]

    async def announced(self, *, starting_after: datetime, guild_id: int | None = None) -> list[Meetup]:
        """Scheduled meetups with an announcement (whose RSVPs live in its reactions) that start
        after ``starting_after``, in every server or in ``guild_id``."""
        conditions = [
            meetups.c.status == "scheduled",
            meetups.c.announcement_message_id.is_not(None),
            meetups.c.starts_at > starting_after,
        ]
        if guild_id is not None:
            conditions.append(meetups.c.guild_id == guild_id)
        rows = await self._db.fetch_all(select(meetups).where(*conditions).order_by(meetups.c.starts_at))
        return [_meetup(row) for row in rows]

    async def unannounced(self) -> list[Meetup]:
        """Scheduled meetups whose announcement was never posted (the bot stopped in between)."""
        rows = await self._db.fetch_all(
            select(meetups)
            .where(meetups.c.status == "scheduled", meetups.c.announcement_message_id.is_(None))
            .order_by(meetups.c.id)
        )
        return [_meetup(row) for row in rows]

    async def open_in_series(self, series_id: int) -> list[Meetup]:
        """A series' occurrences still to happen whose message is posted."""
        rows = await self._db.fetch_all(
            select(meetups)
            .where(
                meetups.c.series_id == series_id,
                meetups.c.status == "scheduled",
                meetups.c.announcement_message_id.is_not(None),
            )
            .order_by(meetups.c.starts_at)
        )
        return [_meetup(row) for row in rows]

    async def date_options(self, meetup_id: int) -> list[DateOption]:
        rows = await self._db.fetch_all(
            select(date_options)
            .where(date_options.c.meetup_id == meetup_id)
            .order_by(date_options.c.position)
        )
        return [DateOption(row["position"], row["starts_at"], row["source_text"]) for row in rows]

    async def venue_options(self, meetup_id: int) -> list[VenueOption]:
        rows = await self._db.fetch_all(
            select(venue_options)
            .where(venue_options.c.meetup_id == meetup_id)
            .order_by(venue_options.c.position)
        )
        return [
            VenueOption(row["position"], row["name"], row["address"], row["link"], row["suggested_by"])
            for row in rows
        ]

    async def _set(self, meetup_id: int, *conditions: ColumnElement[bool], **values: object) -> bool:
        """Update one meetup's columns, if it also meets ``conditions``; True when it changed."""
        changed = await self._db.execute(
            update(meetups).where(meetups.c.id == meetup_id, *conditions).values(**values)
        )
        return changed == 1

    async def set_poll_message(self, meetup_id: int, message_id: int) -> None:
        await self._set(meetup_id, poll_message_id=message_id)

    async def set_announcement(self, meetup_id: int, message_id: int) -> None:
        await self._set(meetup_id, announcement_message_id=message_id)

    async def schedule(self, meetup_id: int, starts_at: datetime, *, won_by_tie: bool) -> bool:
        """Move a polling meetup to scheduled; False when it was not polling any more.

        The condition is part of the UPDATE, so of two connections closing the same poll at
        once exactly one changes the row (PostgreSQL re-checks it after the other commits).
        """
        return await self._set(
            meetup_id,
            meetups.c.status == "polling",
            status="scheduled",
            starts_at=starts_at,
            won_by_tie=int(won_by_tie),
        )

    async def set_venue(self, meetup_id: int, venue: VenueOption, key: str) -> None:
        await self._set(
            meetup_id,
            venue_name=venue.name,
            venue_address=venue.address,
            venue_link=venue.link,
            venue_key=key,
        )

    async def move(self, meetup_id: int, starts_at: datetime) -> bool:
        return await self._set(meetup_id, meetups.c.status == "scheduled", starts_at=starts_at)

    async def cancel(self, meetup_id: int, reason: str | None) -> bool:
        return await self._set(
            meetup_id, meetups.c.status.in_(ACTIVE), status="cancelled", cancel_reason=reason
        )

    async def bump_calendar(self, meetup_id: int) -> None:
        """A change calendars must pick up: the next file carries a higher SEQUENCE."""
        await self._set(meetup_id, calendar_sequence=meetups.c.calendar_sequence + 1)

    async def set_scheduled_event(self, meetup_id: int, event_id: int | None) -> None:
        await self._set(meetup_id, scheduled_event_id=event_id)

    async def set_events_hint(self, meetup_id: int) -> None:
        await self._set(meetup_id, events_hint=1)

    async def set_repeat_of(self, meetup_id: int, previous_id: int) -> None:
        await self._set(meetup_id, repeat_of=previous_id)

    async def repeated(self, meetup_id: int) -> bool:
        row = await self._db.fetch_one(select(literal(1)).where(meetups.c.repeat_of == meetup_id).limit(1))
        return row is not None

    async def lock(self, meetup_id: int) -> None:
        """Hold the meetup's row until the transaction ends (PostgreSQL; SQLite has one writer).

        Use cases that read a meetup's rows and then write what follows from them (promoting from
        the waitlist) take it first, so another process doing the same waits its turn.
        """
        if self._db.dialect == "postgresql":
            await self._db.fetch_all(select(meetups.c.id).where(meetups.c.id == meetup_id).with_for_update())

    async def finish(self, meetup_id: int) -> bool:
        return await self._set(meetup_id, meetups.c.status == "scheduled", status="done")

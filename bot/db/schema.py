"""The schema, declared once for both engines.

It matches, column for column, what the numbered ``.sql`` migrations of earlier releases built on
SQLite (so a database they made is adopted as it is): integers stay ``INTEGER`` there, Discord ids
become ``BIGINT`` on PostgreSQL, and times are UTC ISO text on SQLite and ``timestamptz`` on
PostgreSQL, both read back as aware UTC datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import TIMESTAMP
from sqlalchemy.types import TypeDecorator, TypeEngine

from bot.db.codec import when_from_db, when_to_db

Id = BigInteger().with_variant(Integer(), "sqlite")
"""Discord snowflakes and row ids: 64 bits on PostgreSQL, SQLite's INTEGER (a rowid alias as key)."""


class UtcTime(TypeDecorator[datetime]):
    """An aware datetime, kept in UTC: ISO text on SQLite (as before), ``timestamptz`` on PostgreSQL."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(TIMESTAMP(timezone=True))
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "postgresql":
            if value.tzinfo is None:
                raise ValueError("refusing to store a naive datetime")
            return value.astimezone(UTC)
        return when_to_db(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.astimezone(UTC)
        return when_from_db(value)


metadata = MetaData()


def _owner(column: str = "meetup_id") -> Column[int]:
    return Column(column, Id, ForeignKey("meetups.id", ondelete="CASCADE"), nullable=False)


meetups = Table(
    "meetups",
    metadata,
    Column("id", Id, primary_key=True),
    Column("guild_id", Id, nullable=False),
    Column("number", Integer, nullable=False),
    Column("channel_id", Id, nullable=False),
    Column("organizer_id", Id, nullable=False),
    Column("title", Text, nullable=False),
    Column("details", Text, nullable=False, server_default=text("''")),
    Column("status", Text, nullable=False, server_default=text("'polling'")),
    Column("created_at", UtcTime, nullable=False),
    Column("closes_at", UtcTime, nullable=False),
    Column("starts_at", UtcTime),
    Column("length_seconds", Integer),
    Column("capacity", Integer),
    Column("min_people", Integer),
    Column("poll_message_id", Id),
    Column("announcement_message_id", Id),
    Column("won_by_tie", Integer, nullable=False, server_default=text("0")),
    Column("venue_name", Text),
    Column("venue_address", Text),
    Column("venue_link", Text),
    Column("private_address", Integer, nullable=False, server_default=text("0")),
    Column("cancel_reason", Text),
    Column("venue_key", Text),
    Column("repeat_of", Id, ForeignKey("meetups.id")),
    Column("calendar_sequence", Integer, nullable=False, server_default=text("0")),
    Column("scheduled_event_id", Id),
    Column("events_hint", Integer, nullable=False, server_default=text("0")),
    Column("timezone", Text),
    Column("repeat_rule", Text),
    Column("series_id", Id),
    Column("occurrence_at", UtcTime),
    CheckConstraint("status IN ('polling', 'scheduled', 'done', 'cancelled')", name="meetups_status"),
    CheckConstraint("capacity IS NULL OR capacity > 0", name="meetups_capacity"),
    CheckConstraint("min_people IS NULL OR min_people > 0", name="meetups_min_people"),
    UniqueConstraint("guild_id", "number", name="meetups_number_per_guild"),
)
Index("meetups_by_status", meetups.c.status)
Index("meetups_by_poll_message", meetups.c.poll_message_id)
Index("meetups_by_announcement", meetups.c.announcement_message_id)
Index("meetups_by_venue", meetups.c.guild_id, meetups.c.venue_key)
Index("meetups_one_per_occurrence", meetups.c.series_id, meetups.c.occurrence_at, unique=True)

series = Table(
    "series",
    metadata,
    Column("id", Id, primary_key=True),
    Column("guild_id", Id, nullable=False),
    _owner("first_meetup_id"),
    Column("rule", Text, nullable=False),
    Column("first_start", UtcTime, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("ended", Integer, nullable=False, server_default=text("0")),
    UniqueConstraint("first_meetup_id", name="series_one_per_first_meetup"),
)

series_skips = Table(
    "series_skips",
    metadata,
    Column("series_id", Id, ForeignKey("series.id", ondelete="CASCADE"), nullable=False),
    Column("occurrence_at", UtcTime, nullable=False),
    PrimaryKeyConstraint("series_id", "occurrence_at"),
)

date_options = Table(
    "date_options",
    metadata,
    _owner(),
    Column("position", Integer, nullable=False),
    Column("starts_at", UtcTime, nullable=False),
    Column("source_text", Text, nullable=False),
    CheckConstraint("position BETWEEN 1 AND 10", name="date_options_position"),
    PrimaryKeyConstraint("meetup_id", "position"),
)

venue_options = Table(
    "venue_options",
    metadata,
    _owner(),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("address", Text),
    Column("link", Text),
    Column("suggested_by", Id, nullable=False),
    CheckConstraint("position BETWEEN 1 AND 10", name="venue_options_position"),
    PrimaryKeyConstraint("meetup_id", "position"),
)

votes = Table(
    "votes",
    metadata,
    _owner(),
    Column("kind", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("user_id", Id, nullable=False),
    Column("voted_at", UtcTime, nullable=False),
    CheckConstraint("kind IN ('date', 'venue')", name="votes_kind"),
    PrimaryKeyConstraint("meetup_id", "kind", "position", "user_id"),
)

rsvps = Table(
    "rsvps",
    metadata,
    _owner(),
    Column("user_id", Id, nullable=False),
    Column("status", Text, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("changed_at", UtcTime, nullable=False),
    Column("by_vote", Integer, nullable=False, server_default=text("0")),
    CheckConstraint("status IN ('going', 'maybe', 'declined', 'waitlisted')", name="rsvps_status"),
    PrimaryKeyConstraint("meetup_id", "user_id"),
)

nudges = Table(
    "nudges",
    metadata,
    Column("id", Id, primary_key=True),
    _owner(),
    Column("kind", Text, nullable=False),
    Column("key", Text, nullable=False, server_default=text("''")),
    Column("due_at", UtcTime, nullable=False),
    Column("state", Text, nullable=False, server_default=text("'pending'")),
    Column("sent_at", UtcTime),
    Column("late", Integer, nullable=False, server_default=text("0")),
    Column("fallback_message_id", Id),
    Column("lease_holder", Text),
    Column("lease_until", UtcTime),
    Column("lease_token", Integer, nullable=False, server_default=text("0")),
    CheckConstraint("state IN ('pending', 'sent', 'skipped', 'cancelled')", name="nudges_state"),
    UniqueConstraint("meetup_id", "kind", "key", name="nudges_once_per_key"),
)
Index(
    "nudges_pending_by_due",
    nudges.c.due_at,
    sqlite_where=text("state = 'pending'"),
    postgresql_where=text("state = 'pending'"),
)

invites = Table(
    "invites",
    metadata,
    _owner(),
    Column("user_id", Id, nullable=False),
    PrimaryKeyConstraint("meetup_id", "user_id"),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("nudge_id", Id, ForeignKey("nudges.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Id, nullable=False),
    Column("status", Text, nullable=False),
    Column("state", Text, nullable=False, server_default=text("'pending'")),
    Column("done_at", UtcTime),
    CheckConstraint("state IN ('pending', 'sent', 'unreachable')", name="deliveries_state"),
    PrimaryKeyConstraint("nudge_id", "user_id"),
)

member_prefs = Table(
    "member_prefs",
    metadata,
    Column("user_id", Id, primary_key=True, autoincrement=False),
    Column("reminders", Integer, nullable=False, server_default=text("1")),
    Column("timezone", Text),
    Column("language", Text),
)

members = Table(
    "members",
    metadata,
    Column("guild_id", Id, nullable=False),
    Column("user_id", Id, nullable=False),
    Column("display_name", Text, nullable=False),
    PrimaryKeyConstraint("guild_id", "user_id"),
)

venues = Table(
    "venues",
    metadata,
    Column("guild_id", Id, nullable=False),
    Column("key", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("address", Text),
    Column("link", Text),
    PrimaryKeyConstraint("guild_id", "key"),
)

ratings = Table(
    "ratings",
    metadata,
    _owner(),
    Column("user_id", Id, nullable=False),
    Column("stars", Integer, nullable=False),
    Column("rated_at", UtcTime, nullable=False),
    CheckConstraint("stars BETWEEN 1 AND 5", name="ratings_stars"),
    PrimaryKeyConstraint("meetup_id", "user_id"),
)

recaps = Table(
    "recaps",
    metadata,
    Column(
        "meetup_id", Id, ForeignKey("meetups.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    ),
    Column("message_id", Id, nullable=False),
    Column("thread_id", Id),
    Column("posted_at", UtcTime, nullable=False),
    Column("offered_at", UtcTime),
    Column("summarized_at", UtcTime),
    Column("highlights", Integer),
)
Index("recaps_by_message", recaps.c.message_id)

again_votes = Table(
    "again_votes",
    metadata,
    _owner(),
    Column("user_id", Id, nullable=False),
    PrimaryKeyConstraint("meetup_id", "user_id"),
)

watched_channels = Table(
    "watched_channels",
    metadata,
    Column("channel_id", Id, primary_key=True, autoincrement=False),
    Column("guild_id", Id, nullable=False),
    Column("watching", Integer, nullable=False, server_default=text("1")),
    Column("last_offer_at", UtcTime),
    CheckConstraint("watching IN (0, 1)", name="watched_channels_watching"),
)

guild_settings = Table(
    "guild_settings",
    metadata,
    Column("guild_id", Id, primary_key=True, autoincrement=False),
    Column("timezone", Text),
    Column("languages", Text),
    Column("reminder_offsets", Text),
    Column("poll_duration_seconds", Integer),
    Column("recap_delay_seconds", Integer),
    Column("scheduled_events", Integer),
    Column("events_hint_shown", Integer, nullable=False, server_default=text("0")),
    Column("series_lead_seconds", Integer),
    Column("calendar_token", Text),
    Column("language", Text),
)
Index("guild_settings_by_calendar_token", guild_settings.c.calendar_token, unique=True)

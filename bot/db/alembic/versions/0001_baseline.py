"""The schema as release 0.1 left it (the seven .sql migrations), for both engines.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.schema import UtcTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than imported, so later changes to the live schema cannot alter the baseline.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "guild_settings",
        sa.Column("guild_id", ID, autoincrement=False, nullable=False),
        sa.Column("timezone", sa.Text(), nullable=True),
        sa.Column("languages", sa.Text(), nullable=True),
        sa.Column("reminder_offsets", sa.Text(), nullable=True),
        sa.Column("poll_duration_seconds", sa.Integer(), nullable=True),
        sa.Column("recap_delay_seconds", sa.Integer(), nullable=True),
        sa.Column("scheduled_events", sa.Integer(), nullable=True),
        sa.Column("events_hint_shown", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("guild_id"),
    )
    op.create_table(
        "meetups",
        sa.Column("id", ID, nullable=False),
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("channel_id", ID, nullable=False),
        sa.Column("organizer_id", ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'polling'"), nullable=False),
        sa.Column("created_at", UtcTime(), nullable=False),
        sa.Column("closes_at", UtcTime(), nullable=False),
        sa.Column("starts_at", UtcTime(), nullable=True),
        sa.Column("length_seconds", sa.Integer(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("min_people", sa.Integer(), nullable=True),
        sa.Column("poll_message_id", ID, nullable=True),
        sa.Column("announcement_message_id", ID, nullable=True),
        sa.Column("won_by_tie", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("venue_name", sa.Text(), nullable=True),
        sa.Column("venue_address", sa.Text(), nullable=True),
        sa.Column("venue_link", sa.Text(), nullable=True),
        sa.Column("private_address", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("venue_key", sa.Text(), nullable=True),
        sa.Column("repeat_of", ID, nullable=True),
        sa.Column("calendar_sequence", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("scheduled_event_id", ID, nullable=True),
        sa.Column("events_hint", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("timezone", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('polling', 'scheduled', 'done', 'cancelled')", name="meetups_status"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="meetups_capacity"),
        sa.CheckConstraint("min_people IS NULL OR min_people > 0", name="meetups_min_people"),
        sa.ForeignKeyConstraint(
            ["repeat_of"],
            ["meetups.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "number", name="meetups_number_per_guild"),
    )
    op.create_index("meetups_by_announcement", "meetups", ["announcement_message_id"], unique=False)
    op.create_index("meetups_by_poll_message", "meetups", ["poll_message_id"], unique=False)
    op.create_index("meetups_by_status", "meetups", ["status"], unique=False)
    op.create_index("meetups_by_venue", "meetups", ["guild_id", "venue_key"], unique=False)

    op.create_table(
        "member_prefs",
        sa.Column("user_id", ID, autoincrement=False, nullable=False),
        sa.Column("reminders", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("timezone", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "members",
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "user_id"),
    )
    op.create_table(
        "venues",
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("link", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("guild_id", "key"),
    )
    op.create_table(
        "watched_channels",
        sa.Column("channel_id", ID, autoincrement=False, nullable=False),
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("watching", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("last_offer_at", UtcTime(), nullable=True),
        sa.CheckConstraint("watching IN (0, 1)", name="watched_channels_watching"),
        sa.PrimaryKeyConstraint("channel_id"),
    )
    op.create_table(
        "again_votes",
        sa.Column("meetup_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.ForeignKeyConstraint(["meetup_id"], ["meetups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meetup_id", "user_id"),
    )
    op.create_table(
        "date_options",
        sa.Column("meetup_id", ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("starts_at", UtcTime(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.CheckConstraint("position BETWEEN 1 AND 10", name="date_options_position"),
        sa.ForeignKeyConstraint(["meetup_id"], ["meetups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meetup_id", "position"),
    )
    op.create_table(
        "invites",
        sa.Column("meetup_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.ForeignKeyConstraint(["meetup_id"], ["meetups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meetup_id", "user_id"),
    )
    op.create_table(
        "nudges",
        sa.Column("id", ID, nullable=False),
        sa.Column("meetup_id", ID, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("due_at", UtcTime(), nullable=False),
        sa.Column("state", sa.Text(), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("sent_at", UtcTime(), nullable=True),
        sa.Column("late", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("fallback_message_id", ID, nullable=True),
        sa.CheckConstraint("state IN ('pending', 'sent', 'skipped', 'cancelled')", name="nudges_state"),
        sa.ForeignKeyConstraint(["meetup_id"], ["meetups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meetup_id", "kind", "key", name="nudges_once_per_key"),
    )
    op.create_index(
        "nudges_pending_by_due",
        "nudges",
        ["due_at"],
        unique=False,
        sqlite_where=sa.text("state = 'pending'"),
        postgresql_where=sa.text("state = 'pending'"),
    )

    op.create_table(
        "ratings",
        sa.Column("meetup_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("rated_at", UtcTime(), nullable=False),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name="ratings_stars"),
        sa.ForeignKeyConstraint(["meetup_id"], ["meetups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meetup_id", "user_id"),
    )
    op.create_table(
        "recaps",
        sa.Column("meetup_id", ID, autoincrement=False, nullable=False),
        sa.Column("message_id", ID, nullable=False),
        sa.Column("thread_id", ID, nullable=True),
        sa.Column("posted_at", UtcTime(), nullable=False),
        sa.Column("offered_at", UtcTime(), nullable=True),
        sa.Column("summarized_at", UtcTime(), nullable=True),
        sa.Column("highlights", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["meetup_id"], ["meetups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meetup_id"),
    )
    op.create_index("recaps_by_message", "recaps", ["message_id"], unique=False)

    op.create_table(
        "rsvps",
        sa.Column("meetup_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("changed_at", UtcTime(), nullable=False),
        sa.CheckConstraint("status IN ('going', 'maybe', 'declined', 'waitlisted')", name="rsvps_status"),
        sa.ForeignKeyConstraint(["meetup_id"], ["meetups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meetup_id", "user_id"),
    )
    op.create_table(
        "venue_options",
        sa.Column("meetup_id", ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("suggested_by", ID, nullable=False),
        sa.CheckConstraint("position BETWEEN 1 AND 10", name="venue_options_position"),
        sa.ForeignKeyConstraint(["meetup_id"], ["meetups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meetup_id", "position"),
    )
    op.create_table(
        "votes",
        sa.Column("meetup_id", ID, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("voted_at", UtcTime(), nullable=False),
        sa.CheckConstraint("kind IN ('date', 'venue')", name="votes_kind"),
        sa.ForeignKeyConstraint(["meetup_id"], ["meetups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meetup_id", "kind", "position", "user_id"),
    )
    op.create_table(
        "deliveries",
        sa.Column("nudge_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("done_at", UtcTime(), nullable=True),
        sa.CheckConstraint("state IN ('pending', 'sent', 'unreachable')", name="deliveries_state"),
        sa.ForeignKeyConstraint(["nudge_id"], ["nudges.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("nudge_id", "user_id"),
    )


def downgrade() -> None:
    op.drop_table("deliveries")
    op.drop_table("votes")
    op.drop_table("venue_options")
    op.drop_table("rsvps")
    op.drop_index("recaps_by_message", table_name="recaps")

    op.drop_table("recaps")
    op.drop_table("ratings")
    op.drop_index(
        "nudges_pending_by_due",
        sqlite_where=sa.text("state = 'pending'"),
        postgresql_where=sa.text("state = 'pending'"),
        table_name="nudges",
    )

    op.drop_table("nudges")
    op.drop_table("invites")
    op.drop_table("date_options")
    op.drop_table("again_votes")
    op.drop_table("watched_channels")
    op.drop_table("venues")
    op.drop_table("members")
    op.drop_table("member_prefs")
    op.drop_index("meetups_by_venue", table_name="meetups")
    op.drop_index("meetups_by_status", table_name="meetups")
    op.drop_index("meetups_by_poll_message", table_name="meetups")
    op.drop_index("meetups_by_announcement", table_name="meetups")

    op.drop_table("meetups")
    op.drop_table("guild_settings")

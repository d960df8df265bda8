"""Recurring meetups: a series row per repeating meetup, its skipped occurrences, and each
occurrence's meetup row pointing back at it (at most one row per occurrence).

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.schema import UtcTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than imported, so later changes to the live schema cannot alter this revision.
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("meetups", sa.Column("repeat_rule", sa.Text()))
    op.add_column("meetups", sa.Column("series_id", Id))
    op.add_column("meetups", sa.Column("occurrence_at", UtcTime()))
    op.create_index("meetups_one_per_occurrence", "meetups", ["series_id", "occurrence_at"], unique=True)
    op.add_column("guild_settings", sa.Column("series_lead_seconds", sa.Integer()))
    op.create_table(
        "series",
        sa.Column("id", Id, primary_key=True),
        sa.Column("guild_id", Id, nullable=False),
        sa.Column("first_meetup_id", Id, sa.ForeignKey("meetups.id", ondelete="CASCADE"), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("first_start", UtcTime(), nullable=False),
        sa.Column("timezone", sa.Text(), nullable=False),
        sa.Column("ended", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.UniqueConstraint("first_meetup_id", name="series_one_per_first_meetup"),
    )
    op.create_table(
        "series_skips",
        sa.Column("series_id", Id, sa.ForeignKey("series.id", ondelete="CASCADE"), nullable=False),
        sa.Column("occurrence_at", UtcTime(), nullable=False),
        sa.PrimaryKeyConstraint("series_id", "occurrence_at"),
    )


def downgrade() -> None:
    op.drop_table("series_skips")
    op.drop_table("series")
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("series_lead_seconds")
    op.drop_index("meetups_one_per_occurrence", table_name="meetups")
    with op.batch_alter_table("meetups") as batch:
        batch.drop_column("occurrence_at")
        batch.drop_column("series_id")
        batch.drop_column("repeat_rule")

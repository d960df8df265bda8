"""Nudge leases: which process is firing a nudge, and until when its claim holds.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.schema import UtcTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("nudges", sa.Column("lease_holder", sa.Text(), nullable=True))
    op.add_column("nudges", sa.Column("lease_until", UtcTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nudges") as batch:
        batch.drop_column("lease_until")
        batch.drop_column("lease_holder")

"""Calendar feeds: each server's secret token, in the path of the feed URL its members subscribe to.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("guild_settings", sa.Column("calendar_token", sa.Text(), nullable=True))
    op.create_index("guild_settings_by_calendar_token", "guild_settings", ["calendar_token"], unique=True)


def downgrade() -> None:
    op.drop_index("guild_settings_by_calendar_token", table_name="guild_settings")
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("calendar_token")

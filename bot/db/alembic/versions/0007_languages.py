"""Languages: a server's for its public posts, and each member's last, for the DMs they get.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("guild_settings", sa.Column("language", sa.Text(), nullable=True))
    op.add_column("member_prefs", sa.Column("language", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member_prefs") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("language")

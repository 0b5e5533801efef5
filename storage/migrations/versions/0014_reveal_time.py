"""when the reporter's name was last revealed to an aandachtsfunctionaris (the reporter is told
in "Mijn meldingen")

Revision ID: 0014_reveal_time
Revises: 0011_statistics
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_reveal_time"
down_revision = "0011_statistics"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signals") as batch:
        batch.add_column(
            sa.Column("reporter_revealed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("signals") as batch:
        batch.drop_column("reporter_revealed_at")

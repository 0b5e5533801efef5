"""reporting: a possible minor is marked on the signal (a flag, no detail)

Revision ID: 0030_reporting
Revises: 0020_workbench
"""

import sqlalchemy as sa
from alembic import op

revision = "0030_reporting"
down_revision = "0020_workbench"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signals") as batch:
        # The reporter said the person may be under 18 (or estimated an age below 18): the
        # pointer card marks it, and the meldcode applies. Nothing else about the person.
        batch.add_column(
            sa.Column("minor", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("signals") as batch:
        batch.drop_column("minor")

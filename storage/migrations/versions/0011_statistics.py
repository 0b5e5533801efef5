"""route facts for the yearly evaluation

Revision ID: 0011_statistics
Revises: 0013_reporter_contact
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_statistics"
down_revision = "0013_reporter_contact"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "route_facts",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=True),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("intake", sa.String(length=16), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=True),
        sa.Column("minor", sa.String(length=8), nullable=True),
        sa.Column("acute", sa.Boolean(), nullable=True),
        sa.Column("tah_involved", sa.Boolean(), nullable=True),
        sa.Column("partner", sa.String(length=64), nullable=True),
        sa.Column("close_reason", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.String(length=32), nullable=True),
        sa.Column("topic", sa.String(length=64), nullable=True),
        sa.Column("step", sa.String(length=24), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("days_total", sa.Integer(), nullable=True),
    )
    with op.batch_alter_table("route_facts", schema=None) as batch_op:
        batch_op.create_index("ix_route_facts_month_kind", ["month", "kind"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("route_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_route_facts_month_kind")
    op.drop_table("route_facts")

"""knowledge-base usage counts per entry

Revision ID: 0010_kb_usage
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_kb_usage"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_usage",
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("shown", sa.Integer(), nullable=False),
        sa.Column("helpful", sa.Integer(), nullable=False),
        sa.Column("wants_person", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_kb_usage")),
    )


def downgrade() -> None:
    op.drop_table("kb_usage")

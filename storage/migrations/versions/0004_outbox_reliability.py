"""outbox reliability: claims by a worker with a heartbeat, the send marker, feedback state

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_workers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_workers")),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("send_started_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("signals") as batch:
        batch.add_column(sa.Column("feedback_state", sa.String(length=16), nullable=True))
        batch.add_column(
            sa.Column("feedback_waiting_reminded_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("signals") as batch:
        batch.drop_column("feedback_waiting_reminded_at")
        batch.drop_column("feedback_state")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("ended_at")
        batch.drop_column("send_started_at")
        batch.drop_column("claimed_by")
    op.drop_table("outbox_workers")

"""need to know: the reporter's route, the close reason as a code, where the taakaccenthouder's
card sits, stale-case reminders

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signals") as batch:
        # "taakaccenthouder" when the signal started with them (they saw the reporter's name),
        # "coordinator" when it went straight to the aandachtsfunctionaris.
        batch.add_column(
            sa.Column(
                "reporter_route",
                sa.String(length=16),
                nullable=False,
                server_default="taakaccenthouder",
            )
        )
        batch.add_column(sa.Column("close_reason", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("stale_reminded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "case_cards",
        sa.Column("signal_id", sa.String(length=36), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.String(length=256), nullable=False),
        sa.Column("activity_id", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_case_cards_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("signal_id", "recipient", name=op.f("pk_case_cards")),
    )


def downgrade() -> None:
    op.drop_table("case_cards")
    with op.batch_alter_table("signals") as batch:
        batch.drop_column("stale_reminded_at")
        batch.drop_column("close_reason")
        batch.drop_column("reporter_route")

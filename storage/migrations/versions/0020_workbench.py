"""the aandachtsfunctionaris's workbench: how a signal came in, enrichment and agenda of the
signaleringsoverleg, partner feedback requests with due dates, daily pointer refresh

Revision ID: 0020_workbench
Revises: 0012_operations
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_workbench"
down_revision = "0012_operations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signals") as batch:
        batch.add_column(
            sa.Column("intake", sa.String(length=16), nullable=False, server_default="teams")
        )
        batch.add_column(sa.Column("enriched_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("agenda_date", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("agenda_outcome", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("agenda_reminded_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("partner_requested_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("partner_due_on", sa.String(length=10), nullable=True))
        batch.add_column(
            sa.Column("partner_feedback_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(
            sa.Column("pointer_refreshed_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.create_index("ix_signals_agenda_date", ["agenda_date"])
    op.create_table(
        "feedback_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("signal_id", sa.String(length=36), nullable=False),
        sa.Column("partner", sa.String(length=64), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_on", sa.String(length=10), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_feedback_requests_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_requests")),
    )
    op.create_index("ix_feedback_requests_signal_id", "feedback_requests", ["signal_id"])
    op.create_index("ix_feedback_requests_due_on", "feedback_requests", ["answered_at", "due_on"])


def downgrade() -> None:
    op.drop_index("ix_feedback_requests_due_on", table_name="feedback_requests")
    op.drop_index("ix_feedback_requests_signal_id", table_name="feedback_requests")
    op.drop_table("feedback_requests")
    with op.batch_alter_table("signals") as batch:
        batch.drop_index("ix_signals_agenda_date")
        for column in (
            "pointer_refreshed_at",
            "partner_feedback_at",
            "partner_due_on",
            "partner_requested_at",
            "agenda_reminded_at",
            "agenda_outcome",
            "agenda_date",
            "enriched_at",
            "intake",
        ):
            batch.drop_column(column)

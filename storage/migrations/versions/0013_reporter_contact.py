"""two-way contact with the reporter: the coordinators' questions (texts stay in the case's
encrypted history; this table holds times and where the card sits)

Revision ID: 0013_reporter_contact
Revises: 0010_kb_usage
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_reporter_contact"
down_revision = "0010_kb_usage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reporter_questions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("signal_id", sa.String(length=36), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("conversation_id", sa.String(length=256), nullable=True),
        sa.Column("activity_id", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_reporter_questions_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporter_questions")),
    )
    op.create_index(
        op.f("ix_reporter_questions_signal_id"), "reporter_questions", ["signal_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_reporter_questions_signal_id"), table_name="reporter_questions")
    op.drop_table("reporter_questions")

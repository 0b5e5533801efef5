"""operations: key rotation bookkeeping (wrapped_by) and room for Key Vault key versions

Revision ID: 0012_operations
Revises: 0014_reveal_time

Every table that keeps a wrapped data key gets `wrapped_by`, the key-encryption key version
that wraps the data key now; `kek_version` stays what it was (it is bound into the associated
data of the encrypted content). Existing rows are wrapped by their `kek_version`.

On PostgreSQL `kek_version` and `wrapped_by` are widened to 512 characters: a Key Vault key
version is a URL (https://<vault>.vault.azure.net/keys/<name>/<32 hex>), longer than the 64
characters the first schema allowed. SQLite does not enforce VARCHAR lengths, so its tables are
left as they are (altering a column there means rebuilding the table, and dropping `questions`
with foreign keys on would cascade into `question_cards`).
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_operations"
down_revision = "0014_reveal_time"
branch_labels = None
depends_on = None

TABLES = ("system_keys", "signal_keys", "reporter_identities", "questions")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        op.add_column(table, sa.Column("wrapped_by", sa.String(length=512), nullable=True))
        op.execute(f"UPDATE {table} SET wrapped_by = kek_version")
        if postgresql:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN kek_version TYPE VARCHAR(512)")


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        op.drop_column(table, "wrapped_by")  # SQLite 3.35+ drops a column in place
        if postgresql:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN kek_version TYPE VARCHAR(64)")

"""The database tables. Content columns hold AES-GCM ciphertext only (see storage.crypto)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Named keys of the whole system (bot state, blind indexes), each wrapped by the KEK.
system_keys = Table(
    "system_keys",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("kek_version", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

case_counters = Table(
    "case_counters",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("last_number", Integer, nullable=False),
)

signals = Table(
    "signals",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_number", String(20), nullable=False, unique=True),
    # The draft's id: a second submit of the same draft finds the first signal, not a new one.
    Column("submission_id", String(36), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("state", String(32), nullable=False),
    # Routing facts that cards and deadlines need without decrypting: no personal data.
    Column("form", String(16), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("department", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
)

# One data key per signal; deleting the row makes the signal unreadable (crypto-shredding).
signal_keys = Table(
    "signal_keys",
    metadata,
    Column("signal_id", String(36), ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("kek_version", String(64), nullable=False),
)

# The reporter's identity, apart from the signal and under its own data key.
reporter_identities = Table(
    "reporter_identities",
    metadata,
    Column("signal_id", String(36), ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True),
    Column("reporter_index", String(64), nullable=False, index=True),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("kek_version", String(64), nullable=False),
    Column("identity", LargeBinary, nullable=False),
)

blind_indexes = Table(
    "blind_indexes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("signal_id", String(36), ForeignKey("signals.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("digest", String(64), nullable=False),
    Index("ix_blind_indexes_kind_digest", "kind", "digest"),
    Index("ix_blind_indexes_signal_id", "signal_id"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("object", String(64), nullable=False),
    Column("result", String(16), nullable=False),
    Column("origin", String(32), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
)

# Bot conversation and user state; the key is a keyed digest, the data is ciphertext.
bot_state = Table(
    "bot_state",
    metadata,
    Column("key_digest", String(64), primary_key=True),
    Column("etag", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)

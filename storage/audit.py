"""Append-only, hash-chained audit log.

Each entry's hash covers the previous entry's hash, so changing or removing an entry breaks
the chain from there on; `verify_chain` finds the first broken link. Entries name action,
object, result, origin, actor and time, never content.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.schema import audit_log

GENESIS = "0" * 64
_POSTGRES_AUDIT_LOCK = 7_243_001


@dataclass(frozen=True)
class AuditEvent:
    actor: str
    action: str
    object: str
    result: str = "ok"
    origin: str = "bot"


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    first_broken_seq: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_seq is None


def _entry_hash(prev_hash: str, at: datetime, event: AuditEvent) -> str:
    material = "|".join(
        (
            prev_hash,
            _canonical_time(at),
            event.actor,
            event.action,
            event.object,
            event.result,
            event.origin,
        )
    )
    return hashlib.sha256(material.encode()).hexdigest()


def _canonical_time(at: datetime) -> str:
    # SQLite returns naive datetimes; hash the UTC wall time the same way on both databases.
    return at.replace(tzinfo=None).isoformat(timespec="microseconds")


# Built once: every change on a case appends an entry.
_LAST_HASH = select(audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
_INSERT_ENTRY = insert(audit_log)


async def append(conn: AsyncConnection, event: AuditEvent, at: datetime) -> None:
    """Add an entry inside the caller's transaction, so it commits with the change it records."""
    if conn.dialect.name == "postgresql":
        # Serialise appends across instances so the chain cannot fork.
        await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _POSTGRES_AUDIT_LOCK})
    last = (await conn.execute(_LAST_HASH)).scalar_one_or_none()
    prev_hash = last or GENESIS
    await conn.execute(
        _INSERT_ENTRY,
        {
            "at": at,
            "actor": event.actor,
            "action": event.action,
            "object": event.object,
            "result": event.result,
            "origin": event.origin,
            "prev_hash": prev_hash,
            "hash": _entry_hash(prev_hash, at, event),
        },
    )


async def record(engine: AsyncEngine, event: AuditEvent, at: datetime) -> None:
    """Add an entry in a transaction of its own (for refusals, which change nothing else)."""
    async with engine.begin() as conn:
        await append(conn, event, at)


async def verify_chain(engine: AsyncEngine) -> ChainCheck:
    prev_hash = GENESIS
    count = 0
    async with engine.connect() as conn:
        result = await conn.stream(select(audit_log).order_by(audit_log.c.seq))
        async for row in result:
            count += 1
            event = AuditEvent(row.actor, row.action, row.object, row.result, row.origin)
            if row.prev_hash != prev_hash or row.hash != _entry_hash(prev_hash, row.at, event):
                return ChainCheck(count, row.seq)
            prev_hash = row.hash
    return ChainCheck(count, None)

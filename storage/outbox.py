"""The durable outbox: messages written with the change that causes them, delivered later.

Rows are claimed with a lease (`locked_until`), so a crashed worker's messages come back after
the lease, and on PostgreSQL several instances share the work with FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.crypto import associated_data, seal_json, unseal_json
from storage.dialect import insert_unless_exists
from storage.keyring import Keyring
from storage.schema import outbox

PENDING = "pending"
SENT = "sent"
DEAD = "dead"
AWAITING_CONTACT = "awaiting_contact"  # the recipient cannot be reached until they talk to the bot
CHANNEL = "channel"

# Runs whenever a person talks to the bot after a while: built once.
_WAKE = (
    update(outbox)
    .where(outbox.c.target == bindparam("wake_target"), outbox.c.status == AWAITING_CONTACT)
    .values(status=PENDING, due_at=bindparam("now"))
)


def dedupe_key(*parts: str) -> str:
    """A stable key for one logical message; long keys are hashed to fit the column."""
    key = ":".join(parts)
    return (
        key if len(key) <= 128 else parts[0][:40] + ":" + hashlib.sha256(key.encode()).hexdigest()
    )


@dataclass(frozen=True)
class OutboxMessage:
    kind: str
    target: str  # a person's digest (Keyring.person_digest) or CHANNEL
    dedupe_key: str
    payload: dict[str, Any]
    signal_id: str | None = None
    question_id: str | None = None


@dataclass(frozen=True)
class ClaimedMessage:
    id: int
    kind: str
    target: str
    signal_id: str | None
    payload: dict[str, Any]
    attempts: int
    dedupe_key: str
    question_id: str | None = None


class Outbox:
    def __init__(self, engine: AsyncEngine, keyring: Keyring) -> None:
        self._engine = engine
        self._key = keyring["outbox"]
        self._listeners: list[Callable[[], None]] = []

    def on_committed(self, listener: Callable[[], None]) -> None:
        """Call `listener` after messages were committed (the in-process worker wakes up)."""
        self._listeners.append(listener)

    def committed(self) -> None:
        """Writers call this after the transaction that added messages has committed."""
        for listener in self._listeners:
            listener()

    def _aad(self, dedupe_key: str) -> bytes:
        return associated_data("outbox", "payload", dedupe_key, "outbox")

    async def add(
        self, conn: AsyncConnection, messages: list[OutboxMessage], now: datetime
    ) -> None:
        """Enqueue inside the caller's transaction; a message with a known dedupe key is skipped."""
        statement = insert_unless_exists(conn.dialect.name, outbox, ("dedupe_key",))
        for message in messages:
            await conn.execute(
                statement,
                {
                    "dedupe_key": message.dedupe_key,
                    "kind": message.kind,
                    "target": message.target,
                    "signal_id": message.signal_id,
                    "question_id": message.question_id,
                    "payload": seal_json(self._key, message.payload, self._aad(message.dedupe_key)),
                    "status": PENDING,
                    "attempts": 0,
                    "created_at": now,
                    "due_at": now,
                },
            )

    async def enqueue(self, messages: list[OutboxMessage], now: datetime) -> None:
        async with self._engine.begin() as conn:
            await self.add(conn, messages, now)
        self.committed()

    async def claim(self, now: datetime, lease: timedelta, limit: int = 20) -> list[ClaimedMessage]:
        """Lease up to `limit` due messages to this worker."""
        due = and_(
            outbox.c.status == PENDING,
            outbox.c.due_at <= now,
            or_(outbox.c.locked_until.is_(None), outbox.c.locked_until < now),
        )
        async with self._engine.begin() as conn:
            query = (
                select(outbox.c.id).where(due).order_by(outbox.c.due_at, outbox.c.id).limit(limit)
            )
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            ids = list((await conn.execute(query)).scalars())
            if not ids:
                return []
            rows = await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(ids), due)
                .values(locked_until=now + lease)
                .returning(
                    outbox.c.id,
                    outbox.c.kind,
                    outbox.c.target,
                    outbox.c.signal_id,
                    outbox.c.payload,
                    outbox.c.attempts,
                    outbox.c.dedupe_key,
                    outbox.c.question_id,
                )
            )
            claimed = rows.all()
        return sorted(
            (
                ClaimedMessage(
                    r.id,
                    r.kind,
                    r.target,
                    r.signal_id,
                    unseal_json(self._key, r.payload, self._aad(r.dedupe_key)),
                    r.attempts,
                    r.dedupe_key,
                    r.question_id,
                )
                for r in claimed
            ),
            key=lambda m: m.id,
        )

    async def mark_sent(self, message_id: int, now: datetime) -> None:
        await self._set(message_id, status=SENT, sent_at=now, locked_until=None, last_error=None)

    async def retry_later(
        self, message_id: int, due_at: datetime, error: str, *, count_attempt: bool = True
    ) -> None:
        """Due again at `due_at`; a throttled send (429) does not count as a failed attempt."""
        attempts = outbox.c.attempts + 1 if count_attempt else outbox.c.attempts
        await self._set(
            message_id, due_at=due_at, locked_until=None, attempts=attempts, last_error=error[:64]
        )

    async def mark_dead(self, message_id: int, error: str) -> None:
        await self._set(
            message_id,
            status=DEAD,
            locked_until=None,
            attempts=outbox.c.attempts + 1,
            last_error=error[:64],
        )

    async def await_contact(self, message_id: int, error: str) -> None:
        await self._set(
            message_id, status=AWAITING_CONTACT, locked_until=None, last_error=error[:64]
        )

    async def _set(self, message_id: int, **values: Any) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(update(outbox).where(outbox.c.id == message_id).values(**values))

    async def wake_recipient(self, target: str, now: datetime) -> int:
        """A person talked to the bot: their waiting messages are due again."""
        async with self._engine.begin() as conn:
            result = await conn.execute(_WAKE, {"wake_target": target, "now": now})
        if result.rowcount:
            self.committed()
        return result.rowcount or 0

    async def counts(self) -> dict[str, int]:
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(outbox.c.status, func.count()).group_by(outbox.c.status)
            )
            return {status: count for status, count in rows.all()}

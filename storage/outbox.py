"""The durable outbox: messages written with the change that causes them, delivered later.

A worker (one per bot instance, `worker_id`) claims due rows under its id. The claim holds
while the worker's heartbeat in `outbox_workers` is fresh, and for at most a safety lease
(`locked_until`); a crashed instance's claims are taken over as soon as its heartbeat is stale,
and on SQLite, where one instance owns the database, at once when the next one starts. On
PostgreSQL several instances share the work with FOR UPDATE SKIP LOCKED.

Delivery is at least once: `send_started_at` is written just before a send and cleared only when
the send is known to have failed, so a claimed message that still carries it may already have
reached its recipient (the process died mid-send); the sender labels such a repeat.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.crypto import associated_data, seal_json, unseal_json
from storage.dialect import insert_unless_exists
from storage.keyring import Keyring
from storage.schema import outbox, outbox_workers

PENDING = "pending"
SENT = "sent"
DEAD = "dead"  # failed for good after its attempts
ENDED = "ended"  # the recipient can no longer be reached (identity deleted, left, removed)
DROPPED = "dropped"  # nothing left to send: what it was about was deleted (retention)
# The last_error of a message Teams throttled: it waits the time Teams asked for.
THROTTLED = "http 429"
AWAITING_CONTACT = "awaiting_contact"  # the recipient cannot be reached until they talk to the bot
CHANNEL = "channel"

# Runs whenever a person talks to the bot after a while: built once.
_WAKE = (
    update(outbox)
    .where(
        outbox.c.target == bindparam("wake_target"),
        or_(
            outbox.c.status == AWAITING_CONTACT,
            # Waiting out a failure (not a throttle, whose wait Teams set): the recipient is
            # reachable again, perhaps at another address, so it is tried now.
            and_(
                outbox.c.status == PENDING,
                outbox.c.last_error.is_not(None),
                outbox.c.last_error != THROTTLED,
                outbox.c.due_at > bindparam("now"),
            ),
        ),
    )
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
    # A send was started earlier and its outcome is unknown: the recipient may have it already.
    maybe_sent: bool = False


@dataclass(frozen=True)
class OutboxStats:
    """The outbox's health, without content: for /readyz and the metrics."""

    pending: int
    awaiting_contact: int
    dead: int
    ended: int
    oldest_pending_seconds: float


@dataclass(frozen=True)
class Undelivered:
    """A message that did not arrive, as the coordinators' list shows it: kind, reason, time."""

    kind: str
    status: str
    reason: str
    created_at: datetime
    signal_id: str | None
    question_id: str | None


# What a claimed message is read from.
_MESSAGE_COLUMNS = (
    outbox.c.id,
    outbox.c.kind,
    outbox.c.target,
    outbox.c.signal_id,
    outbox.c.payload,
    outbox.c.attempts,
    outbox.c.dedupe_key,
    outbox.c.question_id,
    outbox.c.send_started_at,
)


class Outbox:
    def __init__(
        self,
        engine: AsyncEngine,
        keyring: Keyring,
        *,
        worker_id: str | None = None,
        stale_after: timedelta = timedelta(seconds=10),
    ) -> None:
        self._engine = engine
        self._key = keyring["outbox"]
        self._listeners: list[Callable[[], None]] = []
        self.worker_id = worker_id or str(uuid.uuid4())
        self.stale_after = stale_after

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

    # --- the worker's life ------------------------------------------------------------------------
    async def start(self, now: datetime) -> None:
        """Register this worker. On SQLite the bot is the database's only writer, so every
        other worker row is a crashed predecessor: forgetting it frees its claims at once."""
        async with self._engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                await conn.execute(
                    delete(outbox_workers).where(outbox_workers.c.id != self.worker_id)
                )
            await self._beat(conn, now)

    async def heartbeat(self, now: datetime) -> None:
        async with self._engine.begin() as conn:
            await self._beat(conn, now)

    async def stop(self) -> None:
        """A clean stop: this worker's unfinished claims go to the others at once."""
        async with self._engine.begin() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.claimed_by == self.worker_id, outbox.c.status == PENDING)
                .values(claimed_by=None, locked_until=None)
            )
            await conn.execute(delete(outbox_workers).where(outbox_workers.c.id == self.worker_id))

    async def _beat(self, conn: AsyncConnection, now: datetime) -> None:
        updated = await conn.execute(
            update(outbox_workers)
            .where(outbox_workers.c.id == self.worker_id)
            .values(heartbeat_at=now)
        )
        if not updated.rowcount:
            statement = insert_unless_exists(conn.dialect.name, outbox_workers, ("id",))
            await conn.execute(
                statement, {"id": self.worker_id, "started_at": now, "heartbeat_at": now}
            )

    # --- claiming and outcomes ----------------------------------------------------------------------
    async def claim(self, now: datetime, lease: timedelta, limit: int = 20) -> list[ClaimedMessage]:
        """Claim up to `limit` due messages for this worker. A message is free when nobody
        claimed it, its claimer's heartbeat is stale, or the safety lease has run out."""
        live_workers = select(outbox_workers.c.id).where(
            outbox_workers.c.heartbeat_at >= now - self.stale_after
        )
        due = and_(
            outbox.c.status == PENDING,
            outbox.c.due_at <= now,
            or_(
                outbox.c.claimed_by.is_(None),
                outbox.c.locked_until.is_(None),
                outbox.c.locked_until < now,
                outbox.c.claimed_by.not_in(live_workers),
            ),
        )
        async with self._engine.begin() as conn:
            await self._beat(conn, now)
            query = (
                select(outbox.c.id).where(due).order_by(outbox.c.due_at, outbox.c.id).limit(limit)
            )
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(of=outbox, skip_locked=True)
            ids = list((await conn.execute(query)).scalars())
            if not ids:
                return []
            rows = await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(ids), due)
                .values(locked_until=now + lease, claimed_by=self.worker_id)
                .returning(*_MESSAGE_COLUMNS)
            )
            claimed = rows.all()
        return sorted((self._message(r) for r in claimed), key=lambda m: m.id)

    def _message(self, row: Any) -> ClaimedMessage:
        return ClaimedMessage(
            row.id,
            row.kind,
            row.target,
            row.signal_id,
            unseal_json(self._key, row.payload, self._aad(row.dedupe_key)),
            row.attempts,
            row.dedupe_key,
            row.question_id,
            row.send_started_at is not None,
        )

    async def mark_sending(self, message_id: int, now: datetime) -> None:
        """Committed just before the send: from here until `mark_sent` the outcome is unknown."""
        await self._set(message_id, send_started_at=now)

    async def mark_sent(self, message_id: int, now: datetime) -> None:
        await self._set(
            message_id,
            status=SENT,
            sent_at=now,
            locked_until=None,
            claimed_by=None,
            last_error=None,
        )

    async def retry_later(
        self,
        message_id: int,
        due_at: datetime,
        error: str,
        *,
        count_attempt: bool = True,
        outcome_unknown: bool = False,
    ) -> None:
        """Due again at `due_at`; a throttled send (429) does not count as a failed attempt.
        When the send may have arrived (`outcome_unknown`), the marker stays for the next try."""
        attempts = outbox.c.attempts + 1 if count_attempt else outbox.c.attempts
        values: dict[str, Any] = {}
        if not outcome_unknown:
            values["send_started_at"] = None
        await self._set(
            message_id,
            due_at=due_at,
            locked_until=None,
            claimed_by=None,
            attempts=attempts,
            last_error=error[:64],
            **values,
        )

    async def mark_dead(self, message_id: int, error: str) -> None:
        await self._set(
            message_id,
            status=DEAD,
            locked_until=None,
            claimed_by=None,
            attempts=outbox.c.attempts + 1,
            last_error=error[:64],
        )

    async def end(self, message_id: int, reason: str, now: datetime) -> None:
        """The recipient can no longer be reached: no more attempts, the reason kept."""
        await self._set(
            message_id,
            status=ENDED,
            ended_at=now,
            locked_until=None,
            claimed_by=None,
            last_error=reason[:64],
        )

    async def end_pending_for(self, targets: set[str], reason: str, now: datetime) -> int:
        """End every message still waiting for one of these recipients (removed from the
        routing, say); returns how many."""
        if not targets:
            return 0
        async with self._engine.begin() as conn:
            result = await conn.execute(
                update(outbox)
                .where(
                    outbox.c.target.in_(sorted(targets)),
                    outbox.c.status.in_((PENDING, AWAITING_CONTACT)),
                )
                .values(
                    status=ENDED,
                    ended_at=now,
                    locked_until=None,
                    claimed_by=None,
                    last_error=reason[:64],
                )
            )
        return result.rowcount or 0

    async def drop(self, message_id: int, now: datetime) -> None:
        await self._set(
            message_id, status=DROPPED, ended_at=now, locked_until=None, claimed_by=None
        )

    async def await_contact(self, message_id: int, error: str) -> None:
        await self._set(
            message_id,
            status=AWAITING_CONTACT,
            locked_until=None,
            claimed_by=None,
            send_started_at=None,
            last_error=error[:64],
        )

    async def _set(self, message_id: int, **values: Any) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(update(outbox).where(outbox.c.id == message_id).values(**values))

    async def wake_recipient(self, target: str, now: datetime) -> int:
        """A person talked to the bot (or Teams moved the channel): their waiting messages, and
        those waiting out a failure, are due again."""
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

    async def stats(self, now: datetime) -> OutboxStats:
        async with self._engine.connect() as conn:
            counts = dict(
                (
                    await conn.execute(
                        select(outbox.c.status, func.count()).group_by(outbox.c.status)
                    )
                ).all()
            )
            oldest = (
                await conn.execute(
                    select(func.min(outbox.c.created_at)).where(outbox.c.status == PENDING)
                )
            ).scalar()
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=now.tzinfo)
        return OutboxStats(
            pending=counts.get(PENDING, 0),
            awaiting_contact=counts.get(AWAITING_CONTACT, 0),
            dead=counts.get(DEAD, 0),
            ended=counts.get(ENDED, 0),
            oldest_pending_seconds=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
        )

    async def undelivered(self, limit: int = 20) -> list[Undelivered]:
        """The newest messages that failed for good or were ended, for the coordinators."""
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(
                    outbox.c.kind,
                    outbox.c.status,
                    outbox.c.last_error,
                    outbox.c.created_at,
                    outbox.c.signal_id,
                    outbox.c.question_id,
                )
                .where(outbox.c.status.in_((DEAD, ENDED)))
                .order_by(outbox.c.created_at.desc(), outbox.c.id.desc())
                .limit(limit)
            )
            return [
                Undelivered(
                    r.kind, r.status, r.last_error or "", r.created_at, r.signal_id, r.question_id
                )
                for r in rows.all()
            ]

    async def awaiting_contact_since(self, before: datetime) -> list[ClaimedMessage]:
        """Messages that have waited for their recipient since before `before`."""
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(*_MESSAGE_COLUMNS).where(
                    outbox.c.status == AWAITING_CONTACT, outbox.c.created_at < before
                )
            )
            return [self._message(r) for r in rows.all()]

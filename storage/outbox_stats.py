"""Read-only outbox figures for metrics: counts by status and the age of the oldest waiting
message. Counts and times only: no payload is read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import outbox

WAITING = ("pending", "awaiting_contact")


@dataclass(frozen=True)
class OutboxHealth:
    counts: dict[str, int]
    oldest_age_seconds: dict[str, float]  # per waiting status; 0.0 when none waits


def _aware(at: datetime) -> datetime:
    # SQLite hands back naive datetimes (stored as UTC).
    return at if at.tzinfo else at.replace(tzinfo=UTC)


async def outbox_health(engine: AsyncEngine, now: datetime) -> OutboxHealth:
    async with engine.connect() as conn:
        counts = {
            status: count
            for status, count in (
                await conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status))
            ).all()
        }
        oldest = {
            status: created
            for status, created in (
                await conn.execute(
                    select(outbox.c.status, func.min(outbox.c.created_at))
                    .where(outbox.c.status.in_(WAITING))
                    .group_by(outbox.c.status)
                )
            ).all()
        }
    ages = {
        status: max(0.0, (now - _aware(oldest[status])).total_seconds())
        if oldest.get(status)
        else 0.0
        for status in WAITING
    }
    return OutboxHealth(counts, ages)

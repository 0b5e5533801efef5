"""Retention: personal data is deleted when its period is over, and the deletion is audited.

Deleting a signal deletes its data key with it (crypto-shredding): its content, history and
blind indexes go, and nothing left over can be decrypted. The reporter's identity goes first,
once the feedback has been delivered. The route's statistics (storage/statistics.py) are never
deleted: they hold nothing that links back to a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import audit
from storage.schema import (
    blind_indexes,
    case_events,
    outbox,
    question_cards,
    questions,
    reporter_identities,
    signal_keys,
    signals,
)
from storage.statistics import reshuffle


@dataclass(frozen=True)
class RetentionResult:
    identities_removed: int
    cases_deleted: int
    questions_deleted: int


async def enforce_retention(
    engine: AsyncEngine,
    now: datetime,
    *,
    identity_after_feedback_before: datetime,
    closed_before: datetime,
    answered_before: datetime,
    identity_closed_before: datetime | None = None,
) -> RetentionResult:
    """`identity_closed_before`: the identity also goes once the case closed before this time,
    whether or not the feedback ever arrived."""
    async with engine.begin() as conn:
        expired = signals.c.feedback_delivered_at < identity_after_feedback_before
        if identity_closed_before is not None:
            expired = or_(
                expired,
                and_(signals.c.state == "closed", signals.c.closed_at < identity_closed_before),
            )
        delivered = select(signals.c.id).where(expired)
        identities = await conn.execute(
            delete(reporter_identities).where(reporter_identities.c.signal_id.in_(delivered))
        )
        closed = (
            (
                await conn.execute(
                    select(signals.c.id).where(
                        signals.c.state == "closed", signals.c.closed_at < closed_before
                    )
                )
            )
            .scalars()
            .all()
        )
        if closed:
            # Children first, so this does not depend on the database enforcing cascades.
            for table in (signal_keys, reporter_identities, blind_indexes, case_events, outbox):
                await conn.execute(delete(table).where(table.c.signal_id.in_(closed)))
            await conn.execute(delete(signals).where(signals.c.id.in_(closed)))
        old_questions = (
            (
                await conn.execute(
                    select(questions.c.id).where(questions.c.answered_at < answered_before)
                )
            )
            .scalars()
            .all()
        )
        if old_questions:
            await conn.execute(
                delete(question_cards).where(question_cards.c.question_id.in_(old_questions))
            )
            await conn.execute(delete(outbox).where(outbox.c.question_id.in_(old_questions)))
            await conn.execute(delete(questions).where(questions.c.id.in_(old_questions)))
        if closed or old_questions:
            # The statistics stay; rewritten, they no longer show which step wrote them.
            await reshuffle(conn)
        result = RetentionResult(identities.rowcount or 0, len(closed), len(old_questions))
        if result.identities_removed or result.cases_deleted or result.questions_deleted:
            await audit.append(
                conn,
                audit.AuditEvent(
                    "system",
                    "retention.enforce",
                    f"id{result.identities_removed}-case{result.cases_deleted}-q{result.questions_deleted}",
                ),
                now,
            )
    return result

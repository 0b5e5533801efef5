"""Retention: personal data is deleted when its period is over, and the deletion is audited.

Every table that holds personal data has its period (the settings, docs/admin.md):

- the reporter's identity: a set time after the feedback was delivered, and at most a set time
  after closing whatever happened; the messages to the reporter about that case go with it;
- closed cases, per close reason: deleting a case deletes its data key with it
  (crypto-shredding), its history, blind indexes, card locations, partner requests and
  messages;
- questions: answered ones, and unanswered ones, each after their own period;
- stored Teams conversation references of people not seen for a set time;
- outbox messages that are done (sent, ended, dead, dropped).

Open cases are never deleted here: the coordinators get a reminder to decide (services).
On SQLite deleted rows are overwritten (secure_delete) and the write-ahead log is emptied
afterwards, so the file itself no longer holds them.

The route's statistics (storage/statistics.py) are never deleted: they hold nothing that
links back to a case; when cases or questions go, the facts are rewritten in random order.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage import audit
from storage.database import truncate_wal
from storage.schema import (
    blind_indexes,
    case_cards,
    case_events,
    conversation_refs,
    feedback_requests,
    outbox,
    question_cards,
    questions,
    reporter_identities,
    reporter_questions,
    signal_keys,
    signals,
)
from storage.statistics import reshuffle

_DONE = ("sent", "ended", "dead", "dropped")


@dataclass(frozen=True)
class RetentionResult:
    identities_removed: int
    cases_deleted: int
    questions_deleted: int
    conversations_deleted: int = 0
    messages_deleted: int = 0
    # Cases whose identity went while their feedback still waited for the reporter.
    feedback_lost: tuple[str, ...] = ()

    @property
    def anything(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


async def enforce_retention(
    engine: AsyncEngine,
    now: datetime,
    *,
    identity_after_feedback_before: datetime,
    closed_before: datetime,
    answered_before: datetime,
    identity_closed_before: datetime | None = None,
    closed_before_by_reason: dict[str, datetime] | None = None,
    unanswered_before: datetime | None = None,
    conversations_before: datetime | None = None,
    messages_done_before: datetime | None = None,
) -> RetentionResult:
    """Delete what is past its period. `closed_before` applies to every close reason that
    `closed_before_by_reason` does not name; the other optional cut-offs are skipped if None."""
    async with engine.begin() as conn:
        identities, feedback_lost = await _identities(
            conn, identity_after_feedback_before, identity_closed_before
        )
        closed = await _closed_cases(conn, closed_before, closed_before_by_reason or {})
        if closed:
            # Children first, so this does not depend on the database enforcing cascades.
            for table in (
                signal_keys,
                reporter_identities,
                blind_indexes,
                case_events,
                case_cards,
                feedback_requests,
                reporter_questions,
                outbox,
            ):
                await conn.execute(delete(table).where(table.c.signal_id.in_(closed)))
            await conn.execute(delete(signals).where(signals.c.id.in_(closed)))
        old_questions = await _old_questions(conn, answered_before, unanswered_before)
        if old_questions:
            await conn.execute(
                delete(question_cards).where(question_cards.c.question_id.in_(old_questions))
            )
            await conn.execute(delete(outbox).where(outbox.c.question_id.in_(old_questions)))
            await conn.execute(delete(questions).where(questions.c.id.in_(old_questions)))
        if closed or old_questions:
            # The statistics stay; rewritten, they no longer show which step wrote them.
            await reshuffle(conn)
        conversations = 0
        if conversations_before is not None:
            conversations = (
                await conn.execute(
                    delete(conversation_refs).where(
                        conversation_refs.c.updated_at < conversations_before
                    )
                )
            ).rowcount or 0
        messages = 0
        if messages_done_before is not None:
            messages = (
                await conn.execute(
                    delete(outbox).where(
                        outbox.c.status.in_(_DONE), outbox.c.created_at < messages_done_before
                    )
                )
            ).rowcount or 0
        result = RetentionResult(
            identities,
            len(closed),
            len(old_questions),
            conversations,
            messages,
            tuple(c for c in feedback_lost if c not in closed),
        )
        if result.anything:
            await audit.append(
                conn,
                audit.AuditEvent(
                    "system",
                    "retention.enforce",
                    f"id{identities}-case{len(closed)}-q{len(old_questions)}"
                    f"-c{conversations}-m{messages}",
                ),
                now,
            )
    if result.anything:
        # SQLite: deleted rows must not linger in the write-ahead log either.
        await truncate_wal(engine)
    return result


async def _identities(
    conn: AsyncConnection, after_feedback_before: datetime, closed_before: datetime | None
) -> tuple[int, list[str]]:
    expired = signals.c.feedback_delivered_at < after_feedback_before
    if closed_before is not None:
        expired = or_(
            expired, and_(signals.c.state == "closed", signals.c.closed_at < closed_before)
        )
    cases = list(
        (
            await conn.execute(
                select(reporter_identities.c.signal_id).where(
                    reporter_identities.c.signal_id.in_(select(signals.c.id).where(expired))
                )
            )
        ).scalars()
    )
    if not cases:
        return 0, []
    waiting = list(
        (
            await conn.execute(
                select(signals.c.id).where(
                    signals.c.id.in_(cases), signals.c.feedback_state.in_(("pending", "waiting"))
                )
            )
        ).scalars()
    )
    await conn.execute(
        delete(reporter_identities).where(reporter_identities.c.signal_id.in_(cases))
    )
    # The messages to the reporter name them by a stable pseudonym next to the case: they go
    # too, so nothing links the case to the reporter once the identity is gone.
    await conn.execute(
        delete(outbox).where(outbox.c.signal_id.in_(cases), outbox.c.kind == "reporter_text")
    )
    return len(cases), waiting


async def _closed_cases(
    conn: AsyncConnection, default_before: datetime, by_reason: dict[str, datetime]
) -> list[str]:
    conditions = [
        and_(signals.c.close_reason == reason, signals.c.closed_at < before)
        for reason, before in by_reason.items()
    ]
    conditions.append(
        and_(
            or_(signals.c.close_reason.is_(None), signals.c.close_reason.not_in(list(by_reason))),
            signals.c.closed_at < default_before,
        )
    )
    rows = await conn.execute(
        select(signals.c.id).where(signals.c.state == "closed", or_(*conditions))
    )
    return list(rows.scalars())


async def _old_questions(
    conn: AsyncConnection, answered_before: datetime, unanswered_before: datetime | None
) -> list[str]:
    expired = questions.c.answered_at < answered_before
    if unanswered_before is not None:
        expired = or_(
            expired,
            and_(questions.c.answered_at.is_(None), questions.c.created_at < unanswered_before),
        )
    return list((await conn.execute(select(questions.c.id).where(expired))).scalars())

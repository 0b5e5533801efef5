"""Quick questions: stored encrypted, answered once, with the messages each step causes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from domain import statistics
from domain.case_number import format_question_number, local_year
from domain.question import ANSWERED, ESCALATED, OPEN, QuestionContent, QuestionRecord
from domain.statistics import RouteFact
from storage import audit
from storage.crypto import associated_data, new_data_key, seal_json, unseal_json
from storage.dialect import insert_or_update, next_in_year
from storage.keyring import Keyring
from storage.outbox import Outbox, OutboxMessage
from storage.schema import question_cards, question_counters, questions
from storage.statistics import add_facts

__all__ = [
    "ANSWERED",
    "ESCALATED",
    "OPEN",
    "QuestionContent",
    "QuestionRecord",
    "QuestionRepository",
]


def _utc(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


_COLUMNS = [
    questions.c.id,
    questions.c.number,
    questions.c.created_at,
    questions.c.department,
    questions.c.state,
    questions.c.answered_by,
    questions.c.answered_at,
    questions.c.reminded_at,
    questions.c.escalated_at,
    questions.c.channel_conversation_id,
    questions.c.channel_activity_id,
]


def _record(row: Any) -> QuestionRecord:
    values = row._asdict()
    for key in ("created_at", "answered_at", "reminded_at", "escalated_at"):
        values[key] = _utc(values[key])
    return QuestionRecord(**values)


class QuestionRepository:
    def __init__(self, engine: AsyncEngine, keyring: Keyring, outbox: Outbox) -> None:
        self._engine = engine
        self._keyring = keyring
        self._outbox = outbox

    def _aad(self, question_id: str, column: str, version: str) -> bytes:
        return associated_data("questions", column, question_id, version)

    async def create(
        self,
        submission_id: str,
        department: str,
        content: QuestionContent,
        now: datetime,
        messages_for: Any,
    ) -> QuestionRecord:
        """Store a question; `messages_for(question_id)` gives the outbox messages it causes."""
        key = new_data_key()
        wrapped = await self._keyring.provider.wrap(key)
        version = self._keyring.provider.key_version
        question_id = str(uuid.uuid4())
        async with self._engine.begin() as conn:
            existing = (
                await conn.execute(
                    select(*_COLUMNS).where(questions.c.submission_id == submission_id)
                )
            ).first()
            if existing:
                return _record(existing)
            counter = next_in_year(conn.dialect.name, question_counters)
            year = local_year(now)
            taken = (await conn.execute(counter, {"year": year})).scalar_one()
            number = format_question_number(year, taken)
            await conn.execute(
                questions.insert().values(
                    id=question_id,
                    number=number,
                    submission_id=submission_id,
                    created_at=now,
                    department=department,
                    state=OPEN,
                    wrapped_key=wrapped,
                    kek_version=version,
                    wrapped_by=version,
                    content=seal_json(
                        key, content.__dict__, self._aad(question_id, "content", version)
                    ),
                )
            )
            await audit.append(
                conn,
                audit.AuditEvent(
                    "vraagsteller",  # no pseudonym: it would outlive the question
                    "question.create",
                    number,
                ),
                now,
            )
            await add_facts(conn, statistics.question_to_person(now, department))
            await self._outbox.add(conn, messages_for(question_id), now)
        self._outbox.committed()
        record = await self.by_id(question_id)
        assert record is not None
        return record

    async def by_id(self, question_id: str) -> QuestionRecord | None:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(select(*_COLUMNS).where(questions.c.id == question_id))
            ).first()
        return _record(row) if row else None

    async def by_number(self, number: str) -> QuestionRecord | None:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(*_COLUMNS).where(questions.c.number == number.strip().upper())
                )
            ).first()
        return _record(row) if row else None

    async def _key(self, question_id: str) -> tuple[bytes, str]:
        async with self._engine.connect() as conn:
            return await self._keyring.stored_data_key(conn, questions, "id", question_id)

    async def content(self, question_id: str) -> QuestionContent:
        key, version = await self._key(question_id)
        async with self._engine.connect() as conn:
            blob = (
                await conn.execute(select(questions.c.content).where(questions.c.id == question_id))
            ).scalar_one()
        return QuestionContent(**unseal_json(key, blob, self._aad(question_id, "content", version)))

    async def answer_text(self, question_id: str) -> str | None:
        key, version = await self._key(question_id)
        async with self._engine.connect() as conn:
            blob = (
                await conn.execute(select(questions.c.answer).where(questions.c.id == question_id))
            ).scalar_one()
        return (
            unseal_json(key, blob, self._aad(question_id, "answer", version))["text"]
            if blob
            else None
        )

    async def answer(
        self,
        question: QuestionRecord,
        actor: str,
        text: str,
        now: datetime,
        messages: list[OutboxMessage],
        topic: str | None = None,
    ) -> bool:
        """Record the first answer; False if someone answered first (nothing changes then).
        `topic` is the knowledge-base entry the answer was taken from, if it was."""
        key, version = await self._key(question.id)
        async with self._engine.begin() as conn:
            result = await conn.execute(
                update(questions)
                .where(questions.c.id == question.id, questions.c.answered_at.is_(None))
                .values(
                    state=ANSWERED,
                    answered_by=actor,
                    answered_at=now,
                    answer=seal_json(
                        key, {"text": text}, self._aad(question.id, "answer", version)
                    ),
                )
            )
            if result.rowcount != 1:
                return False
            await audit.append(
                conn, audit.AuditEvent(actor, "question.answer", question.number), now
            )
            await add_facts(conn, statistics.question_answered(now, question.created_at, topic))
            await self._outbox.add(conn, messages, now)
        return True

    async def record(
        self, actor: str, action: str, number: str, result: str, now: datetime
    ) -> None:
        await audit.record(
            self._engine,
            audit.AuditEvent(actor or "unknown", action, number[:64], result[:16]),
            now,
        )

    async def unanswered(self, state: str, created_before: datetime) -> list[QuestionRecord]:
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(*_COLUMNS).where(
                    and_(
                        questions.c.state == state,
                        questions.c.answered_at.is_(None),
                        questions.c.created_at < created_before,
                    )
                )
            )
            return [_record(r) for r in rows.all()]

    async def set_fields(
        self,
        question_id: str,
        messages: list[OutboxMessage] | None = None,
        facts: Sequence[RouteFact] = (),
        **values: Any,
    ) -> None:
        async with self._engine.begin() as conn:
            if values:
                await conn.execute(
                    update(questions).where(questions.c.id == question_id).values(**values)
                )
            await add_facts(conn, facts)
            if messages:
                now = values.get("reminded_at") or values.get("escalated_at") or datetime.now(UTC)
                await self._outbox.add(conn, messages, now)
        if messages:
            self._outbox.committed()

    async def card_of(self, question_id: str, recipient: str) -> tuple[str, str] | None:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(question_cards.c.conversation_id, question_cards.c.activity_id).where(
                        question_cards.c.question_id == question_id,
                        question_cards.c.recipient == recipient,
                    )
                )
            ).first()
        return (row.conversation_id, row.activity_id) if row else None

    async def remember_card(
        self, question_id: str, recipient: str, conversation_id: str, activity_id: str
    ) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                insert_or_update(
                    conn.dialect.name,
                    question_cards,
                    ("question_id", "recipient"),
                    ("conversation_id", "activity_id"),
                ),
                {
                    "question_id": question_id,
                    "recipient": recipient,
                    "conversation_id": conversation_id,
                    "activity_id": activity_id,
                },
            )

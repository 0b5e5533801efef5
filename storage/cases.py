"""Case work: each transition is one transaction with its history entry, audit entry and outbox.

The row is only updated if it is still in the state the decision was made on, so two
coordinators clicking at once cannot both move a case.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain import statistics
from domain.case import CaseEvent, CaseRecord, PartnerRequest
from domain.workflow import State
from storage import audit
from storage.crypto import associated_data, seal_json, unseal_json
from storage.keyring import Keyring, blind_index_digest
from storage.outbox import Outbox, OutboxMessage
from storage.schema import (
    blind_indexes,
    case_cards,
    case_events,
    feedback_requests,
    reporter_identities,
    reporter_questions,
    signal_keys,
    signals,
)
from storage.statistics import add_facts

_CASE_COLUMNS = [
    signals.c.id,
    signals.c.case_number,
    signals.c.state,
    signals.c.form,
    signals.c.urgent,
    signals.c.department,
    signals.c.created_at,
    signals.c.updated_at,
    signals.c.assignee,
    signals.c.escalation_reason,
    signals.c.forwarded_at,
    signals.c.handed_over_at,
    signals.c.on_agenda_at,
    signals.c.closed_at,
    signals.c.feedback_delivered_at,
    signals.c.feedback_state,
    signals.c.feedback_waiting_reminded_at,
    signals.c.claim_reminded_at,
    signals.c.feedback_reminded_at,
    signals.c.channel_conversation_id,
    signals.c.channel_activity_id,
    signals.c.reporter_route,
    signals.c.close_reason,
    signals.c.stale_reminded_at,
    signals.c.reporter_revealed_at,
    signals.c.intake,
    signals.c.enriched_at,
    signals.c.agenda_date,
    signals.c.agenda_outcome,
    signals.c.agenda_reminded_at,
    signals.c.partner_requested_at,
    signals.c.partner_due_on,
    signals.c.partner_feedback_at,
    signals.c.pointer_refreshed_at,
    signals.c.minor,
]


class CaseChanged(Exception):
    """The case moved on since it was read; the action was not applied."""


@dataclass(frozen=True)
class RequestChange:
    """What an action does to the partner requests, in the action's own transaction: ask
    `partner` for feedback by `due_on` (a new request, or a new date for an open one), or
    (with `answered`) close the partner's open requests."""

    partner: str
    due_on: str = ""
    answered: bool = False


@dataclass(frozen=True)
class QuestionChange:
    """A question to the reporter asked ("ask") or answered ("answer") with a transition."""

    kind: str
    question_id: str


@dataclass(frozen=True)
class ReporterQuestion:
    id: str
    signal_id: str
    asked_at: datetime
    answered_at: datetime | None
    reminded_at: datetime | None
    conversation_id: str | None
    activity_id: str | None


def _record(row: Row[Any]) -> CaseRecord:
    values = {k: as_utc(v) if isinstance(v, datetime) else v for k, v in row._asdict().items()}
    values["state"] = State(values["state"])
    return CaseRecord(**values)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything here is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def _last_done(conn: Any, case_id: str) -> dict[str, datetime]:
    """When each step that has no column of its own was last done on the case."""
    rows = await conn.execute(
        select(case_events.c.action, func.max(case_events.c.at))
        .where(
            case_events.c.signal_id == case_id,
            case_events.c.action.in_(("claim", "hand_over", "record_feedback")),
        )
        .group_by(case_events.c.action)
    )
    return {action: as_utc(at) for action, at in rows.all()}


class CaseRepository:
    def __init__(self, engine: AsyncEngine, keyring: Keyring, outbox: Outbox) -> None:
        self._engine = engine
        self._keyring = keyring
        self._outbox = outbox

    async def by_number(self, case_number: str) -> CaseRecord | None:
        return await self._one(signals.c.case_number == case_number.strip().upper())

    async def by_id(self, case_id: str) -> CaseRecord | None:
        return await self._one(signals.c.id == case_id)

    async def _one(self, condition: Any) -> CaseRecord | None:
        async with self._engine.connect() as conn:
            row = (await conn.execute(select(*_CASE_COLUMNS).where(condition))).first()
        return _record(row) if row else None

    async def _many(self, condition: Any) -> list[CaseRecord]:
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(*_CASE_COLUMNS).where(condition).order_by(signals.c.created_at)
                )
            ).all()
        return [_record(r) for r in rows]

    async def _case_key(self, conn: Any, case_id: str) -> tuple[bytes, str]:
        return await self._keyring.stored_data_key(conn, signal_keys, "signal_id", case_id)

    async def apply(
        self,
        case: CaseRecord,
        *,
        action: str,
        actor: str,
        new_state: State,
        at: datetime,
        details: dict[str, Any] | None = None,
        changes: dict[str, Any] | None = None,
        messages: list[OutboxMessage] | None = None,
        audit_result: str = "ok",
        request: RequestChange | None = None,
        question: QuestionChange | None = None,
        index_terms: list[tuple[str, str]] | None = None,
    ) -> CaseRecord:
        """Apply one decided transition, or raise CaseChanged if the case moved meanwhile.
        `question`: a question to the reporter asked or answered with it; `index_terms`: new
        (kind, normalised value) pairs for enrichment (a reporter's addition)."""
        event_id = str(uuid.uuid4())
        async with self._engine.begin() as conn:
            result = await conn.execute(
                update(signals)
                .where(
                    signals.c.id == case.id,
                    signals.c.state == case.state.value,
                    signals.c.updated_at == case.updated_at,
                )
                .values(state=new_state.value, updated_at=at, **(changes or {}))
            )
            if result.rowcount != 1:
                raise CaseChanged(case.case_number)
            await add_facts(
                conn,
                statistics.transition_facts(
                    case,
                    action,
                    at,
                    details=details or {},
                    changes=changes or {},
                    last_done=await _last_done(conn, case.id),
                ),
            )
            key, version = await self._case_key(conn, case.id)
            await conn.execute(
                case_events.insert().values(
                    id=event_id,
                    signal_id=case.id,
                    at=at,
                    actor=actor,
                    action=action,
                    from_state=case.state.value,
                    to_state=new_state.value,
                    details=seal_json(
                        key,
                        details or {},
                        associated_data("case_events", "details", event_id, version),
                    ),
                )
            )
            await audit.append(
                conn,
                audit.AuditEvent(actor, f"case.{action}", case.case_number, audit_result[:16]),
                at,
            )
            if request is not None:
                await _change_requests(conn, case.id, actor, at, request)
            if question and question.kind == "ask":
                await conn.execute(
                    reporter_questions.insert().values(
                        id=question.question_id, signal_id=case.id, asked_at=at
                    )
                )
            elif question:
                answered = await conn.execute(
                    update(reporter_questions)
                    .where(
                        reporter_questions.c.id == question.question_id,
                        reporter_questions.c.signal_id == case.id,
                        reporter_questions.c.answered_at.is_(None),
                    )
                    .values(answered_at=at)
                )
                if answered.rowcount != 1:
                    raise CaseChanged(case.case_number)
            if index_terms:
                await conn.execute(
                    blind_indexes.insert(),
                    [
                        {
                            "signal_id": case.id,
                            "kind": kind,
                            "digest": blind_index_digest(self._keyring, kind, term),
                        }
                        for kind, term in index_terms
                    ],
                )
            if messages:
                await self._outbox.add(conn, messages, at)
        if messages:
            self._outbox.committed()
        updated = await self.by_id(case.id)
        assert updated is not None
        return updated

    async def record_refusal(
        self,
        actor: str,
        action: str,
        case_number: str,
        reason: str,
        at: datetime,
        *,
        prefix: str = "case.",
    ) -> None:
        await audit.record(
            self._engine,
            audit.AuditEvent(
                actor or "unknown", f"{prefix}{action}", case_number[:64], f"refused:{reason}"[:16]
            ),
            at,
        )

    async def record_read(self, actor: str, what: str, case_number: str, at: datetime) -> None:
        await audit.record(self._engine, audit.AuditEvent(actor, what, case_number), at)

    async def events(self, case_id: str) -> list[CaseEvent]:
        async with self._engine.connect() as conn:
            key, _version = await self._case_key(conn, case_id)
            rows = (
                await conn.execute(
                    select(case_events)
                    .where(case_events.c.signal_id == case_id)
                    .order_by(case_events.c.at)
                )
            ).all()
            key_versions = {r.id: _version for r in rows}
        return [
            CaseEvent(
                r.at,
                r.actor,
                r.action,
                r.from_state,
                r.to_state,
                unseal_json(
                    key,
                    r.details,
                    associated_data("case_events", "details", r.id, key_versions[r.id]),
                ),
            )
            for r in rows
        ]

    async def related_case_numbers(self, case_id: str) -> dict[str, list[str]]:
        """Earlier or later cases sharing a blind index with this one, per kind of match."""
        mine = blind_indexes.alias("mine")
        other = blind_indexes.alias("other")
        query = (
            select(mine.c.kind, signals.c.case_number)
            .select_from(mine)
            .join(
                other,
                and_(
                    other.c.kind == mine.c.kind,
                    other.c.digest == mine.c.digest,
                    other.c.signal_id != mine.c.signal_id,
                ),
            )
            .join(signals, signals.c.id == other.c.signal_id)
            .where(mine.c.signal_id == case_id)
            .order_by(signals.c.case_number)
        )
        related: dict[str, list[str]] = {}
        async with self._engine.connect() as conn:
            for kind, number in (await conn.execute(query)).all():
                if number not in related.setdefault(kind, []):
                    related[kind].append(number)
        return related

    async def requests(self, case_id: str) -> list[PartnerRequest]:
        """The case's requests for partner feedback, oldest first."""
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(
                    feedback_requests.c.id,
                    feedback_requests.c.partner,
                    feedback_requests.c.requested_at,
                    feedback_requests.c.due_on,
                    feedback_requests.c.answered_at,
                )
                .where(feedback_requests.c.signal_id == case_id)
                .order_by(feedback_requests.c.requested_at)
            )
            return [
                PartnerRequest(
                    r.id,
                    r.partner,
                    as_utc(r.requested_at),
                    r.due_on,
                    as_utc(r.answered_at) if r.answered_at else None,
                )
                for r in rows
            ]

    async def overdue_requests(
        self, today: str, reminded_before: datetime
    ) -> list[tuple[PartnerRequest, CaseRecord]]:
        """Open requests of open cases whose due date (ISO) is before `today`, not reminded
        about since `reminded_before`."""
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(
                        feedback_requests.c.id,
                        feedback_requests.c.partner,
                        feedback_requests.c.requested_at,
                        feedback_requests.c.due_on,
                        feedback_requests.c.signal_id,
                    )
                    .join(signals, signals.c.id == feedback_requests.c.signal_id)
                    .where(
                        feedback_requests.c.answered_at.is_(None),
                        feedback_requests.c.due_on < today,
                        signals.c.state != State.CLOSED.value,
                        or_(
                            feedback_requests.c.reminded_at.is_(None),
                            feedback_requests.c.reminded_at <= reminded_before,
                        ),
                    )
                    .order_by(feedback_requests.c.due_on)
                )
            ).all()
        found = []
        for r in rows:
            case = await self.by_id(r.signal_id)
            if case is not None:
                found.append(
                    (PartnerRequest(r.id, r.partner, as_utc(r.requested_at), r.due_on), case)
                )
        return found

    async def remind_request(
        self, request_id: str, case_id: str, at: datetime, messages: list[OutboxMessage]
    ) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                update(feedback_requests)
                .where(feedback_requests.c.id == request_id)
                .values(reminded_at=at)
            )
            await self._outbox.add(conn, messages, at)
        self._outbox.committed()

    async def on_agenda(self) -> list[CaseRecord]:
        """Open cases waiting for a signaleringsoverleg, by meeting date."""
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(*_CASE_COLUMNS)
                    .where(
                        signals.c.state != State.CLOSED.value, signals.c.agenda_date.is_not(None)
                    )
                    .order_by(signals.c.agenda_date, signals.c.created_at)
                )
            ).all()
        return [_record(r) for r in rows]

    async def outcome_missing(self, today: str) -> list[CaseRecord]:
        """Open cases whose meeting (ISO date) was before `today`, with no outcome recorded
        and not reminded about for that meeting."""
        return await self._many(
            and_(
                signals.c.state != State.CLOSED.value,
                signals.c.agenda_date < today,
                signals.c.agenda_reminded_at.is_(None),
            )
        )

    async def with_blind_index(self, kind: str, digest: str) -> list[CaseRecord]:
        """Cases with this keyed digest: finding a case by address or company number without
        decrypting anything."""
        ids = select(blind_indexes.c.signal_id).where(
            blind_indexes.c.kind == kind, blind_indexes.c.digest == digest
        )
        return await self._many(signals.c.id.in_(ids))

    async def pointers_to_refresh(self, cutoff: datetime) -> list[CaseRecord]:
        """Open cases whose channel card was last drawn before `cutoff`."""
        return await self._many(
            and_(
                signals.c.state != State.CLOSED.value,
                signals.c.channel_activity_id.is_not(None),
                or_(
                    signals.c.pointer_refreshed_at.is_(None),
                    signals.c.pointer_refreshed_at < cutoff,
                ),
            )
        )

    async def for_reporter_index(self, reporter_index: str) -> list[CaseRecord]:
        ids = select(reporter_identities.c.signal_id).where(
            reporter_identities.c.reporter_index == reporter_index
        )
        return await self._many(signals.c.id.in_(ids))

    async def open_cases(self) -> list[CaseRecord]:
        return await self._many(signals.c.state != State.CLOSED.value)

    async def received_before(self, cutoff: datetime) -> list[CaseRecord]:
        return await self._many(
            and_(signals.c.state == State.RECEIVED.value, signals.c.created_at < cutoff)
        )

    async def received_in(self, department: str) -> list[CaseRecord]:
        """Signals of a department that wait for its taakaccenthouders."""
        return await self._many(
            and_(signals.c.state == State.RECEIVED.value, signals.c.department == department)
        )

    async def unclaimed_since(self, cutoff: datetime) -> list[CaseRecord]:
        return await self._many(
            and_(
                signals.c.state == State.WITH_COORDINATOR.value,
                signals.c.forwarded_at < cutoff,
                or_(signals.c.claim_reminded_at.is_(None), signals.c.claim_reminded_at < cutoff),
            )
        )

    async def without_feedback_since(self, cutoff: datetime) -> list[CaseRecord]:
        return await self._many(
            and_(
                signals.c.state != State.CLOSED.value,
                signals.c.created_at < cutoff,
                or_(
                    signals.c.feedback_reminded_at.is_(None),
                    signals.c.feedback_reminded_at < cutoff,
                ),
            )
        )

    async def set_fields(self, case_id: str, **values: Any) -> None:
        """Bookkeeping that is not a transition (reminder times, where the channel card is)."""
        async with self._engine.begin() as conn:
            await conn.execute(update(signals).where(signals.c.id == case_id).values(**values))

    async def remind(
        self, case: CaseRecord, column: str, at: datetime, messages: list[OutboxMessage]
    ) -> None:
        reminded = statistics.reminder(at, column.removesuffix("_reminded_at"))
        await self.set_fields_and_send(case.id, at, messages, reminded, **{column: at})

    async def set_fields_and_send(
        self,
        case_id: str,
        at: datetime,
        messages: list[OutboxMessage],
        facts: Sequence[statistics.RouteFact] = (),
        **values: Any,
    ) -> None:
        """Bookkeeping, the messages and the statistics it causes, in one transaction."""
        async with self._engine.begin() as conn:
            if values:
                await conn.execute(update(signals).where(signals.c.id == case_id).values(**values))
            await add_facts(conn, facts)
            await self._outbox.add(conn, messages, at)
        self._outbox.committed()

    async def stale_since(self, cutoff: datetime) -> list[CaseRecord]:
        """Open cases without a transition since `cutoff`, not reminded about since then."""
        return await self._many(
            and_(
                signals.c.state != State.CLOSED.value,
                signals.c.updated_at < cutoff,
                or_(signals.c.stale_reminded_at.is_(None), signals.c.stale_reminded_at < cutoff),
            )
        )

    async def feedback_waiting_since(self, cutoff: datetime) -> list[CaseRecord]:
        """Closed cases whose feedback has waited for the reporter since before `cutoff`,
        not yet reminded about."""
        return await self._many(
            and_(
                signals.c.feedback_state == "waiting",
                signals.c.closed_at < cutoff,
                signals.c.feedback_waiting_reminded_at.is_(None),
            )
        )

    async def card_of(self, case_id: str, recipient: str) -> tuple[str, str] | None:
        """Where a taakaccenthouder's card about this case sits in their chat, if it was sent."""
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(case_cards.c.conversation_id, case_cards.c.activity_id).where(
                        case_cards.c.signal_id == case_id, case_cards.c.recipient == recipient
                    )
                )
            ).first()
        return (row.conversation_id, row.activity_id) if row else None

    async def remember_card(
        self, case_id: str, recipient: str, conversation_id: str, activity_id: str
    ) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                delete(case_cards).where(
                    case_cards.c.signal_id == case_id, case_cards.c.recipient == recipient
                )
            )
            await conn.execute(
                case_cards.insert().values(
                    signal_id=case_id,
                    recipient=recipient,
                    conversation_id=conversation_id,
                    activity_id=activity_id,
                )
            )

    async def card_recipients(self, case_id: str) -> list[str]:
        """Who has a card about this case in their chat."""
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(case_cards.c.recipient).where(case_cards.c.signal_id == case_id)
            )
            return list(rows.scalars())

    # --- questions to the reporter ---------------------------------------------------------------
    async def reporter_questions(self, case_id: str) -> list[ReporterQuestion]:
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(reporter_questions)
                .where(reporter_questions.c.signal_id == case_id)
                .order_by(reporter_questions.c.asked_at)
            )
            return [_question(r) for r in rows.all()]

    async def reporter_question(self, question_id: str) -> ReporterQuestion | None:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(reporter_questions).where(reporter_questions.c.id == question_id)
                )
            ).first()
        return _question(row) if row else None

    async def unanswered_reporter_questions(self, asked_before: datetime) -> list[ReporterQuestion]:
        """Open questions asked before the cut-off and not reminded about yet."""
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(reporter_questions).where(
                    reporter_questions.c.answered_at.is_(None),
                    reporter_questions.c.reminded_at.is_(None),
                    reporter_questions.c.asked_at < asked_before,
                )
            )
            return [_question(r) for r in rows.all()]

    async def set_reporter_question(self, question_id: str, **values: Any) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                update(reporter_questions)
                .where(reporter_questions.c.id == question_id)
                .values(**values)
            )

    async def is_reporter(self, case_id: str, reporter_index: str) -> bool:
        """Whether the person with this lookup index reported this case (identity still kept)."""
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(reporter_identities.c.signal_id).where(
                        reporter_identities.c.signal_id == case_id,
                        reporter_identities.c.reporter_index == reporter_index,
                    )
                )
            ).first()
        return row is not None


def _question(row: Row[Any]) -> ReporterQuestion:
    values = {k: as_utc(v) if isinstance(v, datetime) else v for k, v in row._asdict().items()}
    return ReporterQuestion(**values)


async def _change_requests(
    conn: AsyncConnection, case_id: str, actor: str, at: datetime, change: RequestChange
) -> None:
    """Ask, re-date or close a partner's requests, then summarise the open ones on the case
    (the earliest due date), so cards and the workflow need no second query."""
    open_for_partner = and_(
        feedback_requests.c.signal_id == case_id,
        feedback_requests.c.partner == change.partner,
        feedback_requests.c.answered_at.is_(None),
    )
    summary: dict[str, Any] = {}
    if change.answered:
        await conn.execute(update(feedback_requests).where(open_for_partner).values(answered_at=at))
        summary["partner_feedback_at"] = at
    else:
        dated = await conn.execute(
            update(feedback_requests)
            .where(open_for_partner)
            .values(due_on=change.due_on, reminded_at=None)
        )
        if not dated.rowcount:
            await conn.execute(
                feedback_requests.insert().values(
                    id=str(uuid.uuid4()),
                    signal_id=case_id,
                    partner=change.partner,
                    requested_by=actor,
                    requested_at=at,
                    due_on=change.due_on,
                )
            )
        summary["partner_requested_at"] = at
    earliest = (
        await conn.execute(
            select(func.min(feedback_requests.c.due_on)).where(
                feedback_requests.c.signal_id == case_id,
                feedback_requests.c.answered_at.is_(None),
            )
        )
    ).scalar_one_or_none()
    await conn.execute(
        update(signals).where(signals.c.id == case_id).values(partner_due_on=earliest, **summary)
    )

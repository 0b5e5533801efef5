"""Storing signals: encrypted content, the reporter's identity apart, blind indexes, audit.

Everything about one new signal is written in one transaction, so a signal is either stored
whole or not at all, and it is committed before the reporter is told it was received.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain import statistics
from domain.case_number import format_case_number, local_year
from domain.matching import blind_index_terms
from storage import audit
from storage.crypto import associated_data, keyed_digest, new_data_key, seal_json, unseal_json
from storage.dialect import next_in_year
from storage.keyring import Keyring, blind_index_digest, wrapping_version
from storage.outbox import Outbox, OutboxMessage
from storage.schema import (
    blind_indexes,
    case_counters,
    case_events,
    reporter_identities,
    signal_keys,
    signals,
)
from storage.statistics import add_facts

# Built once; each signal's values go in as parameters (see storage.dialect).
_INSERT_SIGNAL = signals.insert()
_INSERT_SIGNAL_KEY = signal_keys.insert()
_INSERT_REPORTER = reporter_identities.insert()
_INSERT_BLIND_INDEX = blind_indexes.insert()
_BY_SUBMISSION = select(signals.c.id, signals.c.case_number, signals.c.created_at).where(
    signals.c.submission_id == bindparam("submission_id")
)


@dataclass(frozen=True)
class ReporterIdentity:
    """Who reported: an employee in Teams, or (for a registered signal) someone outside the
    municipality's Teams, with no object id and no conversation, only a name and organisation.
    Both are kept apart under their own key, revealed only with a reason, and deleted by
    retention in the same way."""

    aad_object_id: str
    name: str
    conversation_reference: dict[str, Any]
    organisation: str = ""

    @property
    def in_teams(self) -> bool:
        return bool(self.aad_object_id)

    @property
    def display(self) -> str:
        """How the identity is shown after a reveal."""
        if self.organisation and self.name:
            return f"{self.name} ({self.organisation})"
        return self.name or self.organisation


@dataclass(frozen=True)
class Registration:
    """A signal the aandachtsfunctionaris recorded: who did, for the history and audit log."""

    registrar: str  # Entra object id of the aandachtsfunctionaris
    details: dict[str, Any]  # the history entry's details (encrypted with the case)


@dataclass(frozen=True)
class NewSignal:
    submission_id: str
    content: dict[str, Any]
    form: str
    urgent: bool
    department: str
    state: str
    escalation_reason: str | None = None
    reporter_route: str = "taakaccenthouder"
    intake: str = "teams"  # how it reached the route (domain.statistics.INTAKE_CHANNELS)
    assignee: str | None = None
    minor: bool = False
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass(frozen=True)
class StoredSignal:
    id: str
    case_number: str
    created_at: datetime
    newly_created: bool


class SignalRepository:
    def __init__(self, engine: AsyncEngine, keyring: Keyring, outbox: Outbox) -> None:
        self._engine = engine
        self._keyring = keyring
        self._outbox = outbox

    def reporter_index(self, aad_object_id: str) -> str:
        return keyed_digest(self._keyring["lookup"], "reporter|" + aad_object_id)

    def blind_index(self, kind: str, term: str) -> str:
        return blind_index_digest(self._keyring, kind, term)

    def _index_of(self, reporter: ReporterIdentity) -> str:
        """The look-up digest behind "Mijn meldingen"; an external reporter has no Teams
        account, so theirs is random and matches nobody."""
        if reporter.in_teams:
            return self.reporter_index(reporter.aad_object_id)
        return keyed_digest(self._keyring["lookup"], "external|" + str(uuid.uuid4()))

    async def create(
        self,
        new: NewSignal,
        reporter: ReporterIdentity | None,
        now: datetime,
        messages: list[OutboxMessage] | None = None,
        registration: Registration | None = None,
    ) -> StoredSignal:
        """Store a confirmed signal with the messages it causes; a repeated submit of the same
        draft returns the first signal and sends nothing again. A registered signal may have
        no reporter at all; an external one is never found by anyone's "Mijn meldingen"."""
        provider = self._keyring.provider
        signal_key, identity_key = new_data_key(), new_data_key()
        wrapped_signal_key = await provider.wrap(signal_key)
        wrapped_identity_key = await provider.wrap(identity_key)
        version = provider.key_version
        signal_id = new.id

        async with self._engine.begin() as conn:
            existing = await self._find_submission(conn, new.submission_id)
            if existing is not None:
                return existing
            year = local_year(now)
            number = await self._next_case_number(conn, year)
            case_number = format_case_number(year, number)
            await conn.execute(
                _INSERT_SIGNAL,
                {
                    "id": signal_id,
                    "case_number": case_number,
                    "submission_id": new.submission_id,
                    "created_at": now,
                    "updated_at": now,
                    "state": new.state,
                    "form": new.form,
                    "urgent": new.urgent,
                    "department": new.department,
                    "escalation_reason": new.escalation_reason,
                    "reporter_route": new.reporter_route,
                    "intake": new.intake,
                    "assignee": new.assignee,
                    "forwarded_at": now if new.escalation_reason or registration else None,
                    "minor": new.minor,
                    "content": seal_json(
                        signal_key,
                        new.content,
                        associated_data("signals", "content", signal_id, version),
                    ),
                },
            )
            await conn.execute(
                _INSERT_SIGNAL_KEY,
                {
                    "signal_id": signal_id,
                    "wrapped_key": wrapped_signal_key,
                    "kek_version": version,
                    "wrapped_by": version,
                },
            )
            if reporter is not None:
                await conn.execute(
                    _INSERT_REPORTER,
                    {
                        "signal_id": signal_id,
                        "reporter_index": self._index_of(reporter),
                        "wrapped_key": wrapped_identity_key,
                        "kek_version": version,
                        "wrapped_by": version,
                        "identity": seal_json(
                            identity_key,
                            {
                                "aad_object_id": reporter.aad_object_id,
                                "name": reporter.name,
                                "conversation_reference": reporter.conversation_reference,
                                "organisation": reporter.organisation,
                            },
                            associated_data("reporter_identities", "identity", signal_id, version),
                        ),
                    },
                )
            terms = blind_index_terms(new.content)
            if terms:
                await conn.execute(
                    _INSERT_BLIND_INDEX,
                    [
                        {
                            "signal_id": signal_id,
                            "kind": kind,
                            "digest": self.blind_index(kind, term),
                        }
                        for kind, term in terms
                    ],
                )
            if registration is not None:
                event_id = str(uuid.uuid4())
                await conn.execute(
                    case_events.insert().values(
                        id=event_id,
                        signal_id=signal_id,
                        at=now,
                        actor=registration.registrar,
                        action="register",
                        from_state=new.state,
                        to_state=new.state,
                        details=seal_json(
                            signal_key,
                            registration.details,
                            associated_data("case_events", "details", event_id, version),
                        ),
                    )
                )
                event = audit.AuditEvent(registration.registrar, "signal.register", case_number)
            else:
                # No pseudonym of the reporter: a stable one would link their cases, and
                # re-identify them, long after their identity was deleted.
                event = audit.AuditEvent(actor="melder", action="signal.create", object=case_number)
            await audit.append(conn, event, now)
            await add_facts(
                conn,
                statistics.signal_registered(
                    at=now,
                    form=new.form,
                    intake=new.intake,
                    urgent=new.urgent,
                    content=new.content,
                )
                if registration is not None
                else statistics.signal_received(
                    at=now,
                    form=new.form,
                    department=new.department,
                    intake=new.intake,
                    urgent=new.urgent,
                    content=new.content,
                    escalation_reason=new.escalation_reason,
                ),
            )
            if messages:
                await self._outbox.add(conn, messages, now)
        if messages:
            self._outbox.committed()
        return StoredSignal(signal_id, case_number, now, newly_created=True)

    @staticmethod
    async def _find_submission(conn: AsyncConnection, submission_id: str) -> StoredSignal | None:
        row = (await conn.execute(_BY_SUBMISSION, {"submission_id": submission_id})).first()
        if row is None:
            return None
        return StoredSignal(row.id, row.case_number, row.created_at, newly_created=False)

    @staticmethod
    async def _next_case_number(conn: AsyncConnection, year: int) -> int:
        statement = next_in_year(conn.dialect.name, case_counters)
        return (await conn.execute(statement, {"year": year})).scalar_one()

    async def read_content(self, signal_id: str) -> dict[str, Any]:
        """Decrypt one signal's content; raises TamperedData if it was altered, LookupError if gone."""
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(
                        signals.c.content,
                        signal_keys.c.wrapped_key,
                        signal_keys.c.kek_version,
                        wrapping_version(signal_keys),
                    )
                    .join(signal_keys, signal_keys.c.signal_id == signals.c.id)
                    .where(signals.c.id == signal_id)
                )
            ).first()
        if row is None:
            raise LookupError("no such signal")
        key = await self._keyring.provider.unwrap(row.wrapped_key, row.wrapping_version)
        return unseal_json(
            key, row.content, associated_data("signals", "content", signal_id, row.kek_version)
        )

    async def has_reporter(self, signal_id: str) -> bool:
        """Whether a reporter's identity is kept for the signal (nothing is decrypted)."""
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(reporter_identities.c.signal_id).where(
                        reporter_identities.c.signal_id == signal_id
                    )
                )
            ).first()
        return row is not None

    async def read_reporter(self, signal_id: str) -> ReporterIdentity:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(reporter_identities, wrapping_version(reporter_identities)).where(
                        reporter_identities.c.signal_id == signal_id
                    )
                )
            ).first()
        if row is None:
            raise LookupError("no reporter identity for this signal")
        key = await self._keyring.provider.unwrap(row.wrapped_key, row.wrapping_version)
        data = unseal_json(
            key,
            row.identity,
            associated_data("reporter_identities", "identity", signal_id, row.kek_version),
        )
        return ReporterIdentity(
            data["aad_object_id"],
            data["name"],
            data["conversation_reference"],
            data.get("organisation", ""),
        )

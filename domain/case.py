"""A case as the workflow and the cards see it: routing facts and times, no content."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.workflow import Fact, State


class ReporterRoute(StrEnum):
    """Who the signal went to first, so who knows the reporter's name."""

    TAAKACCENTHOUDER = "taakaccenthouder"  # discussed with the department's taakaccenthouder
    COORDINATOR = "coordinator"  # straight to the aandachtsfunctionaris (choice, urgent, none)
    INTAKE = "intake"  # came in outside Teams; the aandachtsfunctionaris registered it


class Intake(StrEnum):
    """How a signal reached the municipality's route (counted in the statistics)."""

    TEAMS = "teams"  # an employee reported it in Meldroute
    MAILBOX = "mailbox"  # the aandachtsfunctionaris's general mailbox
    PHONE = "phone"
    PARTNER = "partner"  # a chain partner (Veilig Thuis, police, ...)
    OTHER = "other"


# The outcome of a signaleringsoverleg that moves the case to the next one (not discussed).
POSTPONED = "postponed"
AGENDA_OUTCOMES: tuple[str, ...] = ("discussed", "no_information", POSTPONED, "withdrawn")

INTAKE_SOURCES: tuple[str, ...] = (Intake.MAILBOX, Intake.PHONE, Intake.PARTNER, Intake.OTHER)
# The department of a registered signal: no routing id can look like this (ids start with a
# letter or digit), so no taakaccenthouder ever gets a role on it.
INTAKE_DEPARTMENT = "_intake"


class FeedbackState(StrEnum):
    """Where the closing feedback for the reporter is."""

    PENDING = "pending"  # written, not yet sent
    DELIVERED = "delivered"
    WAITING = "waiting"  # the reporter cannot be reached yet; it goes out when they can
    FAILED = "failed"  # it cannot be delivered (identity deleted, reporter gone, error)
    OUTSIDE = "outside"  # a registered signal: feedback goes outside Meldroute


@dataclass(frozen=True)
class CaseRecord:
    id: str
    case_number: str
    state: State
    form: str
    urgent: bool
    department: str
    created_at: datetime
    updated_at: datetime
    assignee: str | None = None
    escalation_reason: str | None = None
    forwarded_at: datetime | None = None
    handed_over_at: datetime | None = None
    on_agenda_at: datetime | None = None
    closed_at: datetime | None = None
    feedback_delivered_at: datetime | None = None
    feedback_state: str | None = None  # pending, delivered, waiting or failed (after closing)
    feedback_waiting_reminded_at: datetime | None = None
    claim_reminded_at: datetime | None = None
    feedback_reminded_at: datetime | None = None
    channel_conversation_id: str | None = None
    channel_activity_id: str | None = None
    reporter_route: str = "taakaccenthouder"  # or "coordinator": see ReporterRoute
    close_reason: str | None = None
    stale_reminded_at: datetime | None = None
    reporter_revealed_at: datetime | None = None
    intake: str = "teams"  # how it reached the route: see Intake
    enriched_at: datetime | None = None
    agenda_date: str | None = None  # ISO date of the signaleringsoverleg it waits for
    agenda_outcome: str | None = None  # the latest outcome, a key of texts' AGENDA_OUTCOMES
    agenda_reminded_at: datetime | None = None
    partner_requested_at: datetime | None = None  # latest request for partner feedback
    partner_due_on: str | None = None  # ISO date: the earliest due date of open requests
    partner_feedback_at: datetime | None = None  # latest partner feedback recorded
    pointer_refreshed_at: datetime | None = None
    minor: bool = False  # the reporter thinks the person may be under 18 (a flag, no detail)

    @property
    def taakaccenthouder_knows_reporter(self) -> bool:
        """The signal started with the taakaccenthouder, who saw the reporter's name."""
        return self.reporter_route == ReporterRoute.TAAKACCENTHOUDER

    @property
    def registered(self) -> bool:
        """Registered by an aandachtsfunctionaris: there is no reporter in Teams to answer."""
        return self.reporter_route == ReporterRoute.INTAKE


def case_facts(case: CaseRecord) -> frozenset[Fact]:
    """What the workflow table's next steps depend on, from the case's own columns."""
    facts = set()
    if not case.registered:
        facts.add(Fact.REPORTER_IN_TEAMS)
    if case.enriched_at:
        facts.add(Fact.ENRICHED)
    if case.agenda_date:
        facts.add(Fact.ON_AGENDA)
    if case.agenda_outcome and case.agenda_outcome != POSTPONED:
        facts.add(Fact.DISCUSSED)
    if case.partner_due_on:
        facts.add(Fact.AWAITING_PARTNER)
    if case.partner_requested_at and (
        case.handed_over_at is None or case.partner_requested_at >= case.handed_over_at
    ):
        facts.add(Fact.PARTNER_ASKED)
    return frozenset(facts)


@dataclass(frozen=True)
class PartnerRequest:
    """A request for feedback from a chain partner: partner id and dates, no content."""

    id: str
    partner: str
    requested_at: datetime
    due_on: str  # ISO date
    answered_at: datetime | None = None


@dataclass(frozen=True)
class CaseEvent:
    at: datetime
    actor: str
    action: str
    from_state: str
    to_state: str
    details: dict[str, Any] = field(default_factory=dict)

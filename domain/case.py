"""A case as the workflow and the cards see it: routing facts and times, no content."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.workflow import State


class ReporterRoute(StrEnum):
    """Who the signal went to first, so who knows the reporter's name."""

    TAAKACCENTHOUDER = "taakaccenthouder"  # discussed with the department's taakaccenthouder
    COORDINATOR = "coordinator"  # straight to the aandachtsfunctionaris (choice, urgent, none)


class FeedbackState(StrEnum):
    """Where the closing feedback for the reporter is."""

    PENDING = "pending"  # written, not yet sent
    DELIVERED = "delivered"
    WAITING = "waiting"  # the reporter cannot be reached yet; it goes out when they can
    FAILED = "failed"  # it cannot be delivered (identity deleted, reporter gone, error)


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
    minor: bool = False  # the reporter thinks the person may be under 18 (a flag, no detail)

    @property
    def taakaccenthouder_knows_reporter(self) -> bool:
        """The signal started with the taakaccenthouder, who saw the reporter's name."""
        return self.reporter_route == ReporterRoute.TAAKACCENTHOUDER


@dataclass(frozen=True)
class CaseEvent:
    at: datetime
    actor: str
    action: str
    from_state: str
    to_state: str
    details: dict[str, Any] = field(default_factory=dict)

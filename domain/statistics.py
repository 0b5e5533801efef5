"""Statistics that outlive the cases: the facts each step of the route leaves behind.

A fact holds a month and either categories (form, department, partner, ...) or durations in
whole days, never an id, a case or question number, a name, free text or a precise time. So
once retention deletes a case, nothing in its facts points back to it. A fact never holds
categories and durations together: durations could be matched against the step times the
audit log keeps, and then they must not say what the case was about.

Plain Python: storage writes the facts in the transaction of the step they describe; the
evaluation (domain/evaluation.py) counts them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.case import CaseRecord

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")

# How a signal reached the route: Teams, or the aandachtsfunctionaris registered it after
# receiving it another way.
INTAKE_CHANNELS: tuple[str, ...] = ("teams", "mailbox", "phone", "partner", "other")
MINOR_VALUES: tuple[str, ...] = ("yes", "no", "unknown")


class Kind(StrEnum):
    SIGNAL = "signal"  # a signal was received: its categories
    FORWARDED = "forwarded"  # it reached the aandachtsfunctionarissen; detail: how
    HANDED_OVER = "handed_over"  # partner
    CLOSED = "closed"  # close_reason
    REOPENED = "reopened"
    REMINDER = "reminder"  # detail: claim, feedback or question
    DURATION = "duration"  # step, days (since the step before), days_total (since received)
    QUESTION_ASKED = "question_asked"  # topic: the knowledge base's best answer, or none
    QUESTION_HELPED = "question_helped"  # the asker said the answer helped; topic
    QUESTION_TO_PERSON = "question_to_person"  # department
    QUESTION_ESCALATED = "question_escalated"  # unanswered in time, to the channel
    QUESTION_ANSWERED = "question_answered"  # detail: knowledge_base or own_text; topic
    # Two-way contact with the reporter; detail: one of REPORTER_CONTACT_STEPS.
    REPORTER_CONTACT = "reporter_contact"


class Step(StrEnum):
    """The steps of the route whose lead time is kept, each measured from the one before."""

    FORWARDED = "forwarded"  # from received
    CLAIMED = "claimed"  # from forwarded
    HANDED_OVER = "handed_over"  # from claimed
    PARTNER_FEEDBACK = "partner_feedback"  # from handed over
    CLOSED = "closed"  # from claimed
    FEEDBACK_DELIVERED = "feedback_delivered"  # from closed
    QUESTION_ANSWERED = "question_answered"  # from asked


# An aandachtsfunctionaris asked the reporter a question; the reporter answered it, did not
# know or declined; the reporter added to their report (Kind.REPORTER_CONTACT detail).
REPORTER_ASKED, REPORTER_ADDED = "asked", "added"
REPORTER_ANSWER_KINDS: tuple[str, ...] = ("answer", "dont_know", "decline")
REPORTER_CONTACT_STEPS: tuple[str, ...] = (REPORTER_ASKED, *REPORTER_ANSWER_KINDS, REPORTER_ADDED)

# How a signal reached the aandachtsfunctionarissen (Kind.FORWARDED detail).
FORWARDED_BY_TAAKACCENTHOUDER = "taakaccenthouder"
ANSWERED_FROM_KNOWLEDGE_BASE = "knowledge_base"
ANSWERED_IN_OWN_WORDS = "own_text"


@dataclass(frozen=True)
class RouteFact:
    month: str  # YYYY-MM, local time
    kind: str
    form: str | None = None
    department: str | None = None
    intake: str | None = None
    urgent: bool | None = None
    minor: str | None = None
    acute: bool | None = None
    tah_involved: bool | None = None
    partner: str | None = None
    close_reason: str | None = None
    detail: str | None = None
    topic: str | None = None
    step: str | None = None
    days: int | None = None
    days_total: int | None = None


FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(RouteFact))


def month_of(at: datetime) -> str:
    """The local (Amsterdam) month of a moment: what a fact keeps of its time."""
    return at.astimezone(LOCAL_TIME).strftime("%Y-%m")


def whole_days(start: datetime | None, end: datetime) -> int | None:
    if start is None:
        return None
    return max(0, int((end - start).total_seconds() // 86400))


def _duration(
    step: Step, at: datetime, since: datetime | None, received: datetime | None, month: str = ""
) -> RouteFact:
    return RouteFact(
        month or month_of(at),
        Kind.DURATION,
        step=step,
        days=whole_days(since, at),
        days_total=whole_days(received, at),
    )


# --- the case route ---------------------------------------------------------------------------
def signal_received(
    *,
    at: datetime,
    form: str,
    department: str,
    intake: str,
    urgent: bool,
    content: Mapping[str, object],
    escalation_reason: str | None,
) -> list[RouteFact]:
    """A new signal: its categories, and when it goes straight to the aandachtsfunctionarissen
    (urgent, or no taakaccenthouder) also that it was forwarded at once."""
    month = month_of(at)
    minor = content.get("victim_minor")
    facts = [
        RouteFact(
            month,
            Kind.SIGNAL,
            form=form,
            department=department,
            intake=intake if intake in INTAKE_CHANNELS else "other",
            urgent=urgent,
            minor=minor if isinstance(minor, str) and minor in MINOR_VALUES else "unknown",
            acute=content.get("acute") == "yes",
            # The signal went to the taakaccenthouder first (not urgent, the reporter did not
            # choose to skip them, and there is one).
            tah_involved=escalation_reason is None,
        )
    ]
    if escalation_reason:
        facts.append(RouteFact(month, Kind.FORWARDED, detail=escalation_reason))
        facts.append(_duration(Step.FORWARDED, at, at, at))
    return facts


# An aandachtsfunctionaris registered the signal (mailbox, phone, partner): no taakaccenthouder.
FORWARDED_REGISTERED = "registered"
REGISTERED_DEPARTMENT = "_intake"  # domain.case.INTAKE_DEPARTMENT


def signal_registered(
    *, at: datetime, form: str, intake: str, urgent: bool, content: Mapping[str, object]
) -> list[RouteFact]:
    """A signal an aandachtsfunctionaris registered after receiving it another way: its
    categories, and that it reached the aandachtsfunctionarissen and was claimed at once."""
    return [
        *signal_received(
            at=at,
            form=form,
            department=REGISTERED_DEPARTMENT,
            intake=intake,
            urgent=urgent,
            content=content,
            escalation_reason=FORWARDED_REGISTERED,
        ),
        _duration(Step.CLAIMED, at, at, at),
    ]


def transition_facts(
    case: CaseRecord,
    action: str,
    at: datetime,
    *,
    details: Mapping[str, object],
    changes: Mapping[str, object],
    last_done: Mapping[str, datetime],
) -> list[RouteFact]:
    """The facts one transition of a case leaves. `case` is the case before the transition;
    `last_done` maps an earlier action (claim, hand_over, record_feedback) to when it was
    last done on this case."""
    month = month_of(at)
    received = case.created_at
    forwarded = case.forwarded_at or received
    claimed = last_done.get("claim") or forwarded
    if action in ("forward", "escalate"):
        how = (
            FORWARDED_BY_TAAKACCENTHOUDER
            if action == "forward"
            else changes.get("escalation_reason")
        )
        return [
            RouteFact(month, Kind.FORWARDED, detail=str(how) if how else None),
            _duration(Step.FORWARDED, at, received, received),
        ]
    if action == "claim":
        return [_duration(Step.CLAIMED, at, forwarded, received)]
    if action == "hand_over":
        partner = details.get("partner")
        return [
            RouteFact(month, Kind.HANDED_OVER, partner=str(partner) if partner else None),
            _duration(Step.HANDED_OVER, at, claimed, received),
        ]
    if action == "record_feedback":
        handed_over = last_done.get("hand_over") or case.handed_over_at
        return [_duration(Step.PARTNER_FEEDBACK, at, handed_over, received)]
    if action == "close":
        reason = changes.get("close_reason")
        return [
            RouteFact(month, Kind.CLOSED, close_reason=str(reason) if reason else None),
            _duration(Step.CLOSED, at, claimed, received),
        ]
    if action == "reopen":
        return [RouteFact(month, Kind.REOPENED)]
    if action in _REPORTER_CONTACT:
        step = _REPORTER_CONTACT[action] or details.get("answer_kind")
        if step in REPORTER_CONTACT_STEPS:
            return [RouteFact(month, Kind.REPORTER_CONTACT, detail=str(step))]
    return []


# The case actions of two-way contact; None: the step is the kind of answer the reporter gave.
_REPORTER_CONTACT: dict[str, str | None] = {
    "ask_reporter": REPORTER_ASKED,
    "reporter_answer": None,
    "add_to_report": REPORTER_ADDED,
}


def feedback_delivered(case: CaseRecord, at: datetime) -> list[RouteFact]:
    """The reporter received the closing feedback (`case` as it was before). Counted in the
    month the case was closed, so 'closed' and 'feedback delivered' of one month belong to the
    same cases, and once per closing: a repeated delivery counts nothing."""
    if case.closed_at is None or (
        case.feedback_delivered_at and case.feedback_delivered_at >= case.closed_at
    ):
        return []
    closed = case.closed_at
    return [_duration(Step.FEEDBACK_DELIVERED, at, closed, case.created_at, month_of(closed))]


def reminder(at: datetime, about: str) -> list[RouteFact]:
    return [RouteFact(month_of(at), Kind.REMINDER, detail=about)]


# --- quick questions -------------------------------------------------------------------------
def question_asked(at: datetime, topic: str | None) -> list[RouteFact]:
    return [RouteFact(month_of(at), Kind.QUESTION_ASKED, topic=topic)]


def question_helped(at: datetime, topic: str | None) -> list[RouteFact]:
    return [RouteFact(month_of(at), Kind.QUESTION_HELPED, topic=topic)]


def question_to_person(at: datetime, department: str) -> list[RouteFact]:
    return [RouteFact(month_of(at), Kind.QUESTION_TO_PERSON, department=department)]


def question_escalated(at: datetime) -> list[RouteFact]:
    return [RouteFact(month_of(at), Kind.QUESTION_ESCALATED)]


def question_answered(at: datetime, asked_at: datetime, topic: str | None) -> list[RouteFact]:
    how = ANSWERED_FROM_KNOWLEDGE_BASE if topic else ANSWERED_IN_OWN_WORDS
    return [
        RouteFact(month_of(at), Kind.QUESTION_ANSWERED, detail=how, topic=topic),
        _duration(Step.QUESTION_ANSWERED, at, asked_at, asked_at),
    ]


# --- periods -----------------------------------------------------------------------------------
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    """A period that cannot be evaluated; the message says what is expected."""


@dataclass(frozen=True)
class Period:
    """Whole months, first to last inclusive: facts keep no finer time than a month."""

    first: str
    last: str

    @classmethod
    def year(cls, year: int) -> Period:
        if not 2000 <= year <= 2999:
            raise PeriodError("expect a year such as 2026")
        return cls(f"{year:04d}-01", f"{year:04d}-12")

    @classmethod
    def between(cls, first: str, last: str) -> Period:
        start, end = parse_month(first, end=False), parse_month(last, end=True)
        if start > end:
            raise PeriodError("the period ends before it starts")
        return cls(start, end)

    def months(self) -> list[str]:
        year, month = int(self.first[:4]), int(self.first[5:])
        result = []
        while f"{year:04d}-{month:02d}" <= self.last:
            result.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

    def contains(self, month: str) -> bool:
        return self.first <= month <= self.last

    def previous(self) -> Period:
        """The period of the same length just before this one (the year before, for a year)."""
        count = len(self.months())
        year, month = int(self.first[:4]), int(self.first[5:])
        index = year * 12 + month - 1 - count
        start = f"{index // 12:04d}-{index % 12 + 1:02d}"
        index_end = year * 12 + month - 2
        end = f"{index_end // 12:04d}-{index_end % 12 + 1:02d}"
        return Period(start, end)

    @property
    def is_calendar_year(self) -> bool:
        return self.first.endswith("-01") and self.last == self.first[:4] + "-12"


def parse_month(value: str, *, end: bool) -> str:
    """YYYY-MM, or a date that is the first (start) or last (end) day of its month."""
    text = value.strip()
    match = _MONTH.match(text)
    if match:
        if not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2999:
            raise PeriodError(f"'{value}' is not a month (expect YYYY-MM)")
        return text
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"'{value}' is not a month (expect YYYY-MM)") from None
    month = day.strftime("%Y-%m")
    next_month = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    if (not end and day.day != 1) or (end and (next_month - day).days != 1):
        raise PeriodError(
            "statistics are kept per month: give whole months (YYYY-MM), "
            f"'{value}' is not the {'last' if end else 'first'} day of a month"
        )
    return month


def period_from_words(words: list[str], today: date) -> Period:
    """What "jaaroverzicht ..." asks for: nothing (this year), a year, a month, or a first and
    a last month."""
    if not words:
        return Period.year(today.year)
    if len(words) == 1 and words[0].isdigit() and len(words[0]) == 4:
        return Period.year(int(words[0]))
    if len(words) == 1:
        return Period.between(words[0], words[0])
    if len(words) == 2:
        return Period.between(words[0], words[1])
    raise PeriodError("expect a year, a month, or a first and a last month")

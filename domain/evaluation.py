"""The yearly evaluation: what the route's facts of a period add up to, suppressed.

Plain Python over `RouteFact`s, so the figures are tested without a database. Every count
that is published goes through domain/suppression.py; the key figures (for the Teams card
and the comparison with the year before) are taken from the suppressed tables, and a share
is only computed from counts that are shown, so no figure anywhere gives away a hidden one.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.signal_catalogue import FORMS
from domain.statistics import (
    ANSWERED_FROM_KNOWLEDGE_BASE,
    FORWARDED_BY_TAAKACCENTHOUDER,
    FORWARDED_REGISTERED,
    INTAKE_CHANNELS,
    MINOR_VALUES,
    REPORTER_ADDED,
    REPORTER_ANSWER_KINDS,
    REPORTER_ASKED,
    Kind,
    Period,
    RouteFact,
    Step,
)
from domain.suppression import (
    OTHER,
    Cell,
    Status,
    Table,
    fold_small,
    one_way,
    single,
    two_way,
)

EU_OUTER_BOUND_DAYS = 90  # the EU whistleblower directive: feedback within three months
YES_NO: tuple[str, ...] = ("yes", "no")
NO_TOPIC = "__none__"  # a question the knowledge base had no confident answer for
FORWARD_ROUTES: tuple[str, ...] = (
    FORWARDED_BY_TAAKACCENTHOUDER,
    "not_forwarded_in_time",
    "urgent",
    "reporter_choice",
    "no_taakaccenthouder",
    FORWARDED_REGISTERED,
)
REMINDER_KINDS: tuple[str, ...] = ("claim", "feedback", "question")
FEEDBACK_IN_TIME, FEEDBACK_WITHIN_OUTER, FEEDBACK_LATE, FEEDBACK_NONE = (
    "in_time",
    "within_outer_bound",
    "late",
    "none",
)


@dataclass(frozen=True)
class Deadlines:
    """The settings' deadlines the lead times are held against."""

    forward_hours: int
    claim_hours: int
    feedback_days: int
    outer_days: int = EU_OUTER_BOUND_DAYS


@dataclass(frozen=True)
class LeadTimeSpec:
    key: str
    step: Step
    since_received: bool  # measured from receipt instead of from the step before


LEAD_TIMES: tuple[LeadTimeSpec, ...] = (
    LeadTimeSpec("forwarded", Step.FORWARDED, False),
    LeadTimeSpec("claimed", Step.CLAIMED, False),
    LeadTimeSpec("handed_over", Step.HANDED_OVER, False),
    LeadTimeSpec("partner_feedback", Step.PARTNER_FEEDBACK, False),
    LeadTimeSpec("closed", Step.CLOSED, False),
    LeadTimeSpec("feedback_delivered", Step.FEEDBACK_DELIVERED, False),
    LeadTimeSpec("closed_total", Step.CLOSED, True),
    LeadTimeSpec("feedback_total", Step.FEEDBACK_DELIVERED, True),
    LeadTimeSpec("question_answered", Step.QUESTION_ANSWERED, False),
)


@dataclass(frozen=True)
class LeadTime:
    key: str
    count: Cell
    median: float | None  # None when there are too few observations to show
    p90: int | None
    within_deadline: Cell | None = None  # how many within the settings' deadline, if any


def median_days(values: Sequence[int]) -> float:
    return float(statistics.median(values))


def p90_days(values: Sequence[int]) -> int:
    """The 90th percentile by nearest rank: the smallest value at least 90% are not above."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


@dataclass(frozen=True)
class Evaluation:
    period: Period
    threshold: int
    deadlines: Deadlines
    has_data: bool
    signals_by_month_form: Table
    by_department: Table
    by_intake: Table
    urgent: Table
    minor: Table
    acute: Table
    via_tah: Table
    forwarded_how: Table
    by_partner: Table
    close_reasons: Table
    feedback: Table
    lead_times: tuple[LeadTime, ...]
    reminders: Table
    questions_asked: Cell
    questions_helped: Cell
    questions_to_person: Cell
    questions_answered: Cell
    questions_answered_from_knowledge: Cell
    questions_escalated: Cell
    topics: Table
    reporter_questions: Cell  # questions an aandachtsfunctionaris asked a reporter
    reporter_answers: Table  # by REPORTER_ANSWER_KINDS
    reporter_additions: Cell

    def lead_time(self, key: str) -> LeadTime:
        return next(lead for lead in self.lead_times if lead.key == key)


def _ordered_folded(counts: Counter[str], threshold: int, known: Iterable[str]) -> Table:
    """Fold small categories into OTHER; rows by count, largest first, OTHER last."""
    everything = {key: 0 for key in known}
    everything.update(counts)
    folded = fold_small(everything, threshold)
    order = sorted((k for k in folded if k != OTHER), key=lambda k: (-folded[k], k))
    if OTHER in folded:
        order.append(OTHER)
    return one_way(folded, order, threshold)


def evaluate(
    facts: Iterable[RouteFact],
    period: Period,
    *,
    threshold: int,
    deadlines: Deadlines,
    departments: Sequence[str] = (),
    partners: Sequence[str] = (),
    close_reasons: Sequence[str] = (),
) -> Evaluation:
    """Count a period's facts into suppressed tables. `departments`, `partners` and
    `close_reasons` are the known categories (a category without facts still counts as 0)."""
    mine = [f for f in facts if period.contains(f.month)]
    of_kind: dict[str, list[RouteFact]] = {}
    for fact in mine:
        of_kind.setdefault(fact.kind, []).append(fact)
    signals = of_kind.get(Kind.SIGNAL, [])
    months = period.months()

    def counts(kind: Kind, attribute: str) -> Counter[str]:
        return Counter(str(getattr(f, attribute)) for f in of_kind.get(kind, []))

    def yes_no(attribute: str) -> Table:
        tally = Counter("yes" if getattr(f, attribute) else "no" for f in signals)
        return one_way(tally, YES_NO, threshold)

    durations: dict[tuple[str, bool], list[int]] = {}
    for fact in of_kind.get(Kind.DURATION, []):
        for since_received, value in ((False, fact.days), (True, fact.days_total)):
            if value is not None:
                durations.setdefault((str(fact.step), since_received), []).append(value)

    delivered = durations.get((Step.FEEDBACK_DELIVERED, True), [])
    closed_count = len(of_kind.get(Kind.CLOSED, []))
    outer = deadlines.outer_days
    feedback_counts = Counter(
        FEEDBACK_IN_TIME
        if days <= deadlines.feedback_days
        else FEEDBACK_WITHIN_OUTER
        if days <= outer
        else FEEDBACK_LATE
        for days in delivered
    )
    # Feedback is counted in the month its case was closed, so it cannot outnumber the
    # closings, except for cases closed before statistics were kept.
    feedback_counts[FEEDBACK_NONE] = max(0, closed_count - len(delivered))
    feedback_rows = (
        (FEEDBACK_IN_TIME, FEEDBACK_WITHIN_OUTER, FEEDBACK_LATE, FEEDBACK_NONE)
        if deadlines.feedback_days < outer
        else (FEEDBACK_IN_TIME, FEEDBACK_LATE, FEEDBACK_NONE)
    )

    lead_times = []
    for spec in LEAD_TIMES:
        values = durations.get((spec.step, spec.since_received), [])
        enough = len(values) >= threshold
        within = None
        if spec.key == "feedback_total":
            within = single(sum(1 for v in values if v <= deadlines.feedback_days), threshold)
        lead_times.append(
            LeadTime(
                spec.key,
                single(len(values), threshold),
                median_days(values) if enough else None,
                p90_days(values) if enough else None,
                within,
            )
        )

    answered = of_kind.get(Kind.QUESTION_ANSWERED, [])
    contact = counts(Kind.REPORTER_CONTACT, "detail")
    topics = Counter(f.topic or NO_TOPIC for f in of_kind.get(Kind.QUESTION_ASKED, []))
    return Evaluation(
        period=period,
        threshold=threshold,
        deadlines=deadlines,
        has_data=bool(mine),
        signals_by_month_form=two_way(
            Counter((f.month, str(f.form)) for f in signals), months, FORMS, threshold
        ),
        by_department=_ordered_folded(counts(Kind.SIGNAL, "department"), threshold, departments),
        by_intake=one_way(counts(Kind.SIGNAL, "intake"), INTAKE_CHANNELS, threshold),
        urgent=yes_no("urgent"),
        minor=one_way(counts(Kind.SIGNAL, "minor"), MINOR_VALUES, threshold),
        acute=yes_no("acute"),
        via_tah=yes_no("tah_involved"),
        forwarded_how=one_way(counts(Kind.FORWARDED, "detail"), FORWARD_ROUTES, threshold),
        by_partner=_ordered_folded(counts(Kind.HANDED_OVER, "partner"), threshold, partners),
        close_reasons=one_way(
            counts(Kind.CLOSED, "close_reason"),
            _with_unknown(close_reasons, counts(Kind.CLOSED, "close_reason")),
            threshold,
        ),
        feedback=one_way(feedback_counts, feedback_rows, threshold),
        lead_times=tuple(lead_times),
        reminders=one_way(counts(Kind.REMINDER, "detail"), REMINDER_KINDS, threshold),
        questions_asked=single(len(of_kind.get(Kind.QUESTION_ASKED, [])), threshold),
        questions_helped=single(len(of_kind.get(Kind.QUESTION_HELPED, [])), threshold),
        questions_to_person=single(len(of_kind.get(Kind.QUESTION_TO_PERSON, [])), threshold),
        questions_answered=single(len(answered), threshold),
        questions_answered_from_knowledge=single(
            sum(1 for f in answered if f.detail == ANSWERED_FROM_KNOWLEDGE_BASE), threshold
        ),
        questions_escalated=single(len(of_kind.get(Kind.QUESTION_ESCALATED, [])), threshold),
        topics=_ordered_folded(topics, threshold, ()),
        reporter_questions=single(contact[REPORTER_ASKED], threshold),
        reporter_answers=one_way(contact, REPORTER_ANSWER_KINDS, threshold),
        reporter_additions=single(contact[REPORTER_ADDED], threshold),
    )


def _with_unknown(known: Sequence[str], seen: Counter[str]) -> tuple[str, ...]:
    """The known categories, then any recorded that are no longer known (say 'None')."""
    return (*known, *sorted(k for k in seen if k not in known))


# --- key figures ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One key figure: a count as published, or a share or a number of days computed only
    from what is shown (None when it cannot be)."""

    key: str
    count: Cell | None = None
    percent: float | None = None
    days: float | None = None


@dataclass(frozen=True)
class KeyFigures:
    """What the Teams card shows of a period."""

    period: Period
    figures: tuple[Figure, ...]
    threshold: int
    has_data: bool


def _share(part: Cell, whole: Cell) -> float | None:
    if part.shown is None or whole.shown is None or whole.value == 0:
        return None
    return 100.0 * part.value / whole.value


def key_figures(evaluation: Evaluation) -> tuple[Figure, ...]:
    e = evaluation
    feedback = e.feedback
    none = feedback.cell(FEEDBACK_NONE)
    delivered_share = None
    if none.shown is not None and feedback.total.shown and feedback.total.value:
        delivered_share = 100.0 * (feedback.total.value - none.value) / feedback.total.value
    return (
        Figure("signals", e.signals_by_month_form.total),
        Figure("urgent", e.urgent.cell("yes")),
        Figure("minor", e.minor.cell("yes")),
        Figure("acute", e.acute.cell("yes")),
        Figure("via_tah", e.via_tah.cell("yes")),
        Figure("handed_over", e.by_partner.total),
        Figure("closed", e.close_reasons.total),
        Figure("feedback_delivered_share", percent=delivered_share),
        Figure(
            "feedback_in_time_share",
            percent=_share(feedback.cell(FEEDBACK_IN_TIME), feedback.total),
        ),
        Figure("feedback_median_days", days=e.lead_time("feedback_total").median),
        Figure("reminders", e.reminders.total),
        Figure("questions_asked", e.questions_asked),
        Figure("questions_helped", e.questions_helped),
        Figure("questions_answered", e.questions_answered),
    )


def is_suppressed(cell: Cell) -> bool:
    return cell.status != Status.SHOWN

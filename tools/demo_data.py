"""Demo data for the yearly evaluation: a year of made-up signals and questions.

`plan_year` draws a plan (plain data, reproducible from a seed): a few hundred signals across
forms, departments and partners with plausible lead times, and the quick questions of a year.
`load_plan` walks each case through the route via the storage layer, with the times of the
plan, so the statistics are written by the same code that writes them in production. Tests
count the plan independently and compare it with the report.

Nothing here is about a real person: the content is a fixed placeholder and the reporters are
made-up ids.
"""

from __future__ import annotations

import calendar
import math
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from domain import statistics
from domain.case import FeedbackState
from domain.routing import Routing
from domain.statistics import REPORTER_ADDED, REPORTER_ANSWER_KINDS, REPORTER_ASKED
from domain.workflow import State
from storage.cases import CaseRepository
from storage.database import Engine
from storage.keyring import Keyring
from storage.outbox import Outbox
from storage.questions import QuestionContent, QuestionRepository
from storage.signals import NewSignal, ReporterIdentity, SignalRepository
from storage.statistics import StatisticsRepository
from texts import nl as t

FORM_WEIGHTS = {"sexual": 34, "labour": 30, "criminal": 24, "unknown": 11, "organ": 1}
MONTH_WEIGHTS = (8, 9, 10, 10, 11, 10, 8, 7, 10, 11, 12, 10)
INTAKE_WEIGHTS = {"teams": 83, "mailbox": 8, "phone": 5, "partner": 4}
PARTNER_WEIGHTS = {
    "politie-avim": 35,
    "veilig-thuis": 20,
    "zorgcoordinator": 15,
    "riec": 10,
    "arbeidsinspectie": 10,
    "om": 5,
    "comensha": 5,
}
DEMO_CONTENT = {"facts": "Demogegevens, geen echte melding.", "acute": "no"}
DEMO_COORDINATOR = "demo-coordinator"


@dataclass(frozen=True)
class Deadlines:
    forward_timeout: timedelta = timedelta(hours=48)
    claim_reminder: timedelta = timedelta(hours=24)
    feedback_reminder: timedelta = timedelta(days=42)
    question_reminder: timedelta = timedelta(hours=4)
    question_escalation: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class DemoCase:
    received: datetime
    form: str
    department: str
    intake: str
    urgent: bool
    minor: str
    acute: bool
    escalation_reason: str | None  # urgent, reporter_choice, no_taakaccenthouder: to the channel
    forwarded: datetime
    forwarded_by: str  # taakaccenthouder, not_forwarded_in_time or the escalation reason
    claimed: datetime
    handed_over: datetime | None
    partner: str | None
    partner_feedback: datetime | None
    closed: datetime
    close_reason: str
    feedback_delivered: datetime | None
    reminders: tuple[tuple[datetime, str], ...] = field(default=())
    # Two-way contact with the reporter: (when, step) with a step of REPORTER_CONTACT_STEPS.
    reporter_contact: tuple[tuple[datetime, str], ...] = field(default=())


@dataclass(frozen=True)
class DemoQuestion:
    asked: datetime
    topic: str | None  # the knowledge base's best answer
    helped: bool
    department: str | None  # sent to a person of this department
    answered: datetime | None
    answered_topic: str | None  # answered with this knowledge-base entry
    reminded: datetime | None
    escalated: datetime | None


@dataclass(frozen=True)
class DemoPlan:
    year: int
    cases: tuple[DemoCase, ...]
    questions: tuple[DemoQuestion, ...]


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _lognormal(rng: random.Random, median: timedelta, spread: float = 0.9) -> timedelta:
    return median * math.exp(rng.gauss(0, spread))


def _moment_in(rng: random.Random, year: int, month_weights: Sequence[int]) -> datetime:
    """A working-hours moment in a month drawn by weight (times in UTC, CET office hours)."""
    month = rng.choices(range(1, 13), weights=month_weights)[0]
    first = datetime(year, month, 1, tzinfo=UTC)
    days = calendar.monthrange(year, month)[1]
    while True:
        day = first + timedelta(days=rng.randrange(days))
        if day.weekday() < 5:
            return day + timedelta(hours=rng.uniform(7, 16))


def plan_year(
    year: int,
    routing: Routing,
    topics: Sequence[str],
    *,
    signals: int = 300,
    questions: int = 150,
    seed: int = 2026,
    deadlines: Deadlines = Deadlines(),
) -> DemoPlan:
    rng = random.Random(seed)
    departments = [d.id for d in routing.departments]
    # A few large departments, a long tail of small ones (which the report folds together).
    department_weights = {d: 40 / (i + 1) ** 2.2 for i, d in enumerate(departments)}
    has_tah = {d.id: bool(d.taakaccenthouders) for d in routing.departments}
    partners = {p.id: PARTNER_WEIGHTS.get(p.id, 3) for p in routing.partners}
    cases = tuple(
        _plan_case(rng, year, department_weights, has_tah, partners, deadlines)
        for _ in range(signals)
    )
    asked = tuple(
        _plan_question(rng, year, list(topics), departments, deadlines) for _ in range(questions)
    )
    return DemoPlan(year, tuple(sorted(cases, key=lambda c: c.received)), asked)


def _plan_case(
    rng: random.Random,
    year: int,
    department_weights: dict[str, float],
    has_tah: dict[str, bool],
    partners: dict[str, float],
    deadlines: Deadlines,
) -> DemoCase:
    received = _moment_in(rng, year, MONTH_WEIGHTS)
    form = _pick(rng, FORM_WEIGHTS)
    department = _pick(rng, department_weights)
    urgent = rng.random() < 0.12
    reminders: list[tuple[datetime, str]] = []
    if urgent:
        escalation, forwarded, forwarded_by = "urgent", received, "urgent"
    elif rng.random() < 0.06:  # the reporter chose to go straight to the coordinators
        escalation, forwarded, forwarded_by = "reporter_choice", received, "reporter_choice"
    elif not has_tah[department]:
        escalation, forwarded, forwarded_by = "no_taakaccenthouder", received, "no_taakaccenthouder"
    else:
        escalation = None
        delay = _lognormal(rng, timedelta(hours=20))
        if delay < deadlines.forward_timeout:
            forwarded, forwarded_by = received + delay, "taakaccenthouder"
        else:
            forwarded, forwarded_by = received + deadlines.forward_timeout, "not_forwarded_in_time"
    claim_delay = _lognormal(rng, timedelta(hours=5), 1.1)
    claimed = forwarded + claim_delay
    if claim_delay > deadlines.claim_reminder:
        reminders.append((forwarded + deadlines.claim_reminder, "claim"))
    handed_over = partner = partner_feedback = None
    last = claimed
    if rng.random() < 0.6:
        handed_over = claimed + _lognormal(rng, timedelta(days=6))
        partner = _pick(rng, {**partners, "arbeidsinspectie": 40} if form == "labour" else partners)
        last = handed_over
        if rng.random() < 0.7:
            partner_feedback = handed_over + _lognormal(rng, timedelta(days=14), 0.7)
            last = partner_feedback
    closed = last + _lognormal(rng, timedelta(days=5))
    if closed - received > deadlines.feedback_reminder:
        reminders.append((received + deadlines.feedback_reminder, "feedback"))
    close_reason = (
        "handed_over_done"
        if handed_over and rng.random() < 0.85
        else _pick(rng, {"no_grounds": 50, "other_problem": 35, "duplicate": 15})
    )
    delivered = closed + timedelta(minutes=rng.uniform(1, 3 * 24 * 60))
    minor = _pick(rng, {"yes": 15, "no": 60, "unknown": 25})
    # Its own generator, so adding contact kept the rest of every seed's plan as it was.
    contact = _plan_reporter_contact(random.Random(received.timestamp()), claimed, closed)
    return DemoCase(
        received=received,
        form=form,
        department=department,
        intake=_pick(rng, INTAKE_WEIGHTS),
        urgent=urgent,
        minor=minor,
        acute=rng.random() < 0.04,
        escalation_reason=escalation,
        forwarded=forwarded,
        forwarded_by=forwarded_by,
        claimed=claimed,
        handed_over=handed_over,
        partner=partner,
        partner_feedback=partner_feedback,
        closed=closed,
        close_reason=close_reason,
        feedback_delivered=delivered if rng.random() < 0.95 else None,
        reminders=tuple(reminders),
        reporter_contact=contact,
    )


def _plan_reporter_contact(
    rng: random.Random, claimed: datetime, closed: datetime
) -> tuple[tuple[datetime, str], ...]:
    """Now and then a question to the reporter, mostly answered; now and then an addition."""
    steps: list[tuple[datetime, str]] = []
    span = closed - claimed
    if rng.random() < 0.3:
        asked = claimed + span * rng.uniform(0.05, 0.5)
        steps.append((asked, REPORTER_ASKED))
        if rng.random() < 0.85:
            kind = _pick(rng, {"answer": 70, "dont_know": 20, "decline": 10})
            steps.append((asked + (closed - asked) * rng.uniform(0.05, 0.5), kind))
    if rng.random() < 0.12:
        steps.append((claimed + span * rng.uniform(0.05, 0.9), REPORTER_ADDED))
    return tuple(sorted(steps))


def _plan_question(
    rng: random.Random,
    year: int,
    topics: list[str],
    departments: list[str],
    deadlines: Deadlines,
) -> DemoQuestion:
    asked = _moment_in(rng, year, MONTH_WEIGHTS)
    topic = None
    if topics and rng.random() < 0.85:
        topic = rng.choices(topics, weights=[1 / (i + 1) for i in range(len(topics))])[0]
    helped = topic is not None and rng.random() < 0.5
    department = answered = answered_topic = reminded = escalated = None
    if not helped and rng.random() < 0.55:
        department = rng.choice(departments)
        delay = _lognormal(rng, timedelta(hours=3), 1.0) if rng.random() < 0.9 else None
        if delay is not None:
            answered = asked + delay
            answered_topic = topic if topic and rng.random() < 0.35 else None
        if delay is None or delay > deadlines.question_reminder:
            reminded = asked + deadlines.question_reminder
        if delay is None or delay > deadlines.question_escalation:
            escalated = asked + deadlines.question_escalation
    return DemoQuestion(
        asked, topic, helped, department, answered, answered_topic, reminded, escalated
    )


# --- loading a plan ------------------------------------------------------------------------------
async def load_plan(plan: DemoPlan, engine: Engine, keyring: Keyring) -> None:
    """Walk every case and question of the plan through storage, with the plan's times."""
    outbox = Outbox(engine, keyring)
    signals = SignalRepository(engine, keyring, outbox)
    cases = CaseRepository(engine, keyring, outbox)
    questions = QuestionRepository(engine, keyring, outbox)
    facts = StatisticsRepository(engine)
    for demo in plan.cases:
        await _load_case(demo, signals, cases)
    for demo in plan.questions:
        await _load_question(demo, questions, facts)


# A contact step as a case action: (action, new state (None: unchanged), details, changes).
_CONTACT_ACTIONS: dict[str, tuple[str, State | None, dict, dict]] = {
    REPORTER_ASKED: ("ask_reporter", None, {"question": "Weet je nog welke dag het was?"}, {}),
    **{
        kind: ("reporter_answer", None, {"answer_kind": kind, "answer": "-"}, {})
        for kind in REPORTER_ANSWER_KINDS
    },
    REPORTER_ADDED: ("add_to_report", None, {"addition": {"facts": "Weer gezien."}}, {}),
}


async def _load_case(demo: DemoCase, signals: SignalRepository, cases: CaseRepository) -> None:
    content = {
        **DEMO_CONTENT,
        "acute": "yes" if demo.acute else "no",
        "victim_minor": demo.minor,
    }
    stored = await signals.create(
        NewSignal(
            submission_id=str(uuid.uuid4()),
            content=content,
            form=demo.form,
            urgent=demo.urgent,
            department=demo.department,
            state=(State.WITH_COORDINATOR if demo.escalation_reason else State.RECEIVED).value,
            escalation_reason=demo.escalation_reason,
            reporter_route="coordinator" if demo.escalation_reason else "taakaccenthouder",
            intake=demo.intake,
        ),
        ReporterIdentity("demo-" + uuid.uuid4().hex[:12], "Demo", {}),
        demo.received,
    )
    case = await cases.by_id(stored.id)
    assert case is not None
    steps: list[tuple[datetime, str, State | None, dict, dict]] = []
    if not demo.escalation_reason:
        action = "forward" if demo.forwarded_by == "taakaccenthouder" else "escalate"
        changes = {"forwarded_at": demo.forwarded}
        if action == "escalate":
            changes["escalation_reason"] = "not_forwarded_in_time"
        steps.append((demo.forwarded, action, State.WITH_COORDINATOR, {}, changes))
    claim = {"assignee": DEMO_COORDINATOR}
    steps.append((demo.claimed, "claim", State.IN_PROGRESS, claim, claim))
    if demo.handed_over:
        details = {"partner": demo.partner, "date": demo.handed_over.date().isoformat()}
        steps.append(
            (
                demo.handed_over,
                "hand_over",
                State.HANDED_OVER,
                details,
                {"handed_over_at": demo.handed_over},
            )
        )
    if demo.partner_feedback:
        steps.append(
            (demo.partner_feedback, "record_feedback", State.HANDED_OVER, {"feedback": "-"}, {})
        )
    close = {"reason": t.CLOSE_REASONS[demo.close_reason], "feedback": "Dank je wel."}
    closing = {
        "closed_at": demo.closed,
        "feedback_state": FeedbackState.PENDING.value,
        "close_reason": demo.close_reason,
    }
    steps.append((demo.closed, "close", State.CLOSED, close, closing))
    for at, step in demo.reporter_contact:
        # The contact steps keep the case's state (None: as it is at that moment).
        steps.append((at, *_CONTACT_ACTIONS[step]))
    steps.sort(key=lambda s: s[0])
    reminders = sorted(demo.reminders)
    for at, action, state, details, changes in steps:
        while reminders and reminders[0][0] <= at:
            when, about = reminders.pop(0)
            await cases.remind(case, f"{about}_reminded_at", when, [])
        case = await cases.apply(
            case,
            action=action,
            actor=DEMO_COORDINATOR,
            new_state=state or case.state,
            at=at,
            details=details,
            changes=changes,
        )
    for when, about in reminders:
        await cases.remind(case, f"{about}_reminded_at", when, [])
    if demo.feedback_delivered:
        at = demo.feedback_delivered
        await cases.set_fields_and_send(
            case.id,
            at,
            [],
            statistics.feedback_delivered(case, at),
            feedback_delivered_at=at,
            feedback_state=FeedbackState.DELIVERED.value,
        )


async def _load_question(
    demo: DemoQuestion, questions: QuestionRepository, facts: StatisticsRepository
) -> None:
    await facts.record(statistics.question_asked(demo.asked, demo.topic))
    if demo.helped:
        await facts.record(
            statistics.question_helped(demo.asked + timedelta(minutes=2), demo.topic)
        )
    if demo.department is None:
        return
    record = await questions.create(
        str(uuid.uuid4()),
        demo.department,
        QuestionContent("Demovraag", "demo-" + uuid.uuid4().hex[:12], "Demo", {}, []),
        demo.asked,
        lambda _question_id: [],
    )
    events = [(demo.reminded, "remind"), (demo.escalated, "escalate"), (demo.answered, "answer")]
    for at, what in sorted((e for e in events if e[0]), key=lambda e: e[0]):
        if what == "remind":
            await questions.set_fields(
                record.id, [], statistics.reminder(at, "question"), reminded_at=at
            )
        elif what == "escalate":
            await questions.set_fields(
                record.id, [], statistics.question_escalated(at), state="escalated", escalated_at=at
            )
        else:
            await questions.answer(
                record, DEMO_COORDINATOR, "Demoantwoord", at, [], demo.answered_topic
            )

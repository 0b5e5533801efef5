"""The yearly evaluation: the route's facts, the report's figures, retention and the Teams card.

The report's figures are compared with counts made here, independently, from the demo plan
(the made-up cases and their times), after the plan went through the real storage code.
"""

from __future__ import annotations

import html
import json
import math
import re
import statistics as stats
from collections import Counter
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from domain.evaluation import NO_TOPIC, Deadlines, Evaluation, key_figures
from domain.knowledge import load_knowledge
from domain.routing import load_routing
from domain.signal_catalogue import FORMS
from domain.statistics import INTAKE_CHANNELS, REPORTER_CONTACT_STEPS, Kind, Period, Step
from domain.suppression import OTHER, TOTAL, Status, Table, exposed_cells, format_count
from storage.database import create_engine, migrate
from storage.keyring import Keyring
from storage.keys import LocalKeyFileProvider
from storage.retention import enforce_retention
from storage.schema import audit_log, questions, route_facts, signals
from tests.route_helpers import greet, link_channel, report
from tests.support.harness import (
    COLLEAGUE,
    COORDINATOR,
    REPORTER,
    TAH,
    TEST_ROUTING,
    BotHarness,
    last_card,
)
from tests.test_questions import ask, data_of
from texts import nl as t
from tools.demo_data import DEMO_CONTENT, DemoPlan, load_plan, plan_year
from tools.evaluation_report import Labels, evaluations, render_html

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEADLINES = Deadlines(forward_hours=48, claim_hours=24, feedback_days=42)
ROUTING = load_routing(TEST_ROUTING)
KNOWLEDGE = load_knowledge(Path(__file__).resolve().parent.parent / "knowledge" / "nl")
YEAR = Period.year(2026)
GENERATED = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


# --- counting the plan, independently of domain/statistics and domain/evaluation -------------
def month(at: datetime) -> str:
    return at.astimezone(AMSTERDAM).strftime("%Y-%m")


def days(start: datetime, end: datetime) -> int:
    return math.floor((end - start) / timedelta(days=1))


def in_year(at: datetime | None) -> bool:
    return at is not None and month(at).startswith("2026")


def expected_counts(plan: DemoPlan) -> dict[str, Counter]:
    cases = [c for c in plan.cases if in_year(c.received)]
    closed = [c for c in plan.cases if in_year(c.closed)]
    delivered = [c for c in closed if c.feedback_delivered]
    feedback = Counter()
    for case in delivered:
        d = days(case.received, case.feedback_delivered)
        feedback["in_time" if d <= 42 else "within_outer_bound" if d <= 90 else "late"] += 1
    feedback["none"] = len(closed) - len(delivered)
    reminders = Counter(about for c in plan.cases for at, about in c.reminders if in_year(at))
    reminders["question"] = sum(1 for q in plan.questions if in_year(q.reminded))
    return {
        "month_form": Counter((month(c.received), c.form) for c in cases),
        "department": Counter(c.department for c in cases),
        "intake": Counter(c.intake for c in cases),
        "urgent": Counter("yes" if c.urgent else "no" for c in cases),
        "minor": Counter(c.minor for c in cases),
        "acute": Counter("yes" if c.acute else "no" for c in cases),
        "via_tah": Counter("no" if c.escalation_reason else "yes" for c in cases),
        "forwarded": Counter(c.forwarded_by for c in plan.cases if in_year(c.forwarded)),
        "partner": Counter(c.partner for c in plan.cases if in_year(c.handed_over)),
        "close_reason": Counter(c.close_reason for c in closed),
        "feedback": feedback,
        "reminders": reminders,
        "topics": Counter(q.topic or NO_TOPIC for q in plan.questions if in_year(q.asked)),
        "reporter_contact": Counter(
            step for c in plan.cases for at, step in c.reporter_contact if in_year(at)
        ),
    }


def expected_lead_times(plan: DemoPlan) -> dict[str, list[int]]:
    lead: dict[str, list[int]] = {}

    def add(key: str, at: datetime | None, start: datetime | None, stamp: datetime | None = None):
        if at is not None and start is not None and in_year(stamp or at):
            lead.setdefault(key, []).append(days(start, at))

    for c in plan.cases:
        add("forwarded", c.forwarded, c.received)
        add("claimed", c.claimed, c.forwarded)
        add("handed_over", c.handed_over, c.claimed)
        add("partner_feedback", c.partner_feedback, c.handed_over)
        add("closed", c.closed, c.claimed)
        add("closed_total", c.closed, c.received)
        add("feedback_delivered", c.feedback_delivered, c.closed, c.closed)
        add("feedback_total", c.feedback_delivered, c.received, c.closed)
    for q in plan.questions:
        add("question_answered", q.answered, q.asked)
    return lead


def assert_one_way(table: Table, expected: Counter, *, folded: bool = False) -> None:
    for row in table.rows:
        if row == OTHER:
            kept = set(table.rows) - {OTHER}
            assert table.cell(row).value == sum(v for k, v in expected.items() if k not in kept)
        else:
            assert table.cell(row).value == expected.get(row, 0), row
    assert table.total.value == sum(expected.values())
    assert folded or set(expected) <= set(table.rows) | {None}


def assert_protected(table: Table) -> None:
    for position, cell in table.cells.items():
        assert (cell.status == Status.SMALL) == (cell.value < table.threshold), position
    assert [p for p in exposed_cells(table) if table.cells[p].status == Status.SMALL] == []


async def load(tmp_path: Path, url: str, plan: DemoPlan):  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    await migrate(engine)
    keyring = await Keyring.load_or_create(
        engine, LocalKeyFileProvider(tmp_path / "kek.key"), GENERATED
    )
    await load_plan(plan, engine, keyring)
    return engine


async def evaluate_year(engine) -> tuple[Evaluation, Evaluation | None]:  # type: ignore[no-untyped-def]
    return await evaluations(engine, YEAR, routing=ROUTING, threshold=5, deadlines=DEADLINES)


class Tables(HTMLParser):
    """The report's tables as {table id: [[cell text, ...], ...]}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[override]
        if tag == "table":
            self._table = dict(attrs).get("id", "")
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def shown_matches(text_value: str, value: int) -> bool:
    """A figure as printed fits the true count: the number itself, '< 5' for a count below
    five (zero included), '×' only for a count of at least five."""
    if text_value == "< 5":
        return value < 5
    if text_value == "×":
        return value >= 5
    return int(text_value.replace(".", "")) == value >= 5


# --- the figures ----------------------------------------------------------------------------------
async def test_the_report_figures_equal_the_plan_counted_independently(
    tmp_path: Path, database_url: str
) -> None:
    topics = [entry.id for entry in KNOWLEDGE.entries]
    plan = plan_year(2026, ROUTING, topics, signals=120, questions=60, seed=11)
    engine = await load(tmp_path, database_url, plan)
    try:
        current, previous = await evaluate_year(engine)
    finally:
        await engine.dispose()
    assert previous is None and current.has_data
    expected = expected_counts(plan)

    table = current.signals_by_month_form
    for m in YEAR.months():
        for form in FORMS:
            assert table.cell(m, form).value == expected["month_form"].get((m, form), 0)
    assert (
        table.total.value
        == sum(expected["month_form"].values())
        == 120 - sum(1 for c in plan.cases if not in_year(c.received))
    )
    assert_one_way(current.by_department, expected["department"], folded=True)
    assert OTHER in current.by_department.rows  # the test routing's small departments
    assert_one_way(current.by_intake, expected["intake"])
    for name in ("urgent", "minor", "acute", "via_tah"):
        assert_one_way(getattr(current, name), expected[name])
    assert_one_way(current.forwarded_how, expected["forwarded"])
    assert_one_way(current.by_partner, expected["partner"], folded=True)
    assert_one_way(current.close_reasons, expected["close_reason"])
    assert_one_way(current.feedback, expected["feedback"])
    assert_one_way(current.reminders, expected["reminders"])
    assert_one_way(current.topics, expected["topics"], folded=True)
    asked = [q for q in plan.questions if in_year(q.asked)]
    assert current.questions_asked.value == len(asked)
    assert current.questions_helped.value == sum(1 for q in asked if q.helped)
    assert current.questions_to_person.value == sum(1 for q in asked if q.department)
    answered = [q for q in plan.questions if in_year(q.answered)]
    assert current.questions_answered.value == len(answered)
    assert current.questions_answered_from_knowledge.value == sum(
        1 for q in answered if q.answered_topic
    )
    assert current.questions_escalated.value == sum(
        1 for q in plan.questions if in_year(q.escalated)
    )

    leads = expected_lead_times(plan)
    for lead in current.lead_times:
        values = leads.get(lead.key, [])
        assert lead.count.value == len(values), lead.key
        if len(values) >= 5:
            ordered = sorted(values)
            assert lead.median == stats.median(values), lead.key
            assert lead.p90 == ordered[math.ceil(0.9 * len(values)) - 1], lead.key
        else:
            assert lead.median is None and lead.p90 is None
    feedback_total = current.lead_time("feedback_total")
    assert feedback_total.within_deadline.value == expected["feedback"]["in_time"]

    for candidate in (
        current.signals_by_month_form,
        current.by_department,
        current.by_intake,
        current.by_partner,
        current.close_reasons,
        current.feedback,
        current.reminders,
        current.topics,
        current.forwarded_how,
        current.minor,
    ):
        assert_protected(candidate)

    contact = expected["reporter_contact"]
    assert contact["asked"] > 5 and contact["added"] > 5  # the plan has contact to count
    assert current.reporter_questions.value == contact["asked"]
    assert current.reporter_additions.value == contact["added"]
    answers = Counter({k: contact[k] for k in ("answer", "dont_know", "decline")})
    assert_one_way(current.reporter_answers, answers)
    assert_protected(current.reporter_answers)

    # What the HTML prints is the same, suppressed, and names nothing but categories.
    page = render_html(current, previous, Labels(ROUTING, KNOWLEDGE), GENERATED)
    parser = Tables()
    parser.feed(page)
    month_rows = parser.tables["month-form"][1:]
    for m, row in zip(YEAR.months(), month_rows, strict=False):
        assert row[0] == t.month_label(m)
        for form, printed in zip(FORMS, row[1:], strict=False):
            assert shown_matches(printed, expected["month_form"].get((m, form), 0)), (m, form)
    assert month_rows[-1][-1] == format_count(table.total, 5)
    for row in parser.tables["intake"][1:-1]:
        key = next(k for k, v in t.INTAKE_LABELS.items() if v == row[0])
        assert shown_matches(row[1], expected["intake"].get(key, 0))
    partners = {p.name: p.id for p in ROUTING.partners}
    for row in parser.tables["partners"][1:-1]:
        if row[0] != t.OTHER_LABEL:
            assert shown_matches(row[1], expected["partner"][partners[row[0]]])
    for figure, row in zip(key_figures(current), parser.tables["key-figures"][1:], strict=True):
        assert row[0] == t.FIGURE_LABELS[figure.key]
        if figure.count is not None:
            assert row[1] == format_count(figure.count, 5)
    printed = {row[0]: row[1] for row in parser.tables["reporter-contact"][1:]}
    labels = t.REPORTER_CONTACT_LABELS
    assert printed[labels["asked"]] == format_count(current.reporter_questions, 5)
    for kind in ("answer", "dont_know", "decline"):
        assert shown_matches(printed[labels[kind]], contact[kind]), kind
    assert printed[labels["added"]] == format_count(current.reporter_additions, 5)
    assert html.escape(t.SUPPRESSION_NOTE.format(threshold=5)) in page
    assert page.count("data:image/png;base64,") == 8
    assert "http://" not in page.replace('"http://www.w3.org', "") and "https://" not in page


async def test_the_year_before_is_shown_next_to_it(tmp_path: Path, sqlite_url: str) -> None:
    topics = [entry.id for entry in KNOWLEDGE.entries]
    engine = create_engine(sqlite_url)
    await migrate(engine)
    keyring = await Keyring.load_or_create(engine, LocalKeyFileProvider(tmp_path / "k"), GENERATED)
    try:
        await load_plan(
            plan_year(2025, ROUTING, topics, signals=40, questions=10, seed=3), engine, keyring
        )
        await load_plan(
            plan_year(2026, ROUTING, topics, signals=50, questions=10, seed=4), engine, keyring
        )
        current, previous = await evaluate_year(engine)
    finally:
        await engine.dispose()
    assert previous is not None and previous.period == Period.year(2025)
    parser = Tables()
    parser.feed(render_html(current, previous, Labels(ROUTING, KNOWLEDGE), GENERATED))
    assert parser.tables["key-figures"][0] == [t.REPORT_COLUMNS["figure"], "2026", "2025"]
    signals_row = parser.tables["key-figures"][1]
    assert signals_row[1:] == [
        format_count(current.signals_by_month_form.total, 5),
        format_count(previous.signals_by_month_form.total, 5),
    ]


# --- retention -------------------------------------------------------------------------------------
ALLOWED = {
    "month": re.compile(r"^20\d\d-(0[1-9]|1[0-2])$"),
    "kind": set(Kind),
    "form": set(FORMS),
    "department": {d.id for d in ROUTING.departments},
    "intake": set(INTAKE_CHANNELS),
    "minor": {"yes", "no", "unknown"},
    "partner": {p.id for p in ROUTING.partners},
    "close_reason": set(t.CLOSE_REASONS),
    "detail": {
        "taakaccenthouder",
        "not_forwarded_in_time",
        "urgent",
        "reporter_choice",
        "no_taakaccenthouder",
        "claim",
        "feedback",
        "question",
        "knowledge_base",
        "own_text",
        *REPORTER_CONTACT_STEPS,
    },
    "topic": {entry.id for entry in KNOWLEDGE.entries},
    "step": set(Step),
}


async def storage_order(engine) -> list[tuple]:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return [tuple(r) for r in (await conn.execute(select(route_facts))).all()]


async def test_after_retention_the_report_is_unchanged_and_nothing_links_back(
    tmp_path: Path, database_url: str
) -> None:
    topics = [entry.id for entry in KNOWLEDGE.entries]
    plan = plan_year(2026, ROUTING, topics, signals=60, questions=30, seed=5)
    engine = await load(tmp_path, database_url, plan)
    try:
        labels = Labels(ROUTING, KNOWLEDGE)
        before = render_html(*await evaluate_year(engine), labels, GENERATED)
        async with engine.connect() as conn:
            case_ids = (await conn.execute(select(signals.c.id, signals.c.case_number))).all()
            question_ids = (await conn.execute(select(questions.c.id, questions.c.number))).all()
            postgres = conn.dialect.name == "postgresql"
            if postgres:
                # A fact written with a step shares the transaction id with that step's audit
                # entry, which names the case.
                linked = text(
                    "SELECT count(*) FROM route_facts f JOIN audit_log a "
                    "ON f.xmin::text = a.xmin::text WHERE a.action <> 'retention.enforce'"
                )
                assert (await conn.execute(linked)).scalar_one() > 0  # the risk is real
        order_before = await storage_order(engine)

        now = datetime(2028, 6, 1, tzinfo=UTC)
        result = await enforce_retention(
            engine,
            now,
            identity_after_feedback_before=now - timedelta(days=30),
            closed_before=now - timedelta(days=365),
            answered_before=now - timedelta(days=365),
        )
        assert result.cases_deleted == len(plan.cases) == len(case_ids)
        async with engine.connect() as conn:
            assert (await conn.execute(select(func.count()).select_from(signals))).scalar_one() == 0
            if postgres:
                assert (await conn.execute(linked)).scalar_one() == 0
        after = render_html(*await evaluate_year(engine), labels, GENERATED)
        order_after = await storage_order(engine)
    finally:
        await engine.dispose()

    assert after == before
    # Every fact is still there, rewritten in another order.
    assert sorted(order_after, key=repr) == sorted(order_before, key=repr)
    assert order_after != order_before

    # A scan of every value: only months, known categories, whole numbers and yes/no.
    forbidden = [
        *(str(v) for row in case_ids for v in row),
        *(str(v) for row in question_ids for v in row),
        "MH-",
        "VR-",
        "Demo",
        "demo-",
        DEMO_CONTENT["facts"],
        "Dank je wel",
    ]
    columns = [c.name for c in route_facts.columns]
    for row in order_after:
        for name, value in zip(columns, row, strict=True):
            if value is None or isinstance(value, bool):
                continue
            if isinstance(value, int):
                assert name in ("days", "days_total") and 0 <= value < 3650
                continue
            assert isinstance(value, str), (name, value)
            allowed = ALLOWED[name]
            assert allowed.match(value) if isinstance(allowed, re.Pattern) else value in allowed, (
                name,
                value,
            )
            assert not any(f in value for f in forbidden)


# --- the route through Teams writes the facts ---------------------------------------------------------
async def facts_of(bot: BotHarness) -> list[dict]:
    async with bot.services.engine.connect() as conn:
        rows = (await conn.execute(select(route_facts))).mappings().all()
    return [{k: v for k, v in dict(r).items() if v is not None} for r in rows]


async def test_each_step_of_the_route_leaves_its_facts(bot_on_each_database: BotHarness) -> None:
    bot = bot_on_each_database
    await greet(bot, TAH)
    await greet(bot, REPORTER)
    await link_channel(bot)
    case = await report(bot)
    bot.clock.advance(days=1, hours=2)
    await bot.invoke(TAH, "tah.forward", {"case": case})
    bot.clock.advance(days=2)
    await bot.invoke(COORDINATOR, "case.claim", {"case": case})
    bot.clock.advance(days=3)
    await bot.invoke(
        COORDINATOR,
        "case.hand_over",
        {"case": case, "partner": "veilig-thuis", "date": "2026-12-04", "reference": "VT-1"},
    )
    # Feedback is asked at the hand-over; recording it closes that request (issue 15).
    await bot.invoke(
        COORDINATOR, "case.request_feedback", {"case": case, "partner": "veilig-thuis"}
    )
    bot.clock.advance(days=10)
    await bot.invoke(
        COORDINATOR,
        "case.record_feedback",
        {"case": case, "partner": "veilig-thuis", "feedback": "Loopt."},
    )
    bot.clock.advance(days=5)
    await bot.invoke(
        COORDINATOR,
        "case.close",
        {"case": case, "reason": "handed_over_done", "feedback": "Dank voor je melding."},
    )
    bot.clock.advance(hours=1)
    await bot.deliver()
    await bot.deliver()  # a second round delivers nothing new and counts nothing twice

    facts = await facts_of(bot)
    signal = next(f for f in facts if f["kind"] == "signal")
    assert signal["month"] == "2026-11" and signal["department"] == "stadswinkel"
    assert signal["intake"] == "teams" and signal["tah_involved"] is True
    assert {
        f.get("step"): (f.get("days"), f.get("days_total"))
        for f in facts
        if f["kind"] == "duration"
    } == {
        "forwarded": (1, 1),
        "claimed": (2, 3),
        "handed_over": (3, 6),
        "partner_feedback": (10, 16),
        "closed": (18, 21),
        "feedback_delivered": (0, 21),
    }
    assert [f["partner"] for f in facts if f["kind"] == "handed_over"] == ["veilig-thuis"]
    assert [f["close_reason"] for f in facts if f["kind"] == "closed"] == ["handed_over_done"]
    assert [f["detail"] for f in facts if f["kind"] == "forwarded"] == ["taakaccenthouder"]
    for fact in facts:  # a row has categories or durations, never both
        categories = {"form", "department", "partner", "close_reason", "topic"} & set(fact)
        assert not (categories and {"days", "days_total"} & set(fact)), fact

    # A question answered from the knowledge base counts as asked and helped, without its text.
    _ask_card, sent = await ask(bot, "Kan ik ook anoniem melden?")
    results = last_card(sent)
    helps = data_of(results, "helps")
    await bot.submit(REPORTER, helps, results.activity_id)
    facts = await facts_of(bot)
    assert [f.get("topic") for f in facts if f["kind"] == "question_asked"] == ["anoniem-melden"]
    assert [f.get("topic") for f in facts if f["kind"] == "question_helped"] == ["anoniem-melden"]


async def test_reminders_and_direct_forwarding_are_counted(bot: BotHarness) -> None:
    await greet(bot, REPORTER)
    await link_channel(bot)
    await report(
        bot, department={"department": "wmo"}
    )  # no taakaccenthouder: straight to the channel
    bot.clock.advance(hours=30)
    await bot.services.housekeeping.watch_deadlines()
    facts = await facts_of(bot)
    assert [f["detail"] for f in facts if f["kind"] == "forwarded"] == ["no_taakaccenthouder"]
    assert [f["detail"] for f in facts if f["kind"] == "reminder"] == ["claim"]
    assert next(f for f in facts if f["kind"] == "signal")["tah_involved"] is False


# --- the key figures in Teams -----------------------------------------------------------------------
def card_facts(sent) -> dict[str, str]:  # type: ignore[no-untyped-def]
    card = last_card(sent).card
    facts = next(b for b in card["body"] if b["type"] == "FactSet")["facts"]
    return {f["title"]: f["value"] for f in facts}


async def audit_rows(bot: BotHarness) -> list[tuple[str, str, str]]:
    async with bot.services.engine.connect() as conn:
        rows = await conn.execute(select(audit_log.c.actor, audit_log.c.action, audit_log.c.result))
        return [tuple(r) for r in rows.all()]


async def test_an_aandachtsfunctionaris_gets_the_key_figures_suppressed_like_the_report(
    tmp_path: Path, bot: BotHarness
) -> None:
    topics = [entry.id for entry in KNOWLEDGE.entries]
    plan = plan_year(2026, ROUTING, topics, signals=80, questions=20, seed=9)
    await load_plan(plan, bot.services.engine, bot.services.keyring)
    sent = await bot.say(COORDINATOR, "jaaroverzicht 2026")
    shown = card_facts(sent)
    current, _ = await evaluate_year(bot.services.engine)
    for figure in key_figures(current):
        label = t.FIGURE_LABELS[figure.key]
        if figure.count is not None:
            assert shown[label] == format_count(figure.count, 5), label
    assert shown[t.FIGURE_LABELS["signals"]] == str(current.signals_by_month_form.total.value)
    card_json = str(last_card(sent).card)
    assert "python -m bot evaluation --year 2026" in card_json
    assert t.KEY_FIGURES_TITLE.format(period="2026") in card_json
    assert (COORDINATOR.aad_object_id, "statistics.key_figures", "ok") in await audit_rows(bot)


async def test_a_few_signals_show_as_small_counts(bot: BotHarness) -> None:
    await greet(bot, REPORTER)
    await report(bot)
    shown = card_facts(await bot.say(COORDINATOR, "jaaroverzicht"))
    assert shown[t.FIGURE_LABELS["signals"]] == "< 5"
    assert shown[t.FIGURE_LABELS["minor"]] == "< 5"


async def test_the_menu_button_and_the_channel_give_the_key_figures(bot: BotHarness) -> None:
    menu = last_card(await bot.say(COORDINATOR, "menu")).card
    assert '"choice": "key_figures"' in json.dumps(menu)
    reporter_menu = last_card(await bot.say(REPORTER, "menu")).card
    assert '"choice": "key_figures"' not in json.dumps(reporter_menu)
    sent = await bot.submit(COORDINATOR, {"meldroute": "menu", "choice": "key_figures"}, None)
    assert t.FIGURE_LABELS["signals"] in card_facts(sent)
    sent = await bot.say_in_channel(COORDINATOR, "jaaroverzicht 2026-01 2026-06")
    assert "januari 2026 t/m juni 2026" in str(last_card(sent).card)


@pytest.mark.parametrize("user", [COLLEAGUE, REPORTER, TAH])
async def test_other_roles_are_refused_and_audited(bot: BotHarness, user) -> None:  # type: ignore[no-untyped-def]
    sent = await bot.say(user, "jaaroverzicht 2026")
    assert [s.text for s in sent] == [t.KEY_FIGURES_REFUSED]
    assert not any(s.card for s in sent)
    assert (user.aad_object_id, "statistics.key_figures", "refused:role") in await audit_rows(bot)
    sent = await bot.say_in_channel(user, "jaaroverzicht")
    assert [s.text for s in sent] == [t.KEY_FIGURES_REFUSED]


async def test_a_period_that_is_not_whole_months_gets_a_clear_answer(bot: BotHarness) -> None:
    for words in (
        "jaaroverzicht 2026-13",
        "jaaroverzicht 2026-06 2026-01",
        "jaaroverzicht 15-3-2026",
    ):
        sent = await bot.say(COORDINATOR, words)
        assert [s.text for s in sent] == [t.KEY_FIGURES_BAD_PERIOD]


def test_the_migration_creates_the_facts_table_as_declared(tmp_path: Path) -> None:
    import asyncio

    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.schema import metadata

    async def diff() -> list:
        engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
        await migrate(engine)
        async with engine.connect() as conn:
            result = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
            )
        await engine.dispose()
        return [d for d in result if "route_facts" in str(d)]

    assert asyncio.run(diff()) == []


_ = TOTAL

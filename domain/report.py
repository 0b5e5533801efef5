"""The content of a signal report, its sections, how each is validated, and when a signal is
urgent.

Plain Python: the dialog layer sends a card, hands the submitted values to `parse_sections`
(or `parse_step` for one section), and gets per section either updates for the draft or a
list of field errors to re-prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain import signal_catalogue, validation
from domain.case import INTAKE_SOURCES, Intake
from domain.validation import MAX_LONG_TEXT, InvalidValue

Draft = dict[str, Any]

YES_NO = ("yes", "no")
MINOR_CHOICES = ("yes", "no", "unknown")
CONTACT_CHOICES = ("yes", "no", "not_for_safety")
# Who the reporter discusses the signal with first (the policy's default: the taakaccenthouder).
ROUTE_CHOICES = ("taakaccenthouder", "coordinator")
SOURCE_CHOICES = ("counter", "enforcement", "home_visit", "phone_or_mail", "other")

# The cards of a report, in order. `danger` (call 112) is only shown after a 'yes' to `acute`;
# `report` is one card with every section (the optional ones folded open on the card itself),
# `summary` shows what was entered, section by section, before it is sent.
STEP_ORDER: tuple[str, ...] = ("acute", "danger", "report", "summary")
# The sections of the report card, in the order the summary shows them; each can be changed
# from the summary on its own.
EDITABLE_SECTIONS: tuple[str, ...] = (
    "form",
    "signals",
    "account",
    "where_when",
    "victim",
    "suspect",
    "contact",
    "department",
)
# Sections in which something must be filled in; the others may stay empty.
REQUIRED_SECTIONS: tuple[str, ...] = ("form", "signals", "account", "contact", "department")
OPTIONAL_SECTIONS: tuple[str, ...] = ("where_when", "victim", "suspect")
ADULT_AGE = 18


@dataclass(frozen=True)
class Flow:
    """One way to fill in a signal: its cards in order, and the sections of its report card
    (each of which can be changed from the summary). The reporter's report and the
    aandachtsfunctionaris's registration share the report card's sections but the first
    (how it came in) and the last (the department)."""

    steps: tuple[str, ...]
    editable: tuple[str, ...]

    @property
    def numbered(self) -> tuple[str, ...]:
        """The cards the step counter counts ('Stap n van N'): not the 112 card."""
        return tuple(s for s in self.steps if s != "danger")


REPORT_FLOW = Flow(STEP_ORDER, EDITABLE_SECTIONS)
# A signal that came in by mail, phone or from a partner: how it came in (and from whom) is the
# report card's first section; no acute-danger card (the aandachtsfunctionaris knows the way)
# and no department.
_INTAKE_SECTIONS = ("intake", *(s for s in EDITABLE_SECTIONS if s != "department"))
INTAKE_FLOW = Flow(("report", "summary"), _INTAKE_SECTIONS)
# Fields of the intake step kept with the external reporter's identity, never in the content.
EXTERNAL_REPORTER_FIELDS: tuple[str, ...] = ("external_organisation", "external_contact")


@dataclass
class StepResult:
    updates: Draft = field(default_factory=dict)
    errors: list[InvalidValue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ParseContext:
    today: date
    departments: tuple[str, ...]


def next_step(current: str, draft: Draft, flow: Flow = REPORT_FLOW) -> str:
    """The card after `current` in `flow`."""
    if current == "acute":
        return "danger" if draft.get("acute") == "yes" else "report"
    if current == "danger":
        return "report"
    index = flow.steps.index(current)
    return flow.steps[min(index + 1, len(flow.steps) - 1)]


class _Collector:
    """Runs field parsers and gathers every error, so one re-prompt lists them all."""

    def __init__(self) -> None:
        self.result = StepResult()

    def take(self, key: str, parse: Callable[[], Any]) -> None:
        try:
            self.result.updates[key] = parse()
        except InvalidValue as error:
            self.result.errors.append(error)


def _parse_acute(values: dict[str, Any], ctx: ParseContext) -> StepResult:
    c = _Collector()
    c.take(
        "acute",
        lambda: validation.parse_choice("acute", values.get("acute"), YES_NO, required=True),
    )
    return c.result


def _parse_form(values: dict[str, Any], ctx: ParseContext) -> StepResult:
    c = _Collector()
    c.take(
        "form",
        lambda: validation.parse_choice(
            "form", values.get("form"), signal_catalogue.FORMS, required=True
        ),
    )
    return c.result


def _parse_signals(values: dict[str, Any], ctx: ParseContext) -> StepResult:
    """Every group of the catalogue is on the card, whatever form was chosen: the form is the
    reporter's first impression and a signal is an observation, so any catalogue signal is
    accepted; an id outside the catalogue is refused."""
    c = _Collector()
    allowed = signal_catalogue.ALL_SIGNALS
    chosen: list[str] = []
    for group in signal_catalogue.SIGNAL_GROUPS:
        key = f"signals_{group}"
        try:
            chosen.extend(validation.parse_multi_choice(key, values.get(key), allowed))
        except InvalidValue as error:
            c.result.errors.append(error)
    c.result.updates["signals"] = sorted(set(chosen))
    c.take(
        "signals_other",
        lambda: validation.text("signals_other", values.get("signals_other"), limit=MAX_LONG_TEXT),
    )
    if c.result.ok and not chosen and not c.result.updates.get("signals_other"):
        c.result.errors.append(InvalidValue("signals", "expect_some_signal"))
    return c.result


def _parse_account(values: dict[str, Any], ctx: ParseContext) -> StepResult:
    c = _Collector()
    for key in ("facts", "observations", "interpretation"):
        c.take(key, lambda key=key: validation.text(key, values.get(key), limit=MAX_LONG_TEXT))
    c.take(
        "source",
        lambda: validation.parse_choice(
            "source", values.get("source"), SOURCE_CHOICES, required=False
        ),
    )
    told = (c.result.updates.get("facts", ""), c.result.updates.get("observations", ""))
    # Something in words: an emoji or punctuation alone does not say what happened.
    if c.result.ok and not any(_has_words(text) for text in told):
        c.result.errors.append(InvalidValue("facts", "expect_account"))
    return c.result


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _parse_where_when(values: dict[str, Any], ctx: ParseContext) -> StepResult:
    c = _Collector()
    c.take("place", lambda: validation.text("place", values.get("place")))
    c.take("postcode", lambda: validation.parse_postcode("postcode", values.get("postcode")))
    c.take(
        "house_number",
        lambda: validation.parse_house_number("house_number", values.get("house_number")),
    )
    c.take("date", lambda: validation.parse_date("date", values.get("date"), today=ctx.today))
    c.take("time", lambda: validation.parse_time("time", values.get("time")))
    c.take(
        "licence_plate",
        lambda: validation.text("licence_plate", values.get("licence_plate"), limit=20),
    )
    return c.result


def _parse_victim(values: dict[str, Any], ctx: ParseContext) -> StepResult:
    c = _Collector()
    c.take(
        "victim_description",
        lambda: validation.text(
            "victim_description", values.get("victim_description"), limit=MAX_LONG_TEXT
        ),
    )
    c.take("victim_name", lambda: validation.text("victim_name", values.get("victim_name")))
    c.take(
        "victim_dob",
        lambda: validation.parse_date("victim_dob", values.get("victim_dob"), today=ctx.today),
    )
    c.take("victim_age", lambda: validation.parse_age("victim_age", values.get("victim_age")))
    c.take(
        "victim_minor",
        lambda: validation.parse_choice(
            "victim_minor", values.get("victim_minor"), MINOR_CHOICES, required=False
        ),
    )
    return c.result


def _parse_suspect(values: dict[str, Any], ctx: ParseContext) -> StepResult:
    c = _Collector()
    c.take("suspect_name", lambda: validation.text("suspect_name", values.get("suspect_name")))
    c.take(
        "suspect_dob",
        lambda: validation.parse_date("suspect_dob", values.get("suspect_dob"), today=ctx.today),
    )
    c.take(
        "suspect_postcode",
        lambda: validation.parse_postcode("suspect_postcode", values.get("suspect_postcode")),
    )
    c.take(
        "suspect_house_number",
        lambda: validation.parse_house_number(
            "suspect_house_number", values.get("suspect_house_number")
        ),
    )
    c.take("organisation", lambda: validation.text("organisation", values.get("organisation")))
    c.take("kvk", lambda: validation.parse_kvk("kvk", values.get("kvk")))
    c.take(
        "suspect_description",
        lambda: validation.text(
            "suspect_description", values.get("suspect_description"), limit=MAX_LONG_TEXT
        ),
    )
    return c.result


def _parse_contact(values: dict[str, Any], ctx: ParseContext) -> StepResult:
    c = _Collector()
    c.take(
        "contact",
        lambda: validation.parse_choice(
            "contact", values.get("contact"), CONTACT_CHOICES, required=True
        ),
    )
    return c.result


def _parse_department(values: dict[str, Any], ctx: ParseContext) -> StepResult:
    c = _Collector()
    c.take(
        "department",
        lambda: validation.parse_choice(
            "department", values.get("department"), ctx.departments, required=True
        ),
    )
    c.take("urgent", lambda: str(values.get("urgent", "false")).lower() == "true")
    c.take(
        "route",
        lambda: validation.parse_choice(
            "route", values.get("route") or ROUTE_CHOICES[0], ROUTE_CHOICES, required=True
        ),
    )
    return c.result


def _parse_intake(values: dict[str, Any], ctx: ParseContext) -> StepResult:
    c = _Collector()
    c.take(
        "intake_source",
        lambda: validation.parse_choice(
            "intake_source", values.get("intake_source"), INTAKE_SOURCES, required=True
        ),
    )
    c.take(
        "intake_partner", lambda: validation.text("intake_partner", values.get("intake_partner"))
    )
    for key in EXTERNAL_REPORTER_FIELDS:
        c.take(key, lambda key=key: validation.text(key, values.get(key)))
    c.take("urgent", lambda: str(values.get("urgent", "false")).lower() == "true")
    updates = c.result.updates
    if c.result.ok and updates["intake_source"] == Intake.PARTNER and not updates["intake_partner"]:
        c.result.errors.append(InvalidValue("intake_partner", "expect_partner_name"))
    return c.result


# What a reporter may add to their own report later: new facts, observations, when and where.
ADDITION_FIELDS: tuple[str, ...] = (
    "facts",
    "observations",
    "place",
    "postcode",
    "house_number",
    "date",
)


def parse_addition(values: dict[str, Any], *, today: date) -> Draft:
    """An addition in the report's own fields and validation; only what was filled in. The
    first problem raises InvalidValue (the card shows one field at a time)."""
    ctx = ParseContext(today=today, departments=())
    account = _parse_account({**values, "source": None}, ctx)
    where = _parse_where_when({k: values.get(k) for k in ADDITION_FIELDS}, ctx)
    errors = [e for e in (*account.errors, *where.errors) if e.expectation_key != "expect_account"]
    if errors:
        raise errors[0]
    found = {**account.updates, **where.updates}
    addition = {k: found[k] for k in ADDITION_FIELDS if found.get(k)}
    if not addition:
        raise InvalidValue("facts", "expect_addition")
    return addition


def parse_step(step: str, values: dict[str, Any], draft: Draft, ctx: ParseContext) -> StepResult:
    """Validate the values submitted for one step or section; nothing is applied to `draft`."""
    parser = _PARSERS.get(step)
    if parser is None:
        raise KeyError(step)
    return parser(values, ctx)


def parse_sections(
    sections: tuple[str, ...], values: dict[str, Any], draft: Draft, ctx: ParseContext
) -> dict[str, StepResult]:
    """Validate several sections submitted on one card, each on its own: a section without
    errors can be kept while another one is asked again."""
    return {section: parse_step(section, values, draft, ctx) for section in sections}


_PARSERS: dict[str, Callable[[dict[str, Any], ParseContext], StepResult]] = {
    "acute": _parse_acute,
    "form": _parse_form,
    "signals": _parse_signals,
    "account": _parse_account,
    "where_when": _parse_where_when,
    "victim": _parse_victim,
    "suspect": _parse_suspect,
    "contact": _parse_contact,
    "department": _parse_department,
    "intake": _parse_intake,
}

# Fields per section: what the summary shows under each heading and what "change" reopens.
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "intake": ("intake_source", "intake_partner"),
    "form": ("form",),
    "signals": ("signals", "signals_other"),
    "account": ("facts", "observations", "interpretation", "source"),
    "where_when": ("place", "postcode", "house_number", "date", "time", "licence_plate"),
    "victim": ("victim_description", "victim_name", "victim_dob", "victim_age", "victim_minor"),
    "suspect": (
        "suspect_name",
        "suspect_dob",
        "suspect_postcode",
        "suspect_house_number",
        "organisation",
        "kvk",
        "suspect_description",
    ),
    "contact": ("contact",),
    "department": ("department", "urgent", "route"),
}

REPORT_FIELDS: tuple[str, ...] = ("acute", *(f for fs in SECTION_FIELDS.values() for f in fs))


def possible_minor(draft: Draft) -> bool:
    """The reporter thinks the person may be under 18, or estimated an age below 18 (the lower
    end of a range counts)."""
    if draft.get("victim_minor") == "yes":
        return True
    age = draft.get("victim_age")
    if isinstance(age, str) and age:
        lower = age.split("-")[0]
        return lower.isdigit() and int(lower) < ADULT_AGE
    return False


def urgency_reasons(draft: Draft) -> tuple[str, ...]:
    """Why a signal is urgent: acute danger (answered yes, after the 112 card), a possible
    minor, or the reporter marked it so. Empty when it is not urgent."""
    reasons = []
    if draft.get("acute") == "yes":
        reasons.append("acute")
    if possible_minor(draft):
        reasons.append("minor")
    if draft.get("urgent"):
        reasons.append("marked")
    return tuple(reasons)


def is_urgent(draft: Draft) -> bool:
    return bool(urgency_reasons(draft))


def has_content(draft: Draft, section: str) -> bool:
    return any(draft.get(f) not in (None, "", [], False) for f in SECTION_FIELDS[section])


def report_content(draft: Draft) -> Draft:
    """The fields of a finished report, without dialog bookkeeping."""
    return {key: draft[key] for key in REPORT_FIELDS if key in draft}

"""Adaptive Cards of the guided report, one pure builder per step.

Every builder takes the draft (the model) and the view's context and returns card JSON.
Inputs are pre-filled from the draft so a re-prompt or an edit keeps what was typed; once a
step is accepted its card is replaced by `step_receipt_card`, which holds no content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cards.case_cards import execute
from cards.elements import (
    Card,
    Element,
    card,
    choice_input,
    date_input,
    fact_set,
    heading,
    paragraph,
    submit,
    text_input,
    time_input,
    toggle,
)
from domain import report, signal_catalogue
from domain.case import INTAKE_SOURCES
from domain.validation import MAX_LONG_TEXT, MAX_SHORT_TEXT
from texts import nl as t

KIND = "report"


@dataclass(frozen=True)
class ReportView:
    """What a step card needs besides the draft."""

    departments: tuple[tuple[str, str], ...]  # (id, name)
    errors: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (field, expectation key)
    flow: report.Flow = report.REPORT_FLOW  # the reporter's report, or a registration


def action_data(step: str, action: str, **extra: str) -> dict[str, str]:
    return {"meldroute": KIND, "step": step, "action": action, **extra}


def _step_header(step: str, title: str, flow: report.Flow = report.REPORT_FLOW) -> list[Element]:
    elements: list[Element] = []
    if step in flow.numbered:
        number = flow.numbered.index(step) + 1
        elements.append(
            paragraph(t.STEP_OF.format(n=number, total=len(flow.numbered)), subtle=True)
        )
    elements.append(heading(title))
    return elements


def _errors(view: ReportView) -> list[Element]:
    if not view.errors:
        return []
    lines = [t.REPROMPT_INTRO] + [f"- {t.EXPECTATIONS[key]}" for _field, key in view.errors]
    return [paragraph("\n".join(lines), color="Attention")]


def _form_card(step: str, title: str, body: list[Element], view: ReportView) -> Card:
    return card(
        [*_step_header(step, title, view.flow), *_errors(view), *body],
        [
            submit(t.BUTTON_NEXT, action_data(step, "next"), style="positive"),
            submit(t.BUTTON_CANCEL, action_data(step, "cancel")),
        ],
    )


def _value(draft: report.Draft, key: str) -> str:
    value = draft.get(key, "")
    return value if isinstance(value, str) else ""


def acute_card(draft: report.Draft, view: ReportView) -> Card:
    return card(
        [*_step_header("acute", t.ACUTE_TITLE), *_errors(view), paragraph(t.ACUTE_BODY)],
        [
            submit(
                t.ACUTE_YES, {**action_data("acute", "next"), "acute": "yes"}, style="destructive"
            ),
            submit(t.ACUTE_NO, {**action_data("acute", "next"), "acute": "no"}),
        ],
    )


def danger_card(draft: report.Draft, view: ReportView) -> Card:
    return card(
        [heading(t.DANGER_TITLE, size="ExtraLarge"), paragraph(t.DANGER_BODY, color="Attention")],
        [
            submit(t.DANGER_CONTINUE, action_data("danger", "next")),
            submit(t.DANGER_STOP, action_data("danger", "cancel")),
        ],
    )


def form_card(draft: report.Draft, view: ReportView) -> Card:
    choices = [
        (form, f"{t.FORM_LABELS[form]}: {t.FORM_EXPLANATIONS[form]}")
        for form in signal_catalogue.FORMS
    ]
    body = [
        paragraph(t.FORM_HINT),
        choice_input("form", t.FORM_CHOICE_LABEL, choices, _value(draft, "form")),
        paragraph(t.SMUGGLING_NOTE, subtle=True),
    ]
    return _form_card("form", t.FORM_TITLE, body, view)


def signals_card(draft: report.Draft, view: ReportView) -> Card:
    chosen = set(draft.get("signals", []))
    body: list[Element] = [paragraph(t.SIGNALS_HINT)]
    for group in signal_catalogue.groups_for(_value(draft, "form") or "unknown"):
        ids = signal_catalogue.SIGNAL_GROUPS[group]
        body.append(
            choice_input(
                f"signals_{group}",
                t.SIGNAL_GROUP_LABELS[group],
                [(sid, t.SIGNAL_LABELS[sid]) for sid in ids],
                ",".join(sid for sid in ids if sid in chosen),
                multi=True,
            )
        )
    body.append(
        text_input(
            "signals_other",
            t.SIGNALS_OTHER,
            _value(draft, "signals_other"),
            multiline=True,
            max_length=MAX_LONG_TEXT,
        )
    )
    return _form_card("signals", t.SIGNALS_TITLE, body, view)


def account_card(draft: report.Draft, view: ReportView) -> Card:
    body = [
        paragraph(t.ACCOUNT_HINT),
        text_input(
            "facts",
            t.ACCOUNT_FACTS,
            _value(draft, "facts"),
            multiline=True,
            max_length=MAX_LONG_TEXT,
        ),
        text_input(
            "observations",
            t.ACCOUNT_OBSERVATIONS,
            _value(draft, "observations"),
            multiline=True,
            max_length=MAX_LONG_TEXT,
        ),
        text_input(
            "interpretation",
            t.ACCOUNT_INTERPRETATION,
            _value(draft, "interpretation"),
            multiline=True,
            max_length=MAX_LONG_TEXT,
        ),
        choice_input(
            "source",
            t.ACCOUNT_SOURCE,
            list(t.SOURCE_LABELS.items()),
            _value(draft, "source"),
            expanded=False,
        ),
    ]
    return _form_card("account", t.ACCOUNT_TITLE, body, view)


def where_when_card(draft: report.Draft, view: ReportView) -> Card:
    body = [
        text_input("place", t.WHERE_PLACE, _value(draft, "place"), max_length=MAX_SHORT_TEXT),
        text_input("postcode", t.WHERE_POSTCODE, _value(draft, "postcode"), max_length=10),
        text_input(
            "house_number", t.WHERE_HOUSE_NUMBER, _value(draft, "house_number"), max_length=10
        ),
        date_input("date", t.WHERE_DATE, _value(draft, "date")),
        time_input("time", t.WHERE_TIME, _value(draft, "time")),
        text_input("licence_plate", t.WHERE_PLATE, _value(draft, "licence_plate"), max_length=20),
    ]
    return _form_card("where_when", t.WHERE_TITLE, body, view)


def victim_card(draft: report.Draft, view: ReportView) -> Card:
    body = [
        paragraph(t.VICTIM_HINT),
        text_input(
            "victim_description",
            t.VICTIM_DESCRIPTION,
            _value(draft, "victim_description"),
            multiline=True,
            max_length=MAX_LONG_TEXT,
        ),
        text_input(
            "victim_name", t.VICTIM_NAME, _value(draft, "victim_name"), max_length=MAX_SHORT_TEXT
        ),
        date_input("victim_dob", t.VICTIM_DOB, _value(draft, "victim_dob")),
        text_input("victim_age", t.VICTIM_AGE, _value(draft, "victim_age"), max_length=10),
        choice_input(
            "victim_minor",
            t.VICTIM_MINOR,
            list(t.MINOR_LABELS.items()),
            _value(draft, "victim_minor"),
        ),
        paragraph(t.MINOR_NOTE, subtle=True),
    ]
    return _form_card("victim", t.VICTIM_TITLE, body, view)


def suspect_card(draft: report.Draft, view: ReportView) -> Card:
    body = [
        paragraph(t.SUSPECT_HINT),
        text_input(
            "suspect_name", t.SUSPECT_NAME, _value(draft, "suspect_name"), max_length=MAX_SHORT_TEXT
        ),
        date_input("suspect_dob", t.SUSPECT_DOB, _value(draft, "suspect_dob")),
        text_input(
            "suspect_postcode", t.SUSPECT_POSTCODE, _value(draft, "suspect_postcode"), max_length=10
        ),
        text_input(
            "suspect_house_number",
            t.SUSPECT_HOUSE_NUMBER,
            _value(draft, "suspect_house_number"),
            max_length=10,
        ),
        text_input(
            "organisation",
            t.SUSPECT_ORGANISATION,
            _value(draft, "organisation"),
            max_length=MAX_SHORT_TEXT,
        ),
        text_input("kvk", t.SUSPECT_KVK, _value(draft, "kvk"), max_length=12),
        text_input(
            "suspect_description",
            t.SUSPECT_DESCRIPTION,
            _value(draft, "suspect_description"),
            multiline=True,
            max_length=MAX_LONG_TEXT,
        ),
    ]
    return _form_card("suspect", t.SUSPECT_TITLE, body, view)


def contact_card(draft: report.Draft, view: ReportView) -> Card:
    body = [
        choice_input(
            "contact", t.CONTACT_TITLE, list(t.CONTACT_LABELS.items()), _value(draft, "contact")
        )
    ]
    return _form_card("contact", t.CONTACT_TITLE, body, view)


def department_card(draft: report.Draft, view: ReportView) -> Card:
    body = [
        paragraph(t.DEPARTMENT_HINT),
        choice_input(
            "department", t.DEPARTMENT_TITLE, list(view.departments), _value(draft, "department")
        ),
        toggle("urgent", t.URGENT_LABEL, bool(draft.get("urgent"))),
        choice_input(
            "route",
            t.ROUTE_LABEL,
            list(t.ROUTE_CHOICES.items()),
            _value(draft, "route") or "taakaccenthouder",
        ),
    ]
    return _form_card("department", t.DEPARTMENT_TITLE, body, view)


def intake_card(draft: report.Draft, view: ReportView) -> Card:
    """How a signal that did not come through Meldroute reached the aandachtsfunctionaris,
    and who reported it outside the municipality (kept apart like a reporter's name)."""
    body = [
        paragraph(t.INTAKE_HINT),
        choice_input(
            "intake_source",
            t.INTAKE_SOURCE,
            [(source, t.INTAKE_SOURCE_LABELS[source]) for source in INTAKE_SOURCES],
            _value(draft, "intake_source"),
        ),
        text_input(
            "intake_partner",
            t.INTAKE_PARTNER,
            _value(draft, "intake_partner"),
            max_length=MAX_SHORT_TEXT,
        ),
        paragraph(t.INTAKE_EXTERNAL_HINT, subtle=True),
        text_input(
            "external_organisation",
            t.INTAKE_EXTERNAL_ORGANISATION,
            _value(draft, "external_organisation"),
            max_length=MAX_SHORT_TEXT,
        ),
        text_input(
            "external_contact",
            t.INTAKE_EXTERNAL_CONTACT,
            _value(draft, "external_contact"),
            max_length=MAX_SHORT_TEXT,
        ),
        toggle("urgent", t.INTAKE_URGENT, bool(draft.get("urgent"))),
    ]
    return _form_card("intake", t.INTAKE_TITLE, body, view)


def _section_status(draft: report.Draft, section: str, view: ReportView) -> str:
    if section == "intake":
        source = t.INTAKE_SOURCE_LABELS.get(_value(draft, "intake_source"), t.SUMMARY_EMPTY)
        external = any(draft.get(f) for f in report.EXTERNAL_REPORTER_FIELDS)
        return f"{source}, {t.INTAKE_SUMMARY_EXTERNAL[external]}"
    if section == "form":
        return t.FORM_LABELS.get(_value(draft, "form"), t.SUMMARY_EMPTY)
    if section == "signals":
        status = t.SUMMARY_SIGNALS.format(count=len(draft.get("signals", [])))
        return status + (
            f", {t.SIGNALS_OTHER.lower()}: {t.SUMMARY_FILLED}" if draft.get("signals_other") else ""
        )
    if section == "contact":
        return t.CONTACT_LABELS.get(_value(draft, "contact"), t.SUMMARY_EMPTY)
    if section == "department":
        name = dict(view.departments).get(_value(draft, "department"), t.SUMMARY_EMPTY)
        return name + (f" ({t.SUMMARY_URGENT})" if draft.get("urgent") else "")
    count = report.filled_count(draft, section)
    total = len(report.SECTION_FIELDS[section])
    return f"{count} van {total} velden {t.SUMMARY_FILLED}" if count else t.SUMMARY_EMPTY


def summary_card(draft: report.Draft, view: ReportView) -> Card:
    """What was filled in per section, never the content itself."""
    facts = [(t.SECTION_LABELS[s], _section_status(draft, s, view)) for s in view.flow.editable]
    body: list[Element] = [
        heading(t.SUMMARY_TITLE),
        *_errors(view),
        paragraph(t.SUMMARY_HINT),
        fact_set(facts),
        choice_input(
            "section",
            t.SUMMARY_CHANGE_LABEL,
            [(s, t.SECTION_LABELS[s]) for s in view.flow.editable],
            expanded=False,
        ),
    ]
    return card(
        body,
        [
            submit(
                t.SUMMARY_SUBMIT if view.flow == report.REPORT_FLOW else t.INTAKE_SUBMIT,
                action_data("summary", "submit"),
                style="positive",
            ),
            submit(t.SUMMARY_CHANGE_BUTTON, action_data("summary", "edit")),
            submit(t.BUTTON_CANCEL, action_data("summary", "cancel")),
        ],
    )


STEP_CARDS: dict[str, Callable[[report.Draft, ReportView], Card]] = {
    "acute": acute_card,
    "danger": danger_card,
    "form": form_card,
    "signals": signals_card,
    "account": account_card,
    "where_when": where_when_card,
    "victim": victim_card,
    "suspect": suspect_card,
    "contact": contact_card,
    "department": department_card,
    "intake": intake_card,
    "summary": summary_card,
}


def step_card(step: str, draft: report.Draft, view: ReportView) -> Card:
    return STEP_CARDS[step](draft, view)


def step_receipt_card(step: str) -> Card:
    """Replaces an accepted form: says the step arrived, keeps none of its content."""
    return card(
        [
            paragraph(t.RECEIPT_STEP_SAVED.format(section=t.SECTION_LABELS[step])),
            paragraph(t.RECEIPT_STEP_BODY, subtle=True),
        ]
    )


def cancelled_card() -> Card:
    return card([paragraph(t.RECEIPT_CANCELLED), paragraph(t.RECEIPT_STEP_BODY, subtle=True)])


def final_receipt_card(case_number: str, route: str) -> Card:
    """What happens next for this signal and who knows the reporter's name, per route
    ("taakaccenthouder" or the reason it went straight to the aandachtsfunctionaris)."""
    who = "taakaccenthouder" if route == "taakaccenthouder" else "coordinator"
    body = [
        heading(t.RECEIPT_TITLE.format(case_number=case_number)),
        paragraph(t.RECEIPT_NEXT.get(route, t.RECEIPT_NEXT["no_taakaccenthouder"])),
        paragraph(t.RECEIPT_WHO_KNOWS[who]),
        paragraph(t.RECEIPT_ANONYMOUS, subtle=True),
    ]
    return card(body)


def registered_receipt_card(case_number: str) -> Card:
    """The aandachtsfunctionaris registered a signal: it is theirs, with the way to open it."""
    return card(
        [
            heading(t.INTAKE_RECEIPT_TITLE.format(case_number=case_number)),
            paragraph(t.INTAKE_RECEIPT_BODY),
            paragraph(t.RECEIPT_STEP_BODY, subtle=True),
        ],
        [execute(t.POINTER_OPEN, "case.view", case_number, style="positive")],
    )


def view_errors(errors: list[Any]) -> tuple[tuple[str, str], ...]:
    return tuple((e.field, e.expectation_key) for e in errors)

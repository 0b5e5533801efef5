"""Adaptive Cards of the guided report, one pure builder per card.

A report takes three cards: the danger question (`acute_card`, followed by `danger_card` only
after a 'yes'), the report itself (`report_card`: every section on one card, the optional ones
folded open on the card, not asked in extra turns) and the summary (`summary_card`: what was
entered, section by section, each with its own change button, and who will know the
reporter's name). Changing a section turns the summary into that section's form
(`section_card`) and back. Inputs are pre-filled from the draft, so a re-prompt or a change
keeps what was typed. Once a card is answered it is replaced by one short line (`done_card`)
and the summary by the receipt, so no card keeps content in the chat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cards.case_cards import execute
from cards.elements import (
    Card,
    Element,
    action_set,
    card,
    choice_input,
    columns,
    container,
    date_input,
    fact_set,
    heading,
    paragraph,
    required,
    submit,
    text_input,
    time_input,
    toggle,
    toggle_visibility,
)
from domain import report, signal_catalogue
from domain.case import INTAKE_SOURCES
from domain.validation import MAX_LONG_TEXT, MAX_SHORT_TEXT
from texts import t

KIND = "report"
# Long texts are shortened on the summary (in full when the section is changed), so the card
# stays well within what Teams accepts for one message.
SUMMARY_TEXT_LIMIT = 600
EXPANDED_CHOICES_MAX = 8  # up to this many departments as buttons, more as a drop-down
# Fields shown as a paragraph on the summary (the rest as facts).
LONG_FIELDS = frozenset(
    {
        "signals_other",
        "facts",
        "observations",
        "interpretation",
        "victim_description",
        "suspect_description",
    }
)
# Signals are shown in the order of the catalogue (the card's order), not alphabetically.
_CATALOGUE_ORDER = {
    signal: i
    for i, signal in enumerate(s for ids in signal_catalogue.SIGNAL_GROUPS.values() for s in ids)
}
# The order in which the summary shows a section's fields.
SUMMARY_ORDER: dict[str, tuple[str, ...]] = {
    **report.SECTION_FIELDS,
    "account": ("observations", "facts", "interpretation", "source"),
    "victim": ("victim_minor", "victim_age", "victim_description", "victim_name", "victim_dob"),
    "intake": (
        "intake_source",
        "intake_partner",
        "external_organisation",
        "external_contact",
        "urgent",
    ),
}


@dataclass(frozen=True)
class ReportView:
    """What a report card needs besides the draft."""

    departments: tuple[tuple[str, str], ...]  # (id, name)
    errors: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (field, expectation key)
    # Departments without a taakaccenthouder: their signals go straight to the coordinators.
    without_taakaccenthouder: frozenset[str] = frozenset()
    # Where the signal would go if it were sent now (the summary says who will know the name):
    # "taakaccenthouder" or an escalation reason, as CaseService decides it.
    route: str = "taakaccenthouder"
    flow: report.Flow = report.REPORT_FLOW  # the reporter's report, or a registration

    @property
    def registering(self) -> bool:
        """An aandachtsfunctionaris registers a signal that came in another way."""
        return self.flow != report.REPORT_FLOW


def _worded(view: ReportView, reporting: str, registering: str) -> str:
    """A reporter reads about what they saw; an aandachtsfunctionaris registering a signal
    reads about what the person who brought it in saw."""
    return registering if view.registering else reporting


def action_data(step: str, action: str, **extra: str) -> dict[str, str]:
    return {"meldroute": KIND, "step": step, "action": action, **extra}


def _value(draft: report.Draft, key: str) -> str:
    value = draft.get(key, "")
    return value if isinstance(value, str) else ""


def _step_header(step: str, title: str, flow: report.Flow = report.REPORT_FLOW) -> list[Element]:
    """The step counter ("Stap 2 van 3": the cards of the flow but the 112 card) and title."""
    numbered = flow.numbered
    if step not in numbered:
        return [heading(title)]
    return [
        paragraph(t.STEP_OF.format(n=numbered.index(step) + 1, total=len(numbered)), subtle=True),
        heading(title),
    ]


def _errors_for(view: ReportView, fields: tuple[str, ...]) -> list[Element]:
    """What is wrong with these fields, in red, right above them."""
    keys = [key for name, key in view.errors if name in fields]
    return [paragraph(t.EXPECTATIONS[key], color="Attention") for key in dict.fromkeys(keys)]


def _error_summary(view: ReportView) -> list[Element]:
    """All problems once more just above the buttons, where the reporter clicked."""
    if not view.errors:
        return []
    keys = dict.fromkeys(key for _field, key in view.errors)
    lines = [t.REPROMPT_INTRO] + [f"- {t.EXPECTATIONS[key]}" for key in keys]
    return [paragraph("\n".join(lines), color="Attention")]


def _has_error(view: ReportView, fields: tuple[str, ...]) -> bool:
    return any(name in fields for name, _key in view.errors)


def _foldable(
    element_id: str, title: str, items: list[Element], *, open_: bool = False
) -> list[Element]:
    """A part of the card that the reporter folds open when they have something to add."""
    return [
        action_set([toggle_visibility(t.FOLD.format(title=title), [element_id])]),
        container(items, element_id=element_id, visible=open_),
    ]


def _section_heading(title: str) -> Element:
    return heading(title, size="Medium")


# --- the sections, shared by the report card and the change cards ------------------------------
def _form_section(draft: report.Draft, view: ReportView) -> list[Element]:
    explanations = [
        paragraph(f"**{t.FORM_LABELS[form]}**: {t.FORM_EXPLANATIONS[form]}")
        for form in signal_catalogue.FORMS
    ]
    return [
        _section_heading(t.FORM_TITLE),
        *_errors_for(view, ("form",)),
        required(
            choice_input(
                "form",
                t.FORM_CHOICE_LABEL,
                [(form, t.FORM_LABELS[form]) for form in signal_catalogue.FORMS],
                _value(draft, "form"),
            ),
            t.EXPECTATIONS["expect_choice"],
        ),
        paragraph(t.FORM_HINT, subtle=True),
        *_foldable(
            "form_explained",
            t.FORM_EXPLAIN,
            [*explanations, paragraph(t.SMUGGLING_NOTE, subtle=True)],
        ),
    ]


def _signal_group(group: str, chosen: set[str]) -> Element:
    ids = signal_catalogue.SIGNAL_GROUPS[group]
    return choice_input(
        f"signals_{group}",
        t.SIGNAL_GROUP_LABELS[group],
        [(sid, t.SIGNAL_LABELS[sid]) for sid in ids],
        ",".join(sid for sid in ids if sid in chosen),
        multi=True,
    )


def _signals_section(draft: report.Draft, view: ReportView) -> list[Element]:
    chosen = set(draft.get("signals", []))
    groups = tuple(signal_catalogue.SIGNAL_GROUPS)
    first, others = groups[0], groups[1:]
    group_fields = tuple(f"signals_{g}" for g in groups)
    elements: list[Element] = [
        _section_heading(_worded(view, t.SIGNALS_TITLE, t.INTAKE_SIGNALS_TITLE)),
        paragraph(_worded(view, t.SIGNALS_HINT, t.INTAKE_SIGNALS_HINT), subtle=True),
        *_errors_for(view, ("signals", *group_fields)),
        _signal_group(first, chosen),
        paragraph(t.SIGNALS_MORE, subtle=True),
    ]
    for group in others:
        # A group folds open by itself when it holds a ticked signal or an error.
        has_choice = any(s in chosen for s in signal_catalogue.SIGNAL_GROUPS[group])
        count = len(signal_catalogue.SIGNAL_GROUPS[group])
        elements += _foldable(
            f"group_{group}",
            f"{t.SIGNAL_GROUP_LABELS[group]} ({count})",
            [_signal_group(group, chosen)],
            open_=has_choice or _has_error(view, (f"signals_{group}",)),
        )
    elements.append(
        text_input(
            "signals_other",
            t.SIGNALS_OTHER,
            _value(draft, "signals_other"),
            multiline=True,
            max_length=MAX_LONG_TEXT,
        )
    )
    return elements


def _account_section(draft: report.Draft, view: ReportView) -> list[Element]:
    more_fields = ("facts", "interpretation", "source")
    more = [
        text_input(
            "facts",
            t.ACCOUNT_FACTS,
            _value(draft, "facts"),
            multiline=True,
            max_length=MAX_LONG_TEXT,
        ),
        text_input(
            "interpretation",
            _worded(view, t.ACCOUNT_INTERPRETATION, t.INTAKE_ACCOUNT_INTERPRETATION),
            _value(draft, "interpretation"),
            multiline=True,
            max_length=MAX_LONG_TEXT,
        ),
    ]
    if not view.registering:
        # How it reached the reporter at work; a registration says how it came in up front.
        more.append(
            choice_input(
                "source",
                t.ACCOUNT_SOURCE,
                list(t.SOURCE_LABELS.items()),
                _value(draft, "source"),
                expanded=False,
            )
        )
    filled = any(_value(draft, f) for f in more_fields)
    return [
        _section_heading(t.ACCOUNT_TITLE),
        paragraph(_worded(view, t.ACCOUNT_HINT, t.INTAKE_ACCOUNT_HINT), subtle=True),
        *_errors_for(view, ("facts", "observations", "interpretation", "source")),
        text_input(
            "observations",
            _worded(view, t.ACCOUNT_OBSERVATIONS, t.INTAKE_ACCOUNT_OBSERVATIONS),
            _value(draft, "observations"),
            multiline=True,
            max_length=MAX_LONG_TEXT,
        ),
        *_foldable(
            "account_more",
            _worded(view, t.ACCOUNT_MORE, t.INTAKE_ACCOUNT_MORE),
            more,
            open_=filled or _has_error(view, more_fields),
        ),
    ]


def _minor_elements(draft: report.Draft, view: ReportView) -> list[Element]:
    return [
        *_errors_for(view, ("victim_minor",)),
        choice_input(
            "victim_minor",
            t.VICTIM_MINOR,
            list(t.MINOR_LABELS.items()),
            _value(draft, "victim_minor"),
        ),
        paragraph(_worded(view, t.MINOR_NOTE, t.INTAKE_MINOR_NOTE), subtle=True),
    ]


def _where_when_fields(draft: report.Draft, view: ReportView) -> list[Element]:
    return [
        *_errors_for(view, report.SECTION_FIELDS["where_when"]),
        text_input("place", t.WHERE_PLACE, _value(draft, "place"), max_length=MAX_SHORT_TEXT),
        text_input("postcode", t.WHERE_POSTCODE, _value(draft, "postcode"), max_length=10),
        text_input(
            "house_number", t.WHERE_HOUSE_NUMBER, _value(draft, "house_number"), max_length=10
        ),
        date_input("date", t.WHERE_DATE, _value(draft, "date")),
        time_input("time", t.WHERE_TIME, _value(draft, "time")),
        text_input("licence_plate", t.WHERE_PLATE, _value(draft, "licence_plate"), max_length=20),
    ]


def _victim_fields(draft: report.Draft, view: ReportView) -> list[Element]:
    return [
        paragraph(t.VICTIM_HINT, subtle=True),
        *_errors_for(view, ("victim_description", "victim_name", "victim_dob", "victim_age")),
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
    ]


def _suspect_fields(draft: report.Draft, view: ReportView) -> list[Element]:
    return [
        paragraph(t.SUSPECT_HINT, subtle=True),
        *_errors_for(view, report.SECTION_FIELDS["suspect"]),
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


def _intake_section(draft: report.Draft, view: ReportView) -> list[Element]:
    """How a signal that did not come through Meldroute reached the aandachtsfunctionaris,
    and who reported it outside the municipality (kept apart like a reporter's name)."""
    return [
        _section_heading(t.INTAKE_TITLE),
        paragraph(t.INTAKE_HINT, subtle=True),
        *_errors_for(view, ("intake_source", "intake_partner", *report.EXTERNAL_REPORTER_FIELDS)),
        required(
            choice_input(
                "intake_source",
                t.INTAKE_SOURCE,
                [(source, t.INTAKE_SOURCE_LABELS[source]) for source in INTAKE_SOURCES],
                _value(draft, "intake_source"),
            ),
            t.EXPECTATIONS["expect_choice"],
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


def _contact_section(draft: report.Draft, view: ReportView) -> list[Element]:
    return [
        *_errors_for(view, ("contact",)),
        required(
            choice_input(
                "contact",
                _worded(view, t.CONTACT_TITLE, t.INTAKE_CONTACT_TITLE),
                list(t.CONTACT_LABELS.items()),
                _value(draft, "contact"),
            ),
            t.EXPECTATIONS["expect_choice"],
        ),
    ]


def department_choices(view: ReportView) -> list[tuple[str, str]]:
    """The departments, saying which have no taakaccenthouder (so go straight on)."""
    return [
        (ident, t.DEPARTMENT_WITHOUT_TAH.format(name=name))
        if ident in view.without_taakaccenthouder
        else (ident, name)
        for ident, name in view.departments
    ]


def _department_section(draft: report.Draft, view: ReportView) -> list[Element]:
    choices = department_choices(view)
    return [
        _section_heading(t.DEPARTMENT_HEADING),
        paragraph(t.DEPARTMENT_HINT, subtle=True),
        *_errors_for(view, ("department", "route", "urgent")),
        required(
            choice_input(
                "department",
                t.DEPARTMENT_TITLE,
                choices,
                _value(draft, "department"),
                expanded=len(choices) <= EXPANDED_CHOICES_MAX,
            ),
            t.EXPECTATIONS["expect_choice"],
        ),
        choice_input(
            "route",
            t.ROUTE_LABEL,
            list(t.ROUTE_CHOICES.items()),
            _value(draft, "route") or report.ROUTE_CHOICES[0],
        ),
        toggle("urgent", t.URGENT_LABEL, bool(draft.get("urgent"))),
    ]


def _optional(
    section: str, fields: list[Element], view: ReportView, *, folded: bool
) -> list[Element]:
    name = {"where_when": t.WHERE_TITLE, "victim": t.VICTIM_TITLE, "suspect": t.SUSPECT_TITLE}[
        section
    ]
    if not folded:
        return [_section_heading(name), *fields]
    return _foldable(f"section_{section}", name, fields)


def _section_elements(
    section: str, draft: report.Draft, view: ReportView, *, folded: bool = False
) -> list[Element]:
    """One section's inputs; `folded`: an optional section starts closed (report card)."""
    if section == "intake":
        return _intake_section(draft, view)
    if section == "form":
        return _form_section(draft, view)
    if section == "signals":
        return _signals_section(draft, view)
    if section == "account":
        return _account_section(draft, view)
    if section == "where_when":
        return _optional(section, _where_when_fields(draft, view), view, folded=folded)
    if section == "victim":
        fields = _victim_fields(draft, view)
        if not folded:
            fields = [*_minor_elements(draft, view), *fields]
        return _optional(section, fields, view, folded=folded)
    if section == "suspect":
        return _optional(section, _suspect_fields(draft, view), view, folded=folded)
    if section == "contact":
        return _contact_section(draft, view)
    if section == "department":
        return _department_section(draft, view)
    raise KeyError(section)


# --- the cards --------------------------------------------------------------------------------
def acute_card(draft: report.Draft, view: ReportView) -> Card:
    return card(
        [*_step_header("acute", t.ACUTE_TITLE), paragraph(t.ACUTE_BODY)],
        [
            submit(
                t.ACUTE_YES, {**action_data("acute", "next"), "acute": "yes"}, style="destructive"
            ),
            submit(t.ACUTE_NO, {**action_data("acute", "next"), "acute": "no"}, style="positive"),
        ],
    )


def danger_card(draft: report.Draft, view: ReportView) -> Card:
    return card(
        [
            heading(t.DANGER_TITLE, size="ExtraLarge"),
            paragraph(t.DANGER_BODY, color="Attention"),
            paragraph(t.DANGER_AFTER),
        ],
        [
            submit(t.DANGER_CONTINUE, action_data("danger", "next")),
            submit(t.DANGER_STOP, action_data("danger", "cancel")),
        ],
    )


def report_card(
    draft: report.Draft, view: ReportView, sections: tuple[str, ...] | None = None
) -> Card:
    """The report on one card. With every section of the flow (the first time) the optional
    ones are folded; asked again, it shows only `sections`, the ones that still need
    something. A registration (the aandachtsfunctionaris) starts with how it came in and has
    no department."""
    flow = view.flow
    sections = flow.editable if sections is None else sections
    complete = set(sections) == set(flow.editable)
    if complete:
        title = t.INTAKE_CARD_TITLE if view.registering else t.REPORT_CARD_TITLE
        body: list[Element] = [
            *_step_header("report", title, flow),
            paragraph(t.REPORT_CARD_INTRO),
            paragraph(t.REQUIRED_NOTE, subtle=True),
        ]
    else:
        body = [*_step_header("report", t.REPORT_FIX_TITLE, flow), paragraph(t.REPORT_FIX_KEPT)]
    if complete:
        # What is needed first; whether the person may be a minor decides urgency, so it is
        # asked openly; then the optional sections folded; then contact and department.
        for section in ("intake", "form", "signals", "account"):
            if section in flow.editable:
                body += _section_elements(section, draft, view)
        body += [*_minor_elements(draft, view), paragraph(t.OPTIONAL_INTRO, subtle=True)]
        for section in report.OPTIONAL_SECTIONS:
            body += _section_elements(section, draft, view, folded=True)
        for section in ("contact", "department"):
            if section in flow.editable:
                body += _section_elements(section, draft, view)
    else:
        for section in flow.editable:
            if section in sections:
                body += _section_elements(section, draft, view)
    body += _error_summary(view)
    return card(
        body,
        [
            submit(
                t.REPORT_CHECK,
                action_data("report", "next", sections=",".join(sections)),
                style="positive",
            ),
            submit(t.BUTTON_CANCEL, action_data("report", "cancel"), inputs=False),
        ],
    )


def section_card(section: str, draft: report.Draft, view: ReportView) -> Card:
    """Changing one section from the summary: its inputs, pre-filled, in place of the summary."""
    return card(
        [
            heading(t.EDIT_TITLE.format(section=t.SECTION_LABELS[section])),
            *_section_elements(section, draft, view),
            *_error_summary(view),
        ],
        [
            submit(t.EDIT_SAVE, action_data("summary", "save", section=section), style="positive"),
            submit(t.EDIT_BACK, action_data("summary", "back"), inputs=False),
        ],
    )


# --- the summary ------------------------------------------------------------------------------------
def _shown_date(value: str) -> str:
    try:
        return date.fromisoformat(value).strftime("%d-%m-%Y")
    except ValueError:
        return value


def display_value(name: str, value: Any, view: ReportView) -> str:
    """A draft value as the reporter chose or typed it (choices by their label)."""
    if name == "form":
        return str(t.FORM_LABELS.get(value, value))
    if name == "intake_source":
        return str(t.INTAKE_SOURCE_LABELS.get(value, value))
    if name == "signals":
        ordered = sorted(value, key=lambda s: _CATALOGUE_ORDER.get(s, len(_CATALOGUE_ORDER)))
        return "\n".join(f"- {t.SIGNAL_LABELS.get(s, s)}" for s in ordered)
    if name == "source":
        return str(t.SOURCE_LABELS.get(value, value))
    if name == "victim_minor":
        return str(t.MINOR_LABELS.get(value, value))
    if name == "contact":
        return str(t.CONTACT_LABELS.get(value, value))
    if name == "department":
        return dict(department_choices(view)).get(value, value)
    if name == "route":
        # What will actually happen: an urgent signal, or one from a department without a
        # taakaccenthouder, goes straight to the aandachtsfunctionaris whatever was chosen.
        return str(t.ROUTE_SHORT.get(view.route) or t.ROUTE_SHORT.get(value, value))
    if name == "urgent":
        return str(t.BUTTON_YES if value else t.BUTTON_NO)
    if name in ("date", "suspect_dob", "victim_dob"):
        return _shown_date(str(value))
    return str(value)


def _shortened(text: str) -> list[Element]:
    if len(text) <= SUMMARY_TEXT_LIMIT:
        return [paragraph(text)]
    return [
        paragraph(text[:SUMMARY_TEXT_LIMIT].rstrip() + " …"),
        paragraph(t.SUMMARY_CUT, subtle=True),
    ]


def _summary_section(section: str, draft: report.Draft, view: ReportView) -> list[Element]:
    facts: list[tuple[str, str]] = []
    texts: list[Element] = []
    for name in SUMMARY_ORDER[section]:
        value = draft.get(name)
        if value in (None, "", [], False):
            continue
        shown = display_value(name, value, view)
        label = t.SUMMARY_LABELS[name]
        if view.registering:
            label = t.INTAKE_SUMMARY_LABELS.get(name, label)
        if name in LONG_FIELDS or name == "signals" or not label:
            texts += [*([paragraph(f"**{label}**")] if label else []), *_shortened(shown)]
        else:
            facts.append((label, shown))
    change = action_set(
        [
            submit(
                t.SUMMARY_CHANGE_BUTTON,
                action_data("summary", "edit", section=section),
                inputs=False,
            )
        ]
    )
    elements: list[Element] = [
        columns([heading(t.SECTION_LABELS[section], size="Medium")], [change])
    ]
    if facts:
        elements.append(fact_set(facts))
    elements += texts
    if not facts and not texts:
        elements.append(paragraph(t.SUMMARY_EMPTY, subtle=True))
    return [container(elements)]


def who_knows(route: str, draft: report.Draft) -> str:
    """Who will know the reporter's name, per route (and the need-to-know choice): one
    sentence, followed by the one about Meld Misdaad Anoniem."""
    chosen_coordinator = _value(draft, "route") == "coordinator"
    key = "reporter_choice" if chosen_coordinator and route != "no_taakaccenthouder" else route
    return str(t.WHO_KNOWS.get(key, t.WHO_KNOWS["no_taakaccenthouder"]))


def summary_card(draft: report.Draft, view: ReportView) -> Card:
    """What was entered, section by section, with a change button per section; then what
    makes it urgent, what applies to minors, and who will know the reporter's name."""
    body: list[Element] = [
        *_step_header("summary", _worded(view, t.SUMMARY_TITLE, t.INTAKE_SUMMARY_TITLE), view.flow),
        paragraph(_worded(view, t.SUMMARY_HINT, t.INTAKE_SUMMARY_HINT)),
        *_error_summary(view),
    ]
    for section in view.flow.editable:
        body += _summary_section(section, draft, view)
    reasons = report.urgency_reasons(draft)
    if reasons and not view.registering:
        because = ", ".join(t.URGENCY_REASONS[r] for r in reasons)
        body.append(paragraph(t.SUMMARY_URGENT_BECAUSE.format(reasons=because), color="Attention"))
    if "minor" in reasons:
        body.append(paragraph(t.MINOR_STEP))
    if "acute" in reasons:
        body.append(paragraph(t.RECEIPT_ACUTE, color="Attention"))
    if not view.registering:
        # Who will know the reporter's name: read before sending, not after.
        body += [
            _section_heading(t.SUMMARY_WHO_TITLE),
            paragraph(f"{who_knows(view.route, draft)} {t.ANONYMOUS}"),
        ]
    return card(
        body,
        [
            submit(
                t.INTAKE_SUBMIT if view.registering else t.SUMMARY_SUBMIT,
                action_data("summary", "submit"),
                style="positive",
            ),
            submit(t.BUTTON_CANCEL, action_data("summary", "cancel"), inputs=False),
        ],
    )


STEP_CARDS: dict[str, Callable[[report.Draft, ReportView], Card]] = {
    "acute": acute_card,
    "danger": danger_card,
    "report": report_card,
    "summary": summary_card,
}


def step_card(step: str, draft: report.Draft, view: ReportView) -> Card:
    """The card of a step, or the change card of one section."""
    if step in STEP_CARDS:
        return STEP_CARDS[step](draft, view)
    return section_card(step, draft, view)


def done_card(what: str) -> Card:
    """The one line that replaces an answered card: no content, and nothing that reads like a
    finding ("acute danger: received" after a 'no' did)."""
    return card([paragraph(t.DONE_LINES[what], subtle=True)])


def final_receipt_card(
    case_number: str, route: str, *, minor: bool = False, acute: bool = False
) -> Card:
    """What actually happens next for this signal: with the taakaccenthouder, straight to the
    coordinators by choice, urgent, or because the department has no taakaccenthouder."""
    body = [
        heading(t.RECEIPT_TITLE.format(case_number=case_number)),
        paragraph(t.RECEIPT_NEXT.get(route, t.RECEIPT_NEXT["no_taakaccenthouder"])),
    ]
    if minor:
        body.append(paragraph(t.MINOR_STEP))
    if acute:
        body.append(paragraph(t.RECEIPT_ACUTE, color="Attention"))
    body.append(paragraph(t.RECEIPT_FEEDBACK, subtle=True))
    return card(body)


def registered_receipt_card(case_number: str) -> Card:
    """The aandachtsfunctionaris registered a signal: it is theirs, with the way to open it."""
    return card(
        [
            heading(t.INTAKE_RECEIPT_TITLE.format(case_number=case_number)),
            paragraph(t.INTAKE_RECEIPT_BODY),
        ],
        [execute(t.POINTER_OPEN, "case.view", case_number, style="positive")],
    )


def view_errors(errors: list[Any]) -> tuple[tuple[str, str], ...]:
    return tuple((e.field, e.expectation_key) for e in errors)

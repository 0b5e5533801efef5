"""Adaptive Cards of the route. One pure builder per view; what each view may hold is decided
by domain.visibility and by the model each builder receives.

- `pointer_card`: the coordinators' channel. Receives only a CaseRecord (no content exists in
  it) and the assignee's name; it never shows reporter, names, addresses or free text.
- `detail_card`: an aandachtsfunctionaris's own view, returned to that person only.
- `tah_card` / `tah_detail_card`: the taakaccenthouder's 1:1 card and their own view.
- `my_reports_card`: the reporter's own cases, phase and dates only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cards.elements import (
    Card,
    Element,
    card,
    choice_input,
    date_input,
    fact_set,
    heading,
    paragraph,
    text_input,
)
from domain.case import CaseEvent, CaseRecord
from domain.report import SECTION_FIELDS
from domain.validation import MAX_LONG_TEXT, MAX_SHORT_TEXT
from domain.workflow import REPORTER_PHASE, Action, State
from texts import t

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def execute(title: str, verb: str, case_number: str, *, style: str | None = None) -> Element:
    action: Element = {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": {"case": case_number},
    }
    if style:
        action["style"] = style
    return action


def show_card(title: str, body: list[Element], actions: list[Element]) -> Element:
    return {
        "type": "Action.ShowCard",
        "title": title,
        "card": {"type": "AdaptiveCard", "body": body, "actions": actions},
    }


def local(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL_TIME).strftime("%d-%m-%Y %H:%M") if moment else "-"


def local_date(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL_TIME).strftime("%d-%m-%Y") if moment else "-"


def age(since: datetime, now: datetime) -> str:
    hours = int((now - since).total_seconds() // 3600)
    if hours < 1:
        return t.AGE_NEW
    return t.AGE_HOURS.format(hours=hours) if hours < 48 else t.AGE_DAYS.format(days=hours // 24)


# --- the channel pointer --------------------------------------------------------------------------
def pointer_card(case: CaseRecord, now: datetime, assignee_name: str | None) -> Card:
    facts = [
        (t.POINTER_FORM, t.FORM_LABELS.get(case.form, case.form)),
        (t.POINTER_URGENCY, t.URGENT_YES if case.urgent else t.URGENT_NO),
        (t.POINTER_STATE, t.STATE_LABELS[case.state.value]),
        (t.POINTER_ASSIGNEE, assignee_name or t.NOBODY),
        (t.POINTER_AGE, age(case.created_at, now)),
    ]
    if case.escalation_reason:
        facts.append((t.POINTER_REASON, t.ESCALATION_LABELS.get(case.escalation_reason, "")))
    if case.minor:
        facts.append((t.POINTER_MINOR, t.POINTER_MINOR_VALUE))
    actions = [execute(t.POINTER_OPEN, "case.view", case.case_number, style="positive")]
    if case.state == State.WITH_COORDINATOR:
        actions.append(execute(t.ACTION_LABELS["claim"], "case.claim", case.case_number))
    return card(
        [
            heading(t.POINTER_TITLE.format(case_number=case.case_number)),
            fact_set(facts),
            paragraph(t.POINTER_NOTE, subtle=True),
        ],
        actions,
    )


# --- content, shared by the two detail views --------------------------------------------------------
def _display(field_name: str, value: Any, departments: dict[str, str]) -> str:
    if field_name == "form":
        return t.FORM_LABELS.get(value, value)
    if field_name == "signals":
        return "; ".join(t.SIGNAL_LABELS.get(s, s) for s in value)
    if field_name == "source":
        return t.SOURCE_LABELS.get(value, value)
    if field_name == "victim_minor":
        return t.MINOR_LABELS.get(value, value)
    if field_name == "contact":
        return t.CONTACT_LABELS.get(value, value)
    if field_name == "department":
        return departments.get(value, value)
    if field_name == "route":
        return t.ROUTE_SHORT.get(value, value)
    if field_name in ("acute", "urgent"):
        return t.BUTTON_YES if value in (True, "yes") else t.BUTTON_NO
    return str(value)


def content_elements(content: dict[str, Any], departments: dict[str, str]) -> list[Element]:
    elements: list[Element] = [heading(t.DETAIL_CONTENT, size="Medium")]
    for section, fields in SECTION_FIELDS.items():
        # The reporter's route choice is not content: the case says where it actually went.
        facts = [
            (t.FIELD_LABELS[f], _display(f, content[f], departments))
            for f in fields
            if f != "route" and content.get(f) not in (None, "", [], False)
        ]
        if len(facts) > 1:
            elements += [paragraph(t.SECTION_LABELS[section], subtle=True), fact_set(facts)]
        elif facts:
            elements.append(fact_set(facts))
    return elements


# --- the aandachtsfunctionaris's own view ------------------------------------------------------------
@dataclass(frozen=True)
class DetailModel:
    case: CaseRecord
    content: dict[str, Any]
    events: list[CaseEvent]
    related: dict[str, list[str]]
    actions: tuple[Action, ...]
    departments: dict[str, str]
    partners: tuple[tuple[str, str], ...]
    coordinators: tuple[tuple[str, str], ...]
    names: dict[str, str] = field(default_factory=dict)  # actor id -> display name, for the history
    reporter_name: str | None = None  # only after an audited reveal
    open_questions: tuple[
        datetime, ...
    ] = ()  # when unanswered questions to the reporter were asked


def _event_line(event: CaseEvent, names: dict[str, str], partners: dict[str, str]) -> str:
    who = names.get(event.actor, t.ACTION_LABELS.get("escalate") if event.actor == "system" else "")
    parts = [f"{local(event.at)} {t.ACTION_LABELS.get(event.action, event.action)}"]
    if who:
        parts.append(f"({who})")
    for key, value in event.details.items():
        if key == "partner":
            value = partners.get(value, value)
        if key == "assignee":
            value = names.get(value, value)
        if key == "answer_kind":
            value = t.ANSWER_KIND_LABELS.get(value, value)
        if key == "addition" and isinstance(value, dict):
            value = "; ".join(f"{t.FIELD_LABELS.get(k, k)}: {v}" for k, v in value.items())
        if key in t.EVENT_DETAIL_LABELS and value:
            parts.append(f"{t.EVENT_DETAIL_LABELS[key]}: {value}")
    return " ".join(parts)


def _action_forms(model: DetailModel) -> list[Element]:
    number = model.case.case_number
    forms: dict[Action, Element] = {
        Action.CLAIM: execute(t.ACTION_LABELS["claim"], "case.claim", number, style="positive"),
        Action.ASSIGN: show_card(
            t.ACTION_LABELS["assign"],
            [choice_input("assignee", t.INPUT_ASSIGNEE, list(model.coordinators), expanded=False)],
            [execute(t.ACTION_LABELS["assign"], "case.assign", number)],
        ),
        Action.NOTE: show_card(
            t.ACTION_LABELS["note"],
            [text_input("note", t.INPUT_NOTE, multiline=True, max_length=MAX_LONG_TEXT)],
            [execute(t.ACTION_LABELS["note"], "case.note", number)],
        ),
        Action.ENRICH: show_card(
            t.ACTION_LABELS["enrich"],
            [text_input("note", t.INPUT_NOTE, multiline=True, max_length=MAX_LONG_TEXT)],
            [execute(t.ACTION_LABELS["enrich"], "case.enrich", number)],
        ),
        Action.AGENDA: show_card(
            t.ACTION_LABELS["agenda"],
            [date_input("date", t.INPUT_AGENDA_DATE)],
            [execute(t.ACTION_LABELS["agenda"], "case.agenda", number)],
        ),
        Action.HAND_OVER: show_card(
            t.ACTION_LABELS["hand_over"],
            [
                choice_input("partner", t.INPUT_PARTNER, list(model.partners), expanded=False),
                date_input("date", t.INPUT_HANDOVER_DATE),
                text_input("reference", t.INPUT_REFERENCE, max_length=MAX_SHORT_TEXT),
            ],
            [execute(t.ACTION_LABELS["hand_over"], "case.hand_over", number)],
        ),
        Action.REQUEST_FEEDBACK: execute(
            t.ACTION_LABELS["request_feedback"], "case.request_feedback", number
        ),
        Action.RECORD_FEEDBACK: show_card(
            t.ACTION_LABELS["record_feedback"],
            [
                text_input(
                    "feedback", t.INPUT_PARTNER_FEEDBACK, multiline=True, max_length=MAX_LONG_TEXT
                )
            ],
            [execute(t.ACTION_LABELS["record_feedback"], "case.record_feedback", number)],
        ),
        Action.CLOSE: show_card(
            t.ACTION_LABELS["close"],
            [
                choice_input(
                    "reason", t.INPUT_CLOSE_REASON, list(t.CLOSE_REASONS.items()), expanded=False
                ),
                text_input("feedback", t.INPUT_REPORTER_FEEDBACK, multiline=True, max_length=1000),
            ],
            [execute(t.ACTION_LABELS["close"], "case.close", number, style="destructive")],
        ),
        Action.REOPEN: execute(t.ACTION_LABELS["reopen"], "case.reopen", number),
        Action.ASK_REPORTER: show_card(
            t.ACTION_LABELS["ask_reporter"],
            [text_input("question", t.INPUT_REPORTER_QUESTION, multiline=True, max_length=1000)],
            [execute(t.ACTION_LABELS["ask_reporter"], "case.ask_reporter", number)],
        ),
    }
    return [forms[a] for a in model.actions if a in forms]


def detail_card(model: DetailModel) -> Card:
    case = model.case
    partners = dict(model.partners)
    history = [paragraph(_event_line(e, model.names, partners)) for e in model.events] or [
        paragraph("-")
    ]
    related: list[Element] = [heading(t.DETAIL_RELATED, size="Medium")]
    if model.related:
        related.append(
            fact_set(
                [
                    (t.RELATED_KIND_LABELS.get(kind, kind), ", ".join(numbers))
                    for kind, numbers in model.related.items()
                ]
            )
        )
    else:
        related.append(paragraph(t.DETAIL_RELATED_NONE, subtle=True))
    reporter = model.reporter_name or t.DETAIL_REPORTER_HIDDEN
    body: list[Element] = [
        heading(t.DETAIL_TITLE.format(case_number=case.case_number)),
        paragraph(t.DETAIL_ONLY_YOU, subtle=True),
        fact_set(
            [
                (t.POINTER_STATE, t.STATE_LABELS[case.state.value]),
                (t.POINTER_ASSIGNEE, model.names.get(case.assignee or "", t.NOBODY)),
                (t.POINTER_URGENCY, t.URGENT_YES if case.urgent else t.URGENT_NO),
                (t.TAH_RECEIVED, local(case.created_at)),
                (t.DETAIL_REPORTER, reporter),
                (t.DETAIL_ROUTE, t.DETAIL_ROUTE_LABELS[case.reporter_route]),
                *(
                    [(t.DETAIL_FEEDBACK_STATE, _feedback_state(case))]
                    if case.feedback_state
                    else []
                ),
            ]
        ),
        *content_elements(model.content, model.departments),
        *(
            [
                paragraph(
                    f"{t.OPEN_REPORTER_QUESTIONS}: "
                    + ", ".join(local(at) for at in model.open_questions),
                    color="Attention",
                )
            ]
            if model.open_questions
            else []
        ),
        *related,
        heading(t.DETAIL_HISTORY, size="Medium"),
        *history,
    ]
    actions = _action_forms(model)
    if model.reporter_name is None and Action.REVEAL_REPORTER in model.actions:
        actions.append(
            show_card(
                t.ACTION_LABELS["reveal_reporter"],
                [
                    choice_input(
                        "reveal_reason", t.INPUT_REVEAL_REASON, list(t.REVEAL_REASONS.items())
                    ),
                    text_input("reveal_note", t.INPUT_REVEAL_NOTE, max_length=MAX_SHORT_TEXT),
                ],
                [
                    execute(
                        t.ACTION_LABELS["reveal_reporter"],
                        "case.reveal_reporter",
                        case.case_number,
                    )
                ],
            )
        )
    return card(body, actions)


def _feedback_state(case: CaseRecord) -> str:
    label = t.FEEDBACK_STATES.get(case.feedback_state or "", case.feedback_state or "")
    if case.feedback_state == "delivered" and case.feedback_delivered_at:
        return f"{label} ({local(case.feedback_delivered_at)})"
    return label


# --- the taakaccenthouder --------------------------------------------------------------------------------
def tah_card(
    case: CaseRecord, reporter_name: str, department_name: str, *, can_forward: bool
) -> Card:
    body: list[Element] = [
        heading(t.TAH_CARD_TITLE.format(case_number=case.case_number)),
        paragraph(t.TAH_CARD_BODY),
        fact_set(
            [
                (t.TAH_REPORTER, reporter_name),
                (t.TAH_DEPARTMENT, department_name),
                (t.TAH_FORM, t.FORM_LABELS.get(case.form, case.form)),
                (t.TAH_RECEIVED, local(case.created_at)),
                (t.POINTER_STATE, t.STATE_LABELS[case.state.value]),
            ]
        ),
    ]
    if case.escalation_reason:
        body.append(
            paragraph(
                t.TAH_ALREADY_ESCALATED.format(
                    reason=t.ESCALATION_LABELS[case.escalation_reason].lower()
                ),
                color="Accent",
            )
        )
    actions: list[Element] = [execute(t.TAH_VIEW, "tah.view", case.case_number)]
    if can_forward:
        actions += [
            show_card(
                t.TAH_SAVE_NOTE,
                [text_input("note", t.TAH_NOTE_LABEL, multiline=True, max_length=MAX_LONG_TEXT)],
                [execute(t.TAH_SAVE_NOTE, "tah.note", case.case_number)],
            ),
            execute(t.TAH_FORWARD, "tah.forward", case.case_number, style="positive"),
        ]
    return card(body, actions)


def tah_phase_card(case: CaseRecord, department_name: str) -> Card:
    """What a taakaccenthouder keeps once the signal is no longer theirs: the phase only, no
    name and no content (the card that named the reporter is replaced by this one)."""
    phase = t.REPORTER_PHASE_LABELS[REPORTER_PHASE[case.state]]
    return card(
        [
            heading(t.TAH_PHASE_TITLE.format(case_number=case.case_number)),
            fact_set(
                [
                    (t.TAH_DEPARTMENT, department_name),
                    (t.TAH_RECEIVED, local_date(case.created_at)),
                    (t.TAH_PHASE, phase),
                ]
            ),
            paragraph(t.TAH_PHASE_BODY, subtle=True),
        ]
    )


def tah_detail_card(
    case: CaseRecord,
    reporter_name: str,
    content: dict[str, Any],
    departments: dict[str, str],
    *,
    can_forward: bool,
) -> Card:
    view = tah_card(
        case,
        reporter_name,
        departments.get(case.department, case.department),
        can_forward=can_forward,
    )
    view["body"] += [
        paragraph(t.DETAIL_ONLY_YOU, subtle=True),
        *content_elements(content, departments),
    ]
    view["actions"] = [a for a in view.get("actions", []) if a.get("verb") != "tah.view"]
    return view


# --- the reporter --------------------------------------------------------------------------------------------
def my_reports_card(cases: list[CaseRecord]) -> Card:
    if not cases:
        return card([heading(t.MY_REPORTS_TITLE), paragraph(t.MY_REPORTS_NONE)])
    additions = [
        show_card(
            f"{t.ADD_BUTTON} {case.case_number}",
            addition_form(),
            [execute(t.ADD_SEND, "reporter.add", case.case_number, style="positive")],
        )
        for case in cases
        if case.state != State.CLOSED
    ]
    facts = []
    for case in cases:
        phase = t.REPORTER_PHASE_LABELS[REPORTER_PHASE[case.state]]
        when = [t.MY_REPORTS_RECEIVED.format(date=local_date(case.created_at))]
        last = case.closed_at or case.handed_over_at or case.forwarded_at
        if last:
            when.append(t.MY_REPORTS_UPDATED.format(date=local_date(last)))
        when.append(t.MY_REPORTS_WHO_KNOWS[case.reporter_route])
        if case.reporter_revealed_at:
            when.append(t.MY_REPORTS_REVEALED.format(date=local_date(case.reporter_revealed_at)))
        facts.append((case.case_number, f"{phase} ({', '.join(when)})"))
    return card([heading(t.MY_REPORTS_TITLE), fact_set(facts)], additions)


def addition_form() -> list[Element]:
    """The fields a reporter may add later: the report's own, with their limits."""
    return [
        paragraph(t.ADD_HINT, subtle=True),
        text_input("facts", t.FIELD_LABELS["facts"], multiline=True, max_length=MAX_LONG_TEXT),
        text_input(
            "observations", t.FIELD_LABELS["observations"], multiline=True, max_length=MAX_LONG_TEXT
        ),
        date_input("date", t.FIELD_LABELS["date"]),
        text_input("place", t.FIELD_LABELS["place"], max_length=MAX_SHORT_TEXT),
        text_input("postcode", t.FIELD_LABELS["postcode"], max_length=10),
        text_input("house_number", t.FIELD_LABELS["house_number"], max_length=10),
    ]


def reporter_question_card(case_number: str, question_id: str, question: str) -> Card:
    """A coordinator's question in the reporter's own chat: under the case number, without
    saying who asked; an answer field, "I don't know" and "rather not"."""

    def answer(title: str, kind: str, style: str | None = None) -> Element:
        action = execute(title, "reporter.answer", case_number, style=style)
        action["data"].update({"question_id": question_id, "answer_kind": kind})
        return action

    return card(
        [
            heading(t.REPORTER_QUESTION_TITLE.format(case_number=case_number)),
            paragraph(t.REPORTER_QUESTION_INTRO, subtle=True),
            paragraph(question),
            text_input("answer", t.INPUT_REPORTER_ANSWER, multiline=True, max_length=2000),
        ],
        [
            answer(t.REPORTER_QUESTION_SEND, "answer", "positive"),
            answer(t.REPORTER_QUESTION_DONT_KNOW, "dont_know"),
            answer(t.REPORTER_QUESTION_DECLINE, "decline"),
        ],
    )


def receipt_card(text: str) -> Card:
    """What replaces a card that held content, once it was sent."""
    return card([paragraph(text)])


def open_cases_card(cases: list[CaseRecord], now: datetime, limit: int = 20) -> Card:
    """Open cases as pointers (number, state, form, age), each with a button for the details."""
    if not cases:
        return card([heading(t.OPEN_CASES_TITLE), paragraph(t.OPEN_CASES_NONE)])
    body: list[Element] = [heading(t.OPEN_CASES_TITLE)]
    for case in cases[:limit]:
        summary = f"{t.STATE_LABELS[case.state.value]}, {t.FORM_LABELS.get(case.form, case.form)}, {age(case.created_at, now)}"
        body.append(
            {
                "type": "ColumnSet",
                "columns": [
                    {
                        "type": "Column",
                        "width": "stretch",
                        "items": [paragraph(f"**{case.case_number}** {summary}")],
                    },
                    {
                        "type": "Column",
                        "width": "auto",
                        "items": [
                            {
                                "type": "ActionSet",
                                "actions": [execute(t.POINTER_OPEN, "case.view", case.case_number)],
                            }
                        ],
                    },
                ],
            }
        )
    if len(cases) > limit:
        body.append(paragraph(t.OPEN_CASES_MORE.format(count=len(cases) - limit), subtle=True))
    return card(body)

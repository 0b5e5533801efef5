"""Adaptive Cards of the route. One pure builder per view; what each view may hold is decided
by domain.visibility and by the model each builder receives.

- `pointer_card`: the coordinators' channel. Receives only a CaseRecord (no content exists in
  it) and the assignee's name; it never shows reporter, names, addresses or free text.
- `detail_card`: an aandachtsfunctionaris's own view, returned to that person only: the next
  step first (from the workflow table), then the case, its earlier signals and its history.
- `handover_card`: the text for a chain partner, for the coordinator who asked only.
- `case_list_card`: pointers (open cases, the agenda of the signaleringsoverleg, search
  results), each with a button that opens the details for coordinators only.
- `tah_card` / `tah_detail_card`: the taakaccenthouder's 1:1 card and their own view.
- `my_reports_card`: the reporter's own cases, phase and dates only.

Every date and time is shown as dd-mm-jjjj (HH:mm), in Europe/Amsterdam.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
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
    toggle,
)
from cards.fitting import cap_texts
from domain.case import CaseEvent, CaseRecord, Intake, PartnerRequest
from domain.report import SECTION_FIELDS
from domain.validation import MAX_LONG_TEXT, MAX_SHORT_TEXT
from domain.workflow import REPORTER_PHASE, Action, State
from texts import t

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
# Buttons per row in the body: few enough that Teams does not fold one away under "..." (as
# the Playground showed with more).
BUTTONS_PER_ROW = 3


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


def show_card(
    title: str, body: list[Element], actions: list[Element], *, style: str | None = None
) -> Element:
    action: Element = {
        "type": "Action.ShowCard",
        "title": title,
        "card": {"type": "AdaptiveCard", "body": body, "actions": actions},
    }
    if style:
        action["style"] = style
    return action


def action_set(actions: list[Element]) -> Element:
    return {"type": "ActionSet", "actions": actions}


def local(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL_TIME).strftime("%d-%m-%Y %H:%M") if moment else "-"


def local_date(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL_TIME).strftime("%d-%m-%Y") if moment else "-"


def day(iso: object) -> str:
    """An ISO date (as forms send and the case stores them) as dd-mm-jjjj."""
    if not isinstance(iso, str):
        return str(iso)
    try:
        return date.fromisoformat(iso).strftime("%d-%m-%Y")
    except ValueError:
        return iso


def age(since: datetime, now: datetime) -> str:
    """How long something has waited (a question), never to be read as a person's age."""
    hours = int((now - since).total_seconds() // 3600)
    if hours < 1:
        return t.AGE_NEW
    return t.AGE_HOURS.format(hours=hours) if hours < 48 else t.AGE_DAYS.format(days=hours // 24)


# --- the channel pointer --------------------------------------------------------------------------
def _today(now: datetime) -> str:
    return now.astimezone(LOCAL_TIME).date().isoformat()


def _since(case: CaseRecord) -> tuple[str, str]:
    if case.state == State.CLOSED and case.closed_at:
        return t.POINTER_CLOSED_ON, local_date(case.closed_at)
    return t.POINTER_SINCE, local_date(case.created_at)


def _date_facts(case: CaseRecord, now: datetime) -> list[tuple[str, str]]:
    """Meeting and partner dates, flagged when they have passed: no content, only dates."""
    if case.state == State.CLOSED:
        return []
    today = _today(now)
    facts = []
    if case.agenda_date:
        late = f" ({t.POINTER_OUTCOME_MISSING})" if case.agenda_date < today else ""
        facts.append((t.POINTER_MEETING, day(case.agenda_date) + late))
    if case.partner_due_on:
        late = f" ({t.POINTER_OVERDUE})" if case.partner_due_on < today else ""
        facts.append((t.POINTER_PARTNER_DUE, t.DUE_BY.format(date=day(case.partner_due_on)) + late))
    return facts


def pointer_card(case: CaseRecord, now: datetime, assignee_name: str | None) -> Card:
    facts = [
        (t.POINTER_FORM, t.FORM_LABELS.get(case.form, case.form)),
        (t.POINTER_URGENCY, t.URGENT_YES if case.urgent else t.URGENT_NO),
        (t.POINTER_STATE, t.STATE_LABELS[case.state.value]),
        (t.POINTER_ASSIGNEE, assignee_name or t.NOBODY),
        _since(case),
        *_date_facts(case, now),
    ]
    if case.intake != Intake.TEAMS:
        facts.append((t.POINTER_SOURCE, t.INTAKE_SOURCE_LABELS.get(case.intake, case.intake)))
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
_DATE_FIELDS = frozenset({"date", "suspect_dob", "victim_dob"})


def _display(field_name: str, value: Any, departments: dict[str, str]) -> str:
    if field_name == "form":
        return t.FORM_LABELS.get(value, value)
    if field_name == "signals":
        return "; ".join(t.SIGNAL_LABELS.get(s, s) for s in value)
    if field_name == "source":
        return t.SOURCE_LABELS.get(value, value)
    if field_name == "intake_source":
        return t.INTAKE_SOURCE_LABELS.get(value, value)
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
    if field_name in _DATE_FIELDS:
        return day(value)
    return str(value)


# Not repeated from the content: how it came in is one of the case's own facts; the route the
# reporter chose is shown as who actually knows the name.
_NOT_REPEATED = frozenset({"intake_source", "route"})


def content_elements(content: dict[str, Any], departments: dict[str, str]) -> list[Element]:
    elements: list[Element] = [heading(t.DETAIL_CONTENT, size="Medium")]
    if content.get("acute") == "yes":
        # The reporter answered the danger question with yes (and was sent to 112 first).
        elements.append(paragraph(t.DETAIL_ACUTE, color="Attention"))
    for section, fields in SECTION_FIELDS.items():
        # The reporter's route choice is not content: the case says where it actually went.
        facts = [
            (t.FIELD_LABELS[f], _display(f, content[f], departments))
            for f in fields
            if content.get(f) not in (None, "", [], False) and f not in _NOT_REPEATED
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
    actions: tuple[Action, ...]  # the next steps, the usual one first (domain.workflow)
    departments: dict[str, str]
    partners: tuple[tuple[str, str], ...]
    coordinators: tuple[tuple[str, str], ...]
    names: dict[str, str] = field(default_factory=dict)  # actor id -> "name (role)"
    reporter_name: str | None = None  # only after an audited reveal
    requests: tuple[PartnerRequest, ...] = ()
    meetings: tuple[str, ...] = ()  # known meeting dates from today (ISO)
    last_partner: str | None = None
    default_due: str = ""
    now: datetime | None = None
    has_reporter: bool = True  # a registered signal may have nobody outside to name
    open_questions: tuple[
        datetime, ...
    ] = ()  # when unanswered questions to the reporter were asked

    @property
    def today(self) -> str:
        return _today(self.now) if self.now else ""


def _who(actor: str, names: dict[str, str]) -> str:
    if actor == "system":
        return t.HISTORY_SYSTEM
    if actor == "melder":  # the reporter's own steps are recorded without their identity
        return t.HISTORY_REPORTER
    return names.get(actor, t.HISTORY_SOMEONE)


def _related_text(value: Any) -> str:
    """Earlier signals found at enrichment: per kind of match, never the matched value."""
    if isinstance(value, dict):
        parts = [
            f"{t.RELATED_KIND_LABELS.get(kind, kind)}: {', '.join(numbers)}"
            for kind, numbers in value.items()
            if numbers
        ]
        return t.HISTORY_FOUND.format(found="; ".join(parts)) if parts else t.HISTORY_FOUND_NONE
    if value and value != "-":  # recorded before matches were kept per kind
        return t.HISTORY_FOUND.format(found=value)
    return t.HISTORY_FOUND_NONE


def event_sentence(event: CaseEvent, names: dict[str, str], partners: dict[str, str]) -> str:
    """One line of the history as a Dutch sentence: when, who (and in which role), what."""
    details = event.details
    values = {
        "partner": partners.get(details.get("partner", ""), details.get("partner", "")),
        "date": day(details.get("date", "")),
        "due": day(details.get("due", "")),
        "next": day(details.get("next", "")),
        "reference": details.get("reference", ""),
        "assignee": names.get(details.get("assignee", ""), t.HISTORY_SOMEONE),
        "reason": t.CLOSE_REASONS.get(details.get("reason", ""), details.get("reason", "")),
        "outcome": t.AGENDA_OUTCOMES.get(details.get("outcome", ""), details.get("outcome", "")),
        "intake": t.INTAKE_SOURCE_LABELS.get(details.get("intake", ""), details.get("intake", "")),
    }
    if event.action == "reveal_reporter":
        values["reason"] = t.REVEAL_REASONS.get(
            details.get("reason", ""), details.get("reason", "")
        )
    if event.action == "escalate":
        values["reason"] = t.ESCALATION_LABELS.get(details.get("reason", ""), "").lower()
    template = t.HISTORY_SENTENCES.get(event.action, t.HISTORY_OTHER)
    if event.action == "reporter_answer":
        template = t.HISTORY_ANSWERS.get(details.get("answer_kind", ""), template)
    variant = t.HISTORY_VARIANTS.get(event.action, {})
    for key, alternative in variant.items():
        if details.get(key):
            template = alternative
            break
    sentence = template.format(action=t.ACTION_LABELS.get(event.action, event.action), **values)
    extras = []
    if event.action == "enrich":
        extras.append(_related_text(details.get("related")))
    if event.action == "close" and details.get("outside"):
        extras.append(t.HISTORY_FEEDBACK_OUTSIDE)
    if isinstance(details.get("addition"), dict):
        extras.append(
            "; ".join(
                f"{t.FIELD_LABELS.get(k, k)}: {day(v) if k == 'date' else v}"
                for k, v in details["addition"].items()
            )
        )
    for key in ("note", "feedback", "question", "answer"):
        if details.get(key):
            extras.append(f"{t.HISTORY_TEXT_LABELS[key]}: \u201c{details[key]}\u201d")
    text = f"{local(event.at)} - {_who(event.actor, names)} {sentence}"
    return ". ".join([text, *extras]) + "."


def _choices_with(value: str, choices: list[tuple[str, str]]) -> str:
    return value if any(v == value for v, _ in choices) else ""


def _action_forms(model: DetailModel) -> dict[Action, Element]:
    """A button (or a form that opens under it) per step the workflow offers."""
    number = model.case.case_number
    partners = list(model.partners)
    names = dict(model.partners)
    open_requests = [r for r in model.requests if r.answered_at is None]
    meeting_choices = [(d, day(d)) for d in model.meetings]
    registered = model.case.registered
    return {
        Action.CLAIM: execute(t.ACTION_LABELS["claim"], "case.claim", number),
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
            [
                paragraph(t.ENRICH_HINT, subtle=True),
                text_input("note", t.INPUT_ENRICH_NOTE, multiline=True, max_length=MAX_LONG_TEXT),
            ],
            [execute(t.ACTION_LABELS["enrich"], "case.enrich", number)],
        ),
        Action.AGENDA: show_card(
            t.ACTION_LABELS["agenda"],
            [
                *(
                    [
                        choice_input(
                            "meeting",
                            t.INPUT_MEETING,
                            meeting_choices,
                            meeting_choices[0][0],
                            expanded=False,
                        )
                    ]
                    if meeting_choices
                    else []
                ),
                date_input(
                    "date", t.INPUT_OTHER_MEETING if meeting_choices else t.INPUT_AGENDA_DATE
                ),
            ],
            [execute(t.ACTION_LABELS["agenda"], "case.agenda", number)],
        ),
        Action.AGENDA_OUTCOME: show_card(
            t.ACTION_LABELS["agenda_outcome"],
            [
                paragraph(
                    t.OUTCOME_FOR.format(date=day(model.case.agenda_date or "")), subtle=True
                ),
                choice_input("outcome", t.INPUT_AGENDA_OUTCOME, list(t.AGENDA_OUTCOMES.items())),
                text_input("note", t.INPUT_OUTCOME_NOTE, multiline=True, max_length=MAX_LONG_TEXT),
            ],
            [execute(t.ACTION_LABELS["agenda_outcome"], "case.agenda_outcome", number)],
        ),
        Action.HAND_OVER: show_card(
            t.ACTION_LABELS["hand_over"],
            [
                choice_input(
                    "partner",
                    t.INPUT_PARTNER,
                    partners,
                    _choices_with(model.last_partner or "", partners),
                    expanded=False,
                ),
                date_input("date", t.INPUT_HANDOVER_DATE, model.today),
                text_input("reference", t.INPUT_REFERENCE, max_length=MAX_SHORT_TEXT),
                paragraph(t.HANDOVER_SUMMARY_HINT, subtle=True),
                toggle("include_reporter", t.INPUT_INCLUDE_REPORTER, False),
            ],
            [
                execute(t.HANDOVER_SUMMARY_BUTTON, "case.handover_summary", number),
                execute(t.HANDOVER_RECORD_BUTTON, "case.hand_over", number, style="positive"),
            ],
        ),
        Action.REQUEST_FEEDBACK: show_card(
            t.ACTION_LABELS["request_feedback"],
            [
                choice_input(
                    "partner",
                    t.INPUT_PARTNER,
                    partners,
                    _choices_with(model.last_partner or "", partners),
                    expanded=False,
                ),
                date_input("due", t.INPUT_DUE_DATE, model.default_due),
            ],
            [execute(t.ACTION_LABELS["request_feedback"], "case.request_feedback", number)],
        ),
        Action.RECORD_FEEDBACK: show_card(
            t.ACTION_LABELS["record_feedback"],
            [
                choice_input(
                    "partner",
                    t.INPUT_PARTNER,
                    [(r.partner, names.get(r.partner, r.partner)) for r in open_requests],
                    open_requests[0].partner if open_requests else "",
                    expanded=False,
                ),
                text_input(
                    "feedback", t.INPUT_PARTNER_FEEDBACK, multiline=True, max_length=MAX_LONG_TEXT
                ),
            ],
            [execute(t.ACTION_LABELS["record_feedback"], "case.record_feedback", number)],
        ),
        Action.CLOSE: show_card(
            t.ACTION_LABELS["close"],
            [
                choice_input(
                    "reason", t.INPUT_CLOSE_REASON, list(t.CLOSE_REASONS.items()), expanded=False
                ),
                *(
                    [
                        paragraph(t.CLOSE_REGISTERED_HINT, subtle=True),
                        text_input("feedback", t.INPUT_CLOSE_NOTE, multiline=True, max_length=1000),
                    ]
                    if registered
                    else [
                        text_input(
                            "feedback", t.INPUT_REPORTER_FEEDBACK, multiline=True, max_length=1000
                        )
                    ]
                ),
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


def _primary(element: Element) -> Element:
    return {**element, "style": "positive"}


def next_step_elements(model: DetailModel) -> list[Element]:
    """The usual next step as the primary button, the other steps visible right under it,
    each in a row of its own size (so none hides under "..."); done steps are history."""
    forms = _action_forms(model)
    steps = [forms[a] for a in model.actions if a in forms]
    if not steps:
        return []
    elements: list[Element] = [
        heading(t.DETAIL_NEXT_STEP, size="Medium"),
        action_set([_primary(steps[0])]),
    ]
    rest = steps[1:]
    if rest:
        elements.append(paragraph(t.DETAIL_OTHER_STEPS, subtle=True))
        for start in range(0, len(rest), BUTTONS_PER_ROW):
            elements.append(action_set(rest[start : start + BUTTONS_PER_ROW]))
    return elements


def _related_elements(related: dict[str, list[str]]) -> list[Element]:
    """Other signals with a matching field, per case: which fields matched (never the value),
    and a button that opens that case (for coordinators only; checked on the click)."""
    elements: list[Element] = [heading(t.DETAIL_RELATED, size="Medium")]
    kinds_of: dict[str, list[str]] = {}
    for kind, numbers in related.items():
        for number in numbers:
            kinds_of.setdefault(number, []).append(t.RELATED_KIND_LABELS.get(kind, kind))
    if not kinds_of:
        return [*elements, paragraph(t.DETAIL_RELATED_NONE, subtle=True)]
    for number, kinds in sorted(kinds_of.items()):
        elements.append(
            _row(f"**{number}**: {', '.join(kinds)}", execute(t.RELATED_OPEN, "case.view", number))
        )
    return elements


def _row(text: str, button: Element) -> Element:
    return {
        "type": "ColumnSet",
        "columns": [
            {"type": "Column", "width": "stretch", "items": [paragraph(text)]},
            {"type": "Column", "width": "auto", "items": [action_set([button])]},
        ],
    }


def _request_lines(model: DetailModel) -> list[Element]:
    if not model.requests:
        return []
    partners = dict(model.partners)
    lines = []
    for request in model.requests:
        name = partners.get(request.partner, request.partner)
        if request.answered_at:
            status = t.REQUEST_ANSWERED.format(date=local_date(request.answered_at))
        elif model.today and request.due_on < model.today:
            status = t.REQUEST_OVERDUE
        else:
            status = t.REQUEST_OPEN
        lines.append(
            paragraph(
                t.REQUEST_LINE.format(
                    partner=name,
                    asked=local_date(request.requested_at),
                    due=day(request.due_on),
                    status=status,
                )
            )
        )
    return [heading(t.DETAIL_REQUESTS, size="Medium"), *lines]


# Free texts of a case that a view may have to shorten, by key: the content's fields and what
# the history quotes (notes, feedback, questions, answers, additions).
_QUOTED = ("note", "feedback", "question", "answer")


# The case view shows the newest steps of the history; earlier ones open in pages of as many.
HISTORY_SHOWN = 40


def _free_texts(model: DetailModel, events: range | None = None) -> dict[str, tuple[str, str]]:
    """Key -> (what it is, the text), for the content's free texts and those of the history
    (of the events at the indexes in `events`: all of them if None)."""
    texts = {
        f"content:{name}": (t.FIELD_LABELS.get(name, name), value)
        for name, value in model.content.items()
        if isinstance(value, str) and name in t.FIELD_LABELS
    }
    for index in events if events is not None else range(len(model.events)):
        event = model.events[index]
        when = local(event.at)
        for key in _QUOTED:
            value = event.details.get(key)
            if isinstance(value, str) and value:
                label = f"{when} {t.HISTORY_TEXT_LABELS[key]}: {_opening(value)}"
                texts[f"event:{index}:{key}"] = (label, value)
        addition = event.details.get("addition")
        if isinstance(addition, dict):
            for key, value in addition.items():
                if isinstance(value, str) and key != "date":
                    label = f"{when} {t.FIELD_LABELS.get(key, key)}: {_opening(value)}"
                    texts[f"event:{index}:addition:{key}"] = (label, value)
    return texts


def _opening(text: str) -> str:
    """The first words of a text, so that texts of the same kind can be told apart."""
    return text if len(text) <= 40 else text[:40].rstrip() + " …"


def _with_texts(model: DetailModel, replaced: dict[str, str]) -> DetailModel:
    """The model with some of its free texts replaced (shortened), keyed as `_free_texts`."""
    content = dict(model.content)
    events = list(model.events)
    for key, text in replaced.items():
        kind, _, rest = key.partition(":")
        if kind == "content":
            content[rest] = text
            continue
        index, _, field_name = rest.partition(":")
        event = events[int(index)]
        details = dict(event.details)
        if field_name.startswith("addition:"):
            details["addition"] = {**details["addition"], field_name.split(":", 1)[1]: text}
        else:
            details[field_name] = text
        events[int(index)] = replace(event, details=details)
    return replace(model, content=content, events=events)


def _history(model: DetailModel, events: range) -> tuple[list[Element], dict[str, str]]:
    """The history sentences of `events`, their quotes shortened to the text budget (together
    with the content's, which the case view shows too); and what was shortened."""
    texts = _free_texts(model, events)
    shortened = cap_texts({key: text for key, (_, text) in texts.items()})
    fitted = _with_texts(model, shortened)
    partners = dict(model.partners)
    lines = [paragraph(event_sentence(fitted.events[i], model.names, partners)) for i in events]
    return lines, shortened


def _earlier_pages(model: DetailModel) -> list[range]:
    """The steps the case view leaves out, oldest first, in pages of HISTORY_SHOWN."""
    earlier = max(0, len(model.events) - HISTORY_SHOWN)
    return [range(i, min(i + HISTORY_SHOWN, earlier)) for i in range(0, earlier, HISTORY_SHOWN)]


def full_text_card(model: DetailModel, key: object) -> Card | None:
    """One free text of the case in full, or a page of earlier steps (the case view shortened
    or left them out); None for a key the case does not have."""
    case_number = model.case.case_number
    back = execute(t.FULL_TEXT_BACK, "case.view", case_number)
    pages = {f"history:{page.start}": page for page in _earlier_pages(model)}
    if isinstance(key, str) and key in pages:
        page = pages[key]
        lines, _ = _history(replace(model, content={}), page)
        title = t.HISTORY_PAGE.format(first=page.start + 1, last=page.stop)
        return card(
            [
                heading(t.FULL_TEXT_TITLE.format(case_number=case_number)),
                paragraph(t.DETAIL_ONLY_YOU, subtle=True),
                paragraph(title, subtle=True),
                *lines,
            ],
            [back],
        )
    found = _free_texts(model).get(key) if isinstance(key, str) else None
    if found is None:
        return None
    label, text = found
    return card(
        [
            heading(t.FULL_TEXT_TITLE.format(case_number=case_number)),
            paragraph(t.DETAIL_ONLY_YOU, subtle=True),
            paragraph(label, subtle=True),
            paragraph(text),
        ],
        [back],
    )


def _full_text_chooser(model: DetailModel, shortened: dict[str, str]) -> Element:
    """Pick a shortened text to see whole, in the order the case shows them, or a page of the
    earlier steps."""
    texts = _free_texts(model)
    choices = [(key, texts[key][0]) for key in texts if key in shortened]
    choices += [
        (f"history:{page.start}", t.HISTORY_PAGE.format(first=page.start + 1, last=page.stop))
        for page in _earlier_pages(model)
    ]
    action = execute(t.FULL_TEXT_SHOW, "case.view", model.case.case_number)
    action["data"]["show"] = "full_text"
    return show_card(
        t.FULL_TEXT_BUTTON,
        [choice_input("full_text", t.FULL_TEXT_CHOOSE, choices, choices[0][0], expanded=False)],
        [action],
    )


def detail_card(model: DetailModel) -> Card:
    """The aandachtsfunctionaris's view of a case: the newest HISTORY_SHOWN steps, and long
    free texts shortened to what a Teams message holds; 'Volledige tekst' shows any shortened
    text whole and the earlier steps."""
    full = model
    shown = range(max(0, len(model.events) - HISTORY_SHOWN), len(model.events))
    history, shortened = _history(model, shown)
    model = _with_texts(model, {k: v for k, v in shortened.items() if k.startswith("content:")})
    case = model.case
    if shown.start:
        history.insert(0, paragraph(t.HISTORY_EARLIER.format(count=shown.start), subtle=True))
    if not history:
        history = [paragraph(t.HISTORY_EMPTY, subtle=True)]
    if shortened:
        history.append(paragraph(t.TEXTS_SHORTENED_NOTE, subtle=True))
    if model.reporter_name:
        reporter = model.reporter_name
    elif not model.has_reporter:
        reporter = t.DETAIL_REPORTER_NONE
    else:
        reporter = t.DETAIL_REPORTER_EXTERNAL if case.registered else t.DETAIL_REPORTER_HIDDEN
    facts = [
        (t.POINTER_STATE, t.STATE_LABELS[case.state.value]),
        (t.POINTER_ASSIGNEE, model.names.get(case.assignee or "", t.NOBODY)),
        (t.POINTER_URGENCY, t.URGENT_YES if case.urgent else t.URGENT_NO),
        (t.DETAIL_RECEIVED, local(case.created_at)),
        (t.POINTER_SOURCE, t.INTAKE_SOURCE_LABELS.get(case.intake, case.intake)),
        (t.DETAIL_REPORTER, reporter),
        (
            t.DETAIL_ROUTE,
            t.DETAIL_ROUTE_LABELS[case.reporter_route]
            + (
                t.DETAIL_ROUTE_REVEALED.format(date=local(case.reporter_revealed_at))
                if case.reporter_revealed_at
                else ""
            ),
        ),
        *(_date_facts(case, model.now) if model.now else []),
    ]
    if case.feedback_state:
        facts.append((t.DETAIL_FEEDBACK_STATE, _feedback_state(case)))
    body: list[Element] = [
        heading(t.DETAIL_TITLE.format(case_number=case.case_number)),
        paragraph(t.DETAIL_ONLY_YOU, subtle=True),
        *next_step_elements(model),
        heading(t.DETAIL_CASE, size="Medium"),
        fact_set(facts),
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
        *_related_elements(model.related),
        *_request_lines(model),
        heading(t.DETAIL_HISTORY, size="Medium"),
        *history,
    ]
    # The view is a snapshot for one person; a colleague may change the case meanwhile.
    actions = [execute(t.DETAIL_REFRESH, "case.view", case.case_number)]
    if shortened or shown.start:
        actions.append(_full_text_chooser(full, shortened))
    if model.reporter_name is None and model.has_reporter:
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


# --- the text for a chain partner ----------------------------------------------------------------------
@dataclass(frozen=True)
class HandoverModel:
    case: CaseRecord
    partner: str  # the partner's name
    content: dict[str, Any]
    related: dict[str, list[str]]
    events: list[CaseEvent]
    reporter: str | None  # only when the coordinator revealed it and chose to include it
    coordinator: str
    today: str  # ISO date


def _lines(content: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    return [
        f"- {t.FIELD_LABELS[f]}: {_display(f, content[f], {})}"
        for f in fields
        if content.get(f) not in (None, "", [], False)
    ]


def handover_text(model: HandoverModel) -> str:
    """The hand-over in Dutch, structured as partners read it: what was seen, when, where,
    who, what the municipality already knows. No reporter unless `model.reporter` is given."""
    content, case = model.content, model.case
    sections: list[tuple[str, list[str]]] = [
        (
            t.HANDOVER_SEEN,
            _lines(content, ("form", "signals", "signals_other", "facts", "observations"))
            + _lines(content, ("interpretation", "source")),
        ),
        (t.HANDOVER_WHEN, _lines(content, ("date", "time"))),
        (t.HANDOVER_WHERE, _lines(content, ("place", "postcode", "house_number", "licence_plate"))),
        (
            t.HANDOVER_WHO,
            _lines(content, SECTION_FIELDS["victim"])
            + _lines(content, SECTION_FIELDS["suspect"])
            + _lines(content, ("contact",)),
        ),
        (t.HANDOVER_KNOWN, _known(model)),
    ]
    reporter = (
        t.HANDOVER_REPORTER_INCLUDED.format(reporter=model.reporter)
        if model.reporter
        else t.HANDOVER_REPORTER_OMITTED
    )
    lines = [
        t.HANDOVER_HEADER.format(partner=model.partner),
        t.HANDOVER_CASE.format(case_number=case.case_number, date=day(model.today)),
        t.HANDOVER_RECEIVED.format(date=local_date(case.created_at)),
        "",
    ]
    for title, items in sections:
        lines += [title, *(items or [t.HANDOVER_NOTHING]), ""]
    lines += [
        t.HANDOVER_REPORTER_TITLE,
        reporter,
        "",
        t.HANDOVER_FOOTER.format(name=model.coordinator),
    ]
    return "\n".join(lines).strip()


def _known(model: HandoverModel) -> list[str]:
    """From enrichment: earlier signals per kind of match, the enrichment notes and what the
    signaleringsoverleg added."""
    known = [
        t.HANDOVER_RELATED.format(
            kind=t.RELATED_KIND_LABELS.get(kind, kind),
            count=len(numbers),
            numbers=", ".join(numbers),
        )
        for kind, numbers in model.related.items()
        if numbers
    ]
    for event in model.events:
        note = event.details.get("note")
        if event.action == "enrich" and note:
            known.append(f"- {t.HANDOVER_ENRICHMENT}: {note}")
        if event.action == "agenda_outcome":
            outcome = t.AGENDA_OUTCOMES.get(event.details.get("outcome", ""), "")
            known.append(
                f"- {t.HANDOVER_MEETING.format(date=day(event.details.get('date', '')))}: "
                + outcome
                + (f"; {note}" if note else "")
            )
    return known


def _readable(text: str) -> list[Element]:
    elements: list[Element] = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        items = [line for line in lines if line.startswith("- ")]
        titles = [line for line in lines if not line.startswith("- ")]
        for title in titles:
            element = paragraph(title)
            if items:
                element["weight"] = "Bolder"
            elements.append(element)
        if items:
            elements.append(paragraph("\n".join(items)))
    return elements


# Characters of hand-over text shown twice (to read and to copy) within a Teams message.
HANDOVER_READABLE_LIMIT = 12_000


def handover_card(case_number: str, text: str) -> Card:
    """Shown only to the coordinator who asked: the text in a field to copy from, and the way
    back to the case (which sends nothing of the field)."""
    back = execute(t.HANDOVER_BACK, "case.view", case_number)
    back["associatedInputs"] = "none"
    # To read (a text field shows only a few lines): titles bold, items as lists; a long text
    # would not fit in a Teams message twice, so it is only in the field.
    readable = (
        {"type": "Container", "style": "emphasis", "items": _readable(text)}
        if len(text) <= HANDOVER_READABLE_LIMIT
        else paragraph(t.HANDOVER_LONG, subtle=True)
    )
    return card(
        [
            heading(t.HANDOVER_TITLE.format(case_number=case_number)),
            paragraph(t.HANDOVER_INSTRUCTION, color="Attention"),
            paragraph(t.DETAIL_ONLY_YOU, subtle=True),
            readable,
            # To copy: the whole text in one field, select all and copy.
            {
                "type": "Input.Text",
                "id": "summary",
                "label": t.HANDOVER_FIELD,
                "value": text,
                "isMultiline": True,
            },
        ],
        [back],
    )


# --- lists of pointers (open cases, the overleg's agenda, search results) -------------------------------
def _pointer_line(case: CaseRecord, now: datetime) -> str:
    parts = [
        t.STATE_LABELS[case.state.value],
        t.FORM_LABELS.get(case.form, case.form),
        t.LIST_SINCE.format(date=local_date(case.created_at)),
    ]
    if case.urgent:
        parts.append(t.URGENT_YES.lower())
    return f"**{case.case_number}** {', '.join(parts)}"


def _case_rows(cases: list[CaseRecord], now: datetime, limit: int) -> list[Element]:
    rows = [
        _row(_pointer_line(case, now), execute(t.POINTER_OPEN, "case.view", case.case_number))
        for case in cases[:limit]
    ]
    if len(cases) > limit:
        rows.append(paragraph(t.OPEN_CASES_MORE.format(count=len(cases) - limit), subtle=True))
    return rows


def open_cases_card(cases: list[CaseRecord], now: datetime, limit: int = 20) -> Card:
    """Open cases as pointers (number, state, form, since when), each with a button for the
    details."""
    if not cases:
        return card([heading(t.OPEN_CASES_TITLE), paragraph(t.OPEN_CASES_NONE)])
    return card([heading(t.OPEN_CASES_TITLE), *_case_rows(cases, now, limit)])


# Cases listed per part of the agenda card; the rest is counted (Teams' size limit).
AGENDA_LISTED = 30


def agenda_card(
    meeting: str | None, cases: list[CaseRecord], missed: list[CaseRecord], now: datetime
) -> Card:
    """The next signaleringsoverleg's cases, and the cases whose meeting passed without an
    outcome: pointer data only (the details open per person)."""
    body: list[Element] = [
        heading(t.AGENDA_TITLE.format(date=day(meeting)) if meeting else t.AGENDA_TITLE_NONE)
    ]
    if meeting:
        body += _case_rows(cases, now, AGENDA_LISTED) if cases else [paragraph(t.AGENDA_EMPTY)]
    else:
        body.append(paragraph(t.AGENDA_NO_MEETING, subtle=True))
    if missed:
        body += [heading(t.AGENDA_MISSED, size="Medium")]
        body += [
            _row(
                f"{_pointer_line(case, now)}, {t.POINTER_MEETING.lower()} {day(case.agenda_date)}",
                execute(t.POINTER_OPEN, "case.view", case.case_number),
            )
            for case in missed[:AGENDA_LISTED]
        ]
        if len(missed) > AGENDA_LISTED:
            more = t.OPEN_CASES_MORE.format(count=len(missed) - AGENDA_LISTED)
            body.append(paragraph(more, subtle=True))
    body.append(paragraph(t.AGENDA_NOTE, subtle=True))
    return card(body)


def search_card(error: str = "") -> Card:
    """Find a case by number, address or KvK number; sent with Action.Submit so the query is
    not left as a message in the chat."""
    body: list[Element] = [heading(t.SEARCH_TITLE), paragraph(t.SEARCH_HINT)]
    if error:
        body.append(paragraph(error, color="Attention"))
    body.append(text_input("query", t.SEARCH_LABEL, max_length=60))
    return card(
        body,
        [{"type": "Action.Submit", "title": t.SEARCH_BUTTON, "data": {"meldroute": "search"}}],
    )


def found_card(cases: list[CaseRecord], now: datetime) -> Card:
    if not cases:
        return card([heading(t.SEARCH_RESULTS), paragraph(t.SEARCH_NONE)])
    return card([heading(t.SEARCH_RESULTS), *_case_rows(cases, now, 20)])


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
# Reports listed in 'Mijn meldingen', newest first: enough for anyone's open reports, and the
# card stays far below Teams' size limit however many someone made.
MY_REPORTS_LISTED = 20


def my_reports_card(cases: list[CaseRecord]) -> Card:
    if not cases:
        return card([heading(t.MY_REPORTS_TITLE), paragraph(t.MY_REPORTS_NONE)])
    newest_first = sorted(cases, key=lambda c: (c.created_at, c.case_number), reverse=True)
    listed = newest_first[:MY_REPORTS_LISTED]
    facts = []
    for case in listed:
        phase = t.REPORTER_PHASE_LABELS[REPORTER_PHASE[case.state]]
        when = [t.MY_REPORTS_RECEIVED.format(date=local_date(case.created_at))]
        last = case.closed_at or case.handed_over_at or case.forwarded_at
        if last:
            when.append(t.MY_REPORTS_UPDATED.format(date=local_date(last)))
        when.append(t.MY_REPORTS_WHO_KNOWS[case.reporter_route])
        if case.reporter_revealed_at:
            when.append(t.MY_REPORTS_REVEALED.format(date=local_date(case.reporter_revealed_at)))
        facts.append((case.case_number, f"{phase} ({', '.join(when)})"))
    body = [heading(t.MY_REPORTS_TITLE), fact_set(facts)]
    if len(cases) > len(listed):
        body.append(
            paragraph(t.MY_REPORTS_MORE.format(count=len(cases) - len(listed)), subtle=True)
        )
    return card(body, _addition_actions([c for c in listed if c.state != State.CLOSED]))


def _addition_actions(open_cases: list[CaseRecord]) -> list[Element]:
    """One form to add to a report: under the case's number when there is one open report,
    with a choice of the open reports when there are more."""
    if not open_cases:
        return []
    if len(open_cases) == 1:
        number = open_cases[0].case_number
        send = execute(t.ADD_SEND, "reporter.add", number, style="positive")
        return [show_card(f"{t.ADD_BUTTON} {number}", addition_form(), [send])]
    numbers = [(c.case_number, c.case_number) for c in open_cases]
    which = choice_input("case", t.ADD_WHICH, numbers, numbers[0][0], expanded=False)
    send = {
        "type": "Action.Execute",
        "title": t.ADD_SEND,
        "verb": "reporter.add",
        "style": "positive",
    }
    return [show_card(t.ADD_BUTTON, [which, *addition_form()], [send])]


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

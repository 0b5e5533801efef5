"""The menu (one part per role the person has), the question whether to resume an unfinished
report, the offer to report what someone typed, and the taakaccenthouder's own list."""

from __future__ import annotations

from datetime import datetime

from cards.case_cards import local
from cards.elements import (
    Card,
    Element,
    action_set,
    card,
    columns,
    container,
    heading,
    paragraph,
    submit,
)
from domain.case import CaseRecord
from domain.question import QuestionRecord
from texts import t

KIND = "menu"
MAX_LISTED = 15


def coordinator_choices() -> tuple[tuple[str, str], ...]:
    """The aandachtsfunctionaris's part of the menu, in the language of the turn."""
    return (
        ("register", t.MENU_REGISTER),
        ("open_cases", t.MENU_OPEN_CASES),
        ("agenda", t.MENU_AGENDA),
        ("search", t.MENU_SEARCH),
        ("undelivered", t.MENU_UNDELIVERED),
        ("key_figures", t.MENU_KEY_FIGURES),
    )


def _choice(title: str, choice: str, **extra: str) -> dict:
    return submit(title, {"meldroute": KIND, "choice": choice, **extra})


def welcome_card(*, coordinator: bool = False, taakaccenthouder: bool = False) -> Card:
    """The menu built from the roles the person has: everyone reports and asks; a
    taakaccenthouder also gets 'mijn signalen'; an aandachtsfunctionaris the workbench
    (registering a signal that came in another way, open cases, the overleg's agenda, finding
    a case, undelivered messages, the key figures); someone with both roles sees both parts."""
    body: list[Element] = [
        heading(t.WELCOME_TITLE),
        paragraph(t.WELCOME_BODY),
        paragraph(t.WELCOME_ACUTE, color="Attention"),
        action_set(
            [
                _choice(t.MENU_REPORT, "report"),
                _choice(t.MENU_QUESTION, "question"),
                _choice(t.MENU_MY_REPORTS, "my_reports"),
                _choice(t.MENU_WHAT_IS, "what_is"),
            ]
        ),
    ]
    if taakaccenthouder:
        body.append(
            container(
                [
                    heading(t.MENU_AS_TAH, size="Medium"),
                    paragraph(t.MENU_AS_TAH_BODY, subtle=True),
                    action_set([_choice(t.MENU_MY_SIGNALS, "my_signals")]),
                ]
            )
        )
    if coordinator:
        coordinator_buttons = [_choice(title, choice) for choice, title in coordinator_choices()]
        body.append(
            container(
                [
                    heading(t.MENU_AS_COORDINATOR, size="Medium"),
                    paragraph(t.MENU_AS_COORDINATOR_BODY, subtle=True),
                    # A few per row: Teams folds more than a handful of buttons into "...".
                    *(
                        action_set(coordinator_buttons[start : start + 3])
                        for start in range(0, len(coordinator_buttons), 3)
                    ),
                ]
            )
        )
    return card(body)


def resume_card() -> Card:
    return card(
        [paragraph(t.DRAFT_RESUME_QUESTION)],
        [
            submit(t.DRAFT_RESUME, {"meldroute": KIND, "choice": "resume"}, style="positive"),
            submit(t.DRAFT_DISCARD, {"meldroute": KIND, "choice": "discard"}),
        ],
    )


def signal_offer_card(text: str) -> Card:
    """Typed outside a dialog, it reads like a signal: offer to report it. Nothing is stored:
    the text rides along in the buttons (it is in the chat already, as the person's own
    message) and the card is replaced by a line once a button is clicked."""
    return card(
        [heading(t.SIGNAL_LIKE_TITLE), paragraph(t.SIGNAL_LIKE_BODY)],
        [
            submit(
                t.SIGNAL_LIKE_REPORT,
                {"meldroute": KIND, "choice": "offer_report", "text": text},
                style="positive",
            ),
            submit(
                t.SIGNAL_LIKE_QUESTION,
                {"meldroute": KIND, "choice": "offer_question", "text": text},
            ),
        ],
    )


def line_card(text: str) -> Card:
    return card([paragraph(text, subtle=True)])


def _row(text: str, button: dict) -> Element:
    return columns([paragraph(text)], [action_set([button])])


def my_signals_card(
    cases: list[CaseRecord],
    questions: list[QuestionRecord],
    departments: dict[str, str],
) -> Card:
    """A taakaccenthouder's own list: the signals of their departments that wait for them and
    the open questions, each with the button that opens it (checked again per click). Numbers,
    departments and times only: no reporter, no content."""
    body: list[Element] = [
        heading(t.MY_SIGNALS_TITLE),
        paragraph(t.MY_SIGNALS_HINT, subtle=True),
        heading(t.MY_SIGNALS_SIGNALS, size="Medium"),
    ]
    if not cases:
        body.append(paragraph(t.MY_SIGNALS_NO_SIGNALS, subtle=True))
    for case in cases[:MAX_LISTED]:
        line = t.MY_SIGNALS_LINE.format(
            number=case.case_number,
            department=departments.get(case.department, case.department),
            when=_since(case.created_at),
        )
        body.append(_row(line, _execute(t.TAH_VIEW, "tah.view", {"case": case.case_number})))
    if len(cases) > MAX_LISTED:
        body.append(paragraph(t.MY_SIGNALS_MORE.format(count=len(cases) - MAX_LISTED)))
    body.append(heading(t.MY_SIGNALS_QUESTIONS, size="Medium"))
    if not questions:
        body.append(paragraph(t.MY_SIGNALS_NO_QUESTIONS, subtle=True))
    for question in questions[:MAX_LISTED]:
        line = t.MY_SIGNALS_LINE.format(
            number=question.number,
            department=departments.get(question.department, question.department),
            when=_since(question.created_at),
        )
        body.append(
            _row(
                line,
                _execute(t.QUESTION_POINTER_OPEN, "question.view", {"question": question.number}),
            )
        )
    if len(questions) > MAX_LISTED:
        body.append(paragraph(t.MY_SIGNALS_MORE.format(count=len(questions) - MAX_LISTED)))
    return card(body)


def _since(moment: datetime) -> str:
    return local(moment)


def _execute(title: str, verb: str, data: dict[str, str]) -> dict:
    return {"type": "Action.Execute", "title": title, "verb": verb, "data": data}


def new_signal_card(text: str) -> Card:
    """An answer that points to a new report (a closed case cannot be added to)."""
    return card(
        [paragraph(text)],
        [submit(t.MENU_REPORT, {"meldroute": KIND, "choice": "report"}, style="positive")],
    )

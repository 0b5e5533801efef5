"""The welcome menu and the question whether to resume an unfinished report."""

from __future__ import annotations

from cards.elements import Card, card, heading, paragraph, submit
from texts import nl as t

KIND = "menu"
MENU_CHOICES: tuple[tuple[str, str], ...] = (
    ("report", t.MENU_REPORT),
    ("question", t.MENU_QUESTION),
    ("my_reports", t.MENU_MY_REPORTS),
    ("what_is", t.MENU_WHAT_IS),
)


COORDINATOR_CHOICES: tuple[tuple[str, str], ...] = (
    ("register", t.MENU_REGISTER),
    ("open_cases", t.MENU_OPEN_CASES),
    ("agenda", t.MENU_AGENDA),
    ("search", t.MENU_SEARCH),
    ("undelivered", t.MENU_UNDELIVERED),
    ("key_figures", t.MENU_KEY_FIGURES),
)


def welcome_card(*, coordinator: bool = False) -> Card:
    """The menu; an aandachtsfunctionaris also gets the workbench: registering a signal that
    came in another way, open cases, the overleg's agenda, finding a case, undelivered
    messages, the key figures."""
    body = [
        heading(t.WELCOME_TITLE),
        paragraph(t.WELCOME_BODY),
        paragraph(t.WELCOME_ACUTE, color="Attention"),
    ]
    if coordinator:
        # In the body, a few per row: Teams folds card actions beyond a handful into "...".
        buttons = [_choice(choice, title) for choice, title in COORDINATOR_CHOICES]
        body.append(heading(t.MENU_COORDINATOR, size="Medium"))
        body += [
            {"type": "ActionSet", "actions": buttons[start : start + 3]}
            for start in range(0, len(buttons), 3)
        ]
    return card(body, [_choice(choice, title) for choice, title in MENU_CHOICES])


def _choice(choice: str, title: str) -> dict:
    return submit(title, {"meldroute": KIND, "choice": choice})


def resume_card() -> Card:
    return card(
        [paragraph(t.DRAFT_RESUME_QUESTION)],
        [
            submit(t.DRAFT_RESUME, {"meldroute": KIND, "choice": "resume"}, style="positive"),
            submit(t.DRAFT_DISCARD, {"meldroute": KIND, "choice": "discard"}),
        ],
    )


def new_signal_card(text: str) -> Card:
    """An answer that points to a new report (a closed case cannot be added to)."""
    return card(
        [paragraph(text)],
        [submit(t.MENU_REPORT, {"meldroute": KIND, "choice": "report"}, style="positive")],
    )

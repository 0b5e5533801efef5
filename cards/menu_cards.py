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


def welcome_card(*, coordinator: bool = False) -> Card:
    """The menu; an aandachtsfunctionaris also gets the open cases, undelivered messages and
    the key figures."""
    choices = (
        [
            *MENU_CHOICES,
            ("open_cases", t.MENU_OPEN_CASES),
            ("undelivered", t.MENU_UNDELIVERED),
            ("key_figures", t.MENU_KEY_FIGURES),
        ]
        if coordinator
        else MENU_CHOICES
    )
    return card(
        [
            heading(t.WELCOME_TITLE),
            paragraph(t.WELCOME_BODY),
            paragraph(t.WELCOME_ACUTE, color="Attention"),
        ],
        [submit(title, {"meldroute": KIND, "choice": choice}) for choice, title in choices],
    )


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

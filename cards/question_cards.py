"""Adaptive Cards for quick questions and the knowledge base: one pure builder per view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cards.case_cards import age, local
from cards.elements import (
    Card,
    Element,
    action_set,
    card,
    choice_input,
    columns,
    container,
    fact_set,
    heading,
    paragraph,
    paragraphs,
    submit,
    text_input,
    toggle_visibility,
)
from domain.kb_matcher import Answer
from domain.knowledge import Entry, KnowledgeBase
from domain.question import QuestionView, quoted_line
from texts import t

KIND = "question"
KB_KIND = "kb"
MAX_QUESTION = 1000
QUESTION_ID = "question_id"  # the field that ties a button to its question (for_question)


def _data(step: str, action: str, **extra: str) -> dict[str, str]:
    return {"meldroute": KIND, "step": step, "action": action, **extra}


def ask_card(previous: str = "", error: str | None = None) -> Card:
    body: list[Element] = [heading(t.ASK_TITLE), paragraph(t.ASK_HINT)]
    if error:
        body.append(paragraph(error, color="Attention"))
    body.append(
        text_input("question", t.ASK_LABEL, previous, multiline=True, max_length=MAX_QUESTION)
    )
    return card(
        body,
        [
            submit(t.ASK_BUTTON, _data("ask", "search"), style="positive"),
            submit(t.BUTTON_CANCEL, _data("ask", "cancel")),
        ],
    )


def receipt_card(title: str) -> Card:
    """The one line that replaces an answered question card (no question text in it)."""
    return card([paragraph(title, subtle=True)])


def signal_offer_card() -> Card:
    return card(
        [heading(t.SIGNAL_LIKE_TITLE), paragraph(t.SIGNAL_LIKE_BODY)],
        [
            submit(t.SIGNAL_LIKE_REPORT, _data("signal_offer", "report"), style="positive"),
            submit(t.SIGNAL_LIKE_QUESTION, _data("signal_offer", "question")),
        ],
    )


def _entry_elements(entry: Entry) -> list[Element]:
    return [heading(entry.title, size="Medium"), *paragraphs(entry.answer)]


def _helps(entry: Entry, style: str | None = None) -> Element:
    """'Dit helpt' for one entry: counted per entry, so the admin sees which answers work."""
    return submit(t.RESULTS_HELPS, _data("results", "helps", entry=entry.id), style=style)


def _answer_id(entry_id: str) -> str:
    """The id of the container that holds an entry's answer on a results card."""
    return f"entry-{entry_id}"


@dataclass(frozen=True)
class _Fold:
    """The parts of the card that one entry's 'Lees' and 'Sluit' show and hide: its answer,
    and the one of the two buttons that fits (a button's title cannot change: two buttons
    take turns)."""

    answer: str
    read: str
    close: str

    @classmethod
    def of(cls, entry_id: str) -> _Fold:
        return cls(_answer_id(entry_id), f"open-{entry_id}", f"close-{entry_id}")

    def opened(self, shown: bool) -> dict[str, bool]:
        """Each part's visibility with the answer open (or shut)."""
        return {self.answer: shown, self.read: not shown, self.close: shown}


def _choices(entries: list[Entry]) -> list[Element]:
    """Entries to open in place: each title wraps (a button would cut a long one off) beside a
    short 'Lees' that folds its answer open, with its own 'Dit helpt' under it; while it is
    open, the button says 'Sluit'. The buttons set each part's visibility instead of flipping
    it, so a missed click cannot leave 'Lees' and 'Sluit' showing together."""
    rows: list[Element] = []
    for entry in entries:
        fold = _Fold.of(entry.id)
        rows.append(
            columns(
                [heading(entry.title, size="Default")],
                [
                    action_set(
                        [toggle_visibility(t.RESULTS_OPEN, fold.opened(True))],
                        element_id=fold.read,
                    ),
                    action_set(
                        [toggle_visibility(t.RESULTS_CLOSE, fold.opened(False))],
                        element_id=fold.close,
                        visible=False,
                    ),
                ],
            )
        )
        rows.append(
            container(
                [*paragraphs(entry.answer), action_set([_helps(entry, "positive")])],
                element_id=fold.answer,
                visible=False,
            )
        )
    return rows


def _with_submits(content: Card, change: Callable[[Element], Element | None]) -> Card:
    """The card with each Action.Submit in a list of actions, at any depth, replaced by
    `change(button)` (None: the button goes)."""

    def walk(node: object) -> object:
        if isinstance(node, list):
            kept = [
                change(n) if isinstance(n, dict) and n.get("type") == "Action.Submit" else walk(n)
                for n in node
            ]
            return [n for n in kept if n is not None]
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        return node

    result = walk(content)
    assert isinstance(result, dict)
    return result


def for_question(content: Card, question_id: str) -> Card:
    """The card with every button of the question flow marked with the question it belongs
    to: a button on the card of an earlier question is then told apart from the current one
    (dialogs/question_dialog.py) instead of acting on the newest question."""

    def marked(button: Element) -> Element:
        data = button.get("data")
        if isinstance(data, dict) and data.get("meldroute") == KIND:
            return {**button, "data": {**data, QUESTION_ID: question_id}}
        return button

    return _with_submits(content, marked)


def settled(content: Card, opened: str | None = None) -> Card:
    """A card whose buttons were answered: what it shows stays, its Submit buttons go, so
    nothing on it can be clicked a second time. Which entries the reader folded open is not
    known to the bot (it happens on the card): they show folded again, except `opened`, the
    entry marked helpful, which is shown open."""
    shown = _Fold.of(opened).opened(True) if opened else {}

    def change(node: object) -> object:
        if isinstance(node, list):
            # 'Dit helpt' stands in an ActionSet of its own: none is left without buttons.
            return [
                change(n)
                for n in node
                if not (isinstance(n, dict) and n.get("type") == "ActionSet" and not n["actions"])
            ]
        if isinstance(node, dict):
            changed = {k: change(v) for k, v in node.items()}
            if node.get("id") in shown:
                changed["isVisible"] = shown[node["id"]]
            return changed
        return node

    cleaned = _with_submits(content, lambda _button: None)
    if not cleaned.get("actions"):
        cleaned.pop("actions", None)
    result = change(cleaned)
    assert isinstance(result, dict)
    return result


def results_card(answer: Answer, question: str = "") -> Card:
    """What the knowledge base has for a question, in one of three forms: an answer (with
    other entries to open), only entries to open when the matcher is unsure, or 'I don't
    know'. The question is repeated on top: its form was replaced by 'Vraag ontvangen'."""
    entries = [m.entry for m in answer.matches]
    top: list[Element] = []
    if question:
        top.append(paragraph(t.RESULTS_YOUR_QUESTION.format(question=quoted_line(question))))
    # The knowledge base is Dutch; a conversation in another language is told so first.
    if t.KB_LANGUAGE_NOTE:
        top.append(paragraph(t.KB_LANGUAGE_NOTE, color="Accent"))
    person = submit(t.RESULTS_PERSON, _data("results", "person"))
    again = submit(t.RESULTS_AGAIN, _data("results", "again"))
    if not entries:
        return card(
            [heading(t.RESULTS_NONE_TITLE), *top, paragraph(t.RESULTS_NONE)],
            [submit(t.RESULTS_PERSON, _data("results", "person"), style="positive"), again],
        )
    if not answer.sure:
        # Emergency words put the acute-danger entry first among the choices: the card says
        # what to do now before anything is opened.
        danger = [paragraph(t.RESULTS_DANGER, color="Attention")] if answer.emergency else []
        return card(
            [
                heading(t.RESULTS_UNSURE_TITLE),
                *top,
                *danger,
                paragraph(t.RESULTS_UNSURE),
                *_choices(entries),
            ],
            [person, again],
        )
    # 'Dit helpt' right under the answer it is about; the other entries below 'Misschien bedoel
    # je ook:', each with its own 'Dit helpt' inside.
    body: list[Element] = [
        heading(t.RESULTS_TITLE),
        *top,
        *_entry_elements(entries[0]),
        action_set([_helps(entries[0], "positive")]),
    ]
    if len(entries) > 1:
        body += [paragraph(t.RESULTS_MORE, subtle=True), *_choices(entries[1:])]
    return card(body, [person, again])


def department_card(
    departments: tuple[tuple[str, str], ...], chosen: str = "", error: str | None = None
) -> Card:
    body: list[Element] = [heading(t.PERSON_TITLE), paragraph(t.PERSON_HINT)]
    if error:
        body.append(paragraph(error, color="Attention"))
    body.append(choice_input("department", t.PERSON_DEPARTMENT, list(departments), chosen))
    return card(
        body,
        [
            submit(t.PERSON_BUTTON, _data("department", "send"), style="positive"),
            submit(t.BUTTON_CANCEL, _data("department", "cancel")),
        ],
    )


# --- the knowledge base menu ("Wat is mensenhandel?") -------------------------------------------------
def kb_menu_card(knowledge: KnowledgeBase) -> Card:
    note = [paragraph(t.KB_LANGUAGE_NOTE, color="Accent")] if t.KB_LANGUAGE_NOTE else []
    return card(
        [
            heading(t.KB_MENU_TITLE),
            *note,
            choice_input(
                "entry",
                t.KB_MENU_LABEL,
                [(e.id, e.title) for e in knowledge.entries],
                knowledge.entries[0].id,
            ),
        ],
        [submit(t.KB_MENU_BUTTON, {"meldroute": KB_KIND, "action": "read"}, style="positive")],
    )


def kb_entry_card(entry: Entry) -> Card:
    return card(
        _entry_elements(entry),
        [
            submit(t.KB_BACK, {"meldroute": KB_KIND, "action": "menu"}),
            submit(t.KB_ASK, {"meldroute": "menu", "choice": "question"}),
        ],
    )


# --- the taakaccenthouder's question card ----------------------------------------------------------------
def question_card(view: QuestionView) -> Card:
    body: list[Element] = [
        heading(
            t.QUESTION_CARD_TITLE.format(number=view.number, asker=view.asker_name or t.SOMEONE)
        ),
        fact_set(
            [
                (t.QUESTION_CARD_DEPARTMENT, view.department_name),
                (t.QUESTION_CARD_ASKED, local(view.asked_at)),
            ]
        ),
        paragraph(view.text),
    ]
    if view.answered_by_name:
        body.append(
            paragraph(t.QUESTION_CARD_ANSWERED.format(name=view.answered_by_name), color="Good")
        )
        if view.answer:
            body += [paragraph(t.QUESTION_CARD_SENT, subtle=True), *paragraphs(view.answer)]
        return card(body)
    if view.escalated:
        body.append(paragraph(t.QUESTION_CARD_ESCALATED, color="Attention"))
    if view.suggestions:
        # Each suggestion is its title (wrapped, whole) beside a short button: a button's own
        # title is cut off at the card's edge when it holds a long entry title.
        body.append(paragraph(t.QUESTION_CARD_SUGGESTIONS, subtle=True))
        body += [
            columns(
                [
                    paragraph(
                        f"**{entry.title}**"
                        + (f"  \n{t.QUESTION_CARD_SEEN}" if entry.id in view.already_shown else "")
                    )
                ],
                [
                    action_set(
                        [
                            {
                                "type": "Action.Execute",
                                "title": t.QUESTION_CARD_SEND_ENTRY,
                                "verb": "question.answer_kb",
                                "data": {"question": view.number, "entry": entry.id},
                            }
                        ]
                    )
                ],
            )
            for entry in view.suggestions
        ]
    body.append(text_input("answer", t.QUESTION_CARD_ANSWER_LABEL, multiline=True, max_length=2000))
    answer: Element = {
        "type": "Action.Execute",
        "title": t.QUESTION_CARD_ANSWER,
        "verb": "question.answer",
        "data": {"question": view.number},
        "style": "positive",
    }
    return card(body, [answer])


def question_pointer_card(number: str, asked_at: datetime, now: datetime, answered: bool) -> Card:
    """The channel card for a question nobody answered: no text, no asker."""
    if answered:
        return card([heading(t.QUESTION_POINTER_ANSWERED.format(number=number))])
    return card(
        [
            heading(t.QUESTION_POINTER_TITLE.format(number=number)),
            paragraph(t.QUESTION_POINTER_BODY.format(age=age(asked_at, now))),
        ],
        [
            {
                "type": "Action.Execute",
                "title": t.QUESTION_POINTER_OPEN,
                "verb": "question.view",
                "data": {"question": number},
            }
        ],
    )

"""The results card in its three forms: an answer, choices when unsure, and 'I don't know'."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cards.question_cards import results_card
from domain.kb_matcher import Answer, Match
from domain.knowledge import load_knowledge
from texts import nl as t

KNOWLEDGE = load_knowledge(Path(__file__).parent.parent / "knowledge" / "nl")


def matches(*ids: str) -> tuple[Match, ...]:
    return tuple(Match(KNOWLEDGE.entry(i), 1.0) for i in ids)  # type: ignore[arg-type]


def helps_of(actions: list[dict[str, Any]]) -> list[str]:
    """The entries a 'Dit helpt' button counts, also inside the entries opened in place."""
    found = []
    for action in actions:
        if action.get("data", {}).get("action") == "helps":
            found.append(action["data"]["entry"])
        found += helps_of(action.get("card", {}).get("actions", []))
    return found


def test_a_sure_answer_shows_the_first_entry_and_offers_the_others() -> None:
    card = results_card(Answer(matches("meldroute", "taakaccenthouder")))
    text = json.dumps(card, ensure_ascii=False)
    assert "De interne meldroute stap voor stap" in text and t.RESULTS_MORE in text
    # 'Dit helpt' for the answer stands right under it, above 'Misschien bedoel je ook:'.
    texts = [element.get("text") for element in card["body"]]
    helps_at = next(i for i, e in enumerate(card["body"]) if e["type"] == "ActionSet")
    assert helps_of(card["body"][helps_at]["actions"]) == ["meldroute"]
    assert helps_at < texts.index(t.RESULTS_MORE)
    assert helps_of(card["actions"]) == ["taakaccenthouder"]
    assert card["actions"][0]["type"] == "Action.ShowCard"


def test_an_unsure_answer_offers_only_choices() -> None:
    card = results_card(Answer(matches("doorlooptijd", "bewaartermijn"), sure=False))
    assert card["body"][1]["text"] == t.RESULTS_UNSURE
    assert [a["type"] for a in card["actions"][:2]] == ["Action.ShowCard"] * 2
    assert helps_of(card["actions"]) == ["doorlooptijd", "bewaartermijn"]


def test_nothing_found_says_so_and_offers_a_person_first() -> None:
    card = results_card(Answer(()))
    assert t.RESULTS_NONE in json.dumps(card, ensure_ascii=False)
    assert card["actions"][0]["data"]["action"] == "person"
    assert helps_of(card["actions"]) == []


def test_an_unsure_emergency_says_to_call_112_before_the_choices() -> None:
    unsure = Answer(matches("acuut-gevaar", "signalen"), emergency=True, sure=False)
    card = results_card(unsure)
    assert card["body"][1] == {
        "type": "TextBlock",
        "text": t.RESULTS_DANGER,
        "wrap": True,
        "color": "Attention",
    }
    assert card["actions"][0]["title"] == KNOWLEDGE.entry("acuut-gevaar").title  # type: ignore[union-attr]
    # Without emergency words an unsure card does not raise the alarm.
    calm = results_card(Answer(matches("acuut-gevaar", "signalen"), sure=False))
    assert t.RESULTS_DANGER not in json.dumps(calm, ensure_ascii=False)

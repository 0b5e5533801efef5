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


def helps_of(node: Any) -> list[str]:
    """The entries a 'Dit helpt' button on the card counts, in order, wherever it stands."""
    if isinstance(node, list):
        return [entry for item in node for entry in helps_of(item)]
    if not isinstance(node, dict):
        return []
    if node.get("type") == "Action.Submit" and node.get("data", {}).get("action") == "helps":
        return [node["data"]["entry"]]
    return [entry for value in node.values() for entry in helps_of(value)]


def choices_of(card: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The entries to open on the card: each title (a wrapping text beside a 'Lees' button)
    and the container that button folds open; 'Lees' and 'Sluit' take turns, each folding
    the answer and both buttons, and 'Sluit' shows exactly when the answer does."""
    body = card["body"]
    by_id = {e.get("id"): e for e in body if e["type"] == "Container"}
    found = []
    for element in body:
        if element["type"] == "ColumnSet":
            [title] = element["columns"][0]["items"]
            read, close = element["columns"][1]["items"]
            [toggle] = read["actions"]
            [untoggle] = close["actions"]
            assert toggle["type"] == untoggle["type"] == "Action.ToggleVisibility"
            assert (toggle["title"], untoggle["title"]) == (t.RESULTS_OPEN, t.RESULTS_CLOSE)
            assert title["wrap"] is True  # a long title wraps instead of being cut off
            # Each button sets the three parts rather than flipping them.
            opening = {t["elementId"]: t["isVisible"] for t in toggle["targetElements"]}
            closing = {t["elementId"]: t["isVisible"] for t in untoggle["targetElements"]}
            [target] = [element_id for element_id, shown in opening.items() if element_id in by_id]
            assert opening == {target: True, read["id"]: False, close["id"]: True}
            assert closing == {element_id: not shown for element_id, shown in opening.items()}
            answer = by_id[target]
            opened = answer.get("isVisible", True)
            assert read.get("isVisible", True) is not opened
            assert close.get("isVisible", True) is opened
            found.append((title["text"], answer))
    return found


def test_a_sure_answer_shows_the_first_entry_and_offers_the_others() -> None:
    card = results_card(Answer(matches("meldroute", "taakaccenthouder")), "bij wie meld ik dit")
    text = json.dumps(card, ensure_ascii=False)
    assert "De interne meldroute stap voor stap" in text and t.RESULTS_MORE in text
    # 'Dit helpt' for the answer stands right under it, above 'Misschien bedoel je ook:'.
    texts = [element.get("text") for element in card["body"]]
    assert t.RESULTS_YOUR_QUESTION.format(question="bij wie meld ik dit") in texts
    helps_at = next(i for i, e in enumerate(card["body"]) if e["type"] == "ActionSet")
    assert helps_of(card["body"][helps_at]) == ["meldroute"]
    assert helps_at < texts.index(t.RESULTS_MORE)
    [(title, answer)] = choices_of(card)
    assert title == KNOWLEDGE.entry("taakaccenthouder").title  # type: ignore[union-attr]
    assert answer["isVisible"] is False and helps_of(answer) == ["taakaccenthouder"]
    assert helps_of(card) == ["meldroute", "taakaccenthouder"]
    assert [a["data"]["action"] for a in card["actions"]] == ["person", "again"]


def test_an_unsure_answer_offers_only_choices() -> None:
    card = results_card(Answer(matches("doorlooptijd", "bewaartermijn"), sure=False))
    assert card["body"][0]["text"] == t.RESULTS_UNSURE_TITLE
    assert card["body"][1]["text"] == t.RESULTS_UNSURE
    assert [title for title, _answer in choices_of(card)] == [
        KNOWLEDGE.entry("doorlooptijd").title,  # type: ignore[union-attr]
        KNOWLEDGE.entry("bewaartermijn").title,  # type: ignore[union-attr]
    ]
    assert helps_of(card) == ["doorlooptijd", "bewaartermijn"]


def test_nothing_found_says_so_and_offers_a_person_first() -> None:
    card = results_card(Answer(()))
    assert t.RESULTS_NONE in json.dumps(card, ensure_ascii=False)
    assert card["actions"][0]["data"]["action"] == "person"
    assert helps_of(card) == []


def test_an_unsure_emergency_says_to_call_112_before_the_choices() -> None:
    unsure = Answer(matches("acuut-gevaar", "signalen"), emergency=True, sure=False)
    card = results_card(unsure)
    assert card["body"][1] == {
        "type": "TextBlock",
        "text": t.RESULTS_DANGER,
        "wrap": True,
        "color": "Attention",
    }
    assert choices_of(card)[0][0] == KNOWLEDGE.entry("acuut-gevaar").title  # type: ignore[union-attr]
    # Without emergency words an unsure card does not raise the alarm.
    calm = results_card(Answer(matches("acuut-gevaar", "signalen"), sure=False))
    assert t.RESULTS_DANGER not in json.dumps(calm, ensure_ascii=False)


def test_an_answered_card_keeps_no_empty_button_row() -> None:
    from cards.question_cards import settled

    content = results_card(Answer(matches("meldroute", "taakaccenthouder")))
    card = settled(content)
    assert all(e["type"] != "ActionSet" for e in card["body"])
    assert '"actions": []' not in json.dumps(card)  # nor inside a folded entry
    assert [answer["isVisible"] for _title, answer in choices_of(card)] == [False]
    # The entry marked helpful is shown open; an entry that is not on the card changes nothing.
    marked = settled(content, "taakaccenthouder")
    assert [answer["isVisible"] for _title, answer in choices_of(marked)] == [True]
    assert settled(content, "signalen") == card
    assert "De interne meldroute stap voor stap" in json.dumps(card, ensure_ascii=False)


def test_each_paragraph_of_an_answer_is_a_text_block_of_its_own() -> None:
    entry = KNOWLEDGE.entry("signalen")
    assert entry is not None and entry.answer.count("\n\n") == 2
    card = results_card(Answer(matches("signalen", "taakaccenthouder")))
    blocks = [e["text"] for e in card["body"] if e["type"] == "TextBlock"]
    parts = [part.strip() for part in entry.answer.split("\n\n")]
    assert all(part in blocks for part in parts)
    assert not any("\n\n" in text for text in blocks)
    # The same inside an entry that is folded away: its paragraphs, in order, then its button.
    [(_title, folded)] = choices_of(card)
    other = KNOWLEDGE.entry("taakaccenthouder")
    assert other is not None
    texts = [item["text"] for item in folded["items"] if item["type"] == "TextBlock"]
    assert texts == [part.strip() for part in other.answer.split("\n\n") if part.strip()]


def test_blank_lines_also_with_crlf_or_spaces_separate_paragraphs() -> None:
    from cards.elements import paragraphs

    typed = "Eerste alinea.\r\n\r\nTweede alinea.\n  \nDerde,\nmet een regel erin."
    assert [block["text"] for block in paragraphs(typed)] == [
        "Eerste alinea.",
        "Tweede alinea.",
        "Derde,\nmet een regel erin.",
    ]
    assert [block["text"] for block in paragraphs("")] == [""]

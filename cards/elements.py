"""Small builders for Adaptive Card elements, shared by the card views."""

from __future__ import annotations

from typing import Any

from texts import nl as t

Card = dict[str, Any]
Element = dict[str, Any]

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"


class JsonReady(dict[str, Any]):
    """JSON that is already in wire form (an Adaptive Card from this package: plain values, no
    None). `to_wire` passes it through as it is, and a deep copy shares it: botbuilder deep-
    copies every outgoing activity, and the card, built fresh and never changed afterwards, is
    the bulk of it."""

    def __deepcopy__(self, memo: dict[int, Any]) -> JsonReady:
        return self


def card(body: list[Element], actions: list[Element] | None = None) -> Card:
    result: Card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body}
    if actions:
        result["actions"] = actions
    return result


def heading(value: str, *, size: str = "Large") -> Element:
    return {"type": "TextBlock", "text": value, "weight": "Bolder", "size": size, "wrap": True}


def paragraph(value: str, *, subtle: bool = False, color: str | None = None) -> Element:
    block: Element = {"type": "TextBlock", "text": value, "wrap": True}
    if subtle:
        block["isSubtle"] = True
    if color:
        block["color"] = color
    return block


def text_input(
    input_id: str,
    label: str,
    value: str = "",
    *,
    multiline: bool = False,
    max_length: int | None = None,
) -> Element:
    element: Element = {"type": "Input.Text", "id": input_id, "label": label, "value": value}
    if multiline:
        element["isMultiline"] = True
    if max_length:
        element["maxLength"] = max_length
    return element


def date_input(input_id: str, label: str, value: str = "") -> Element:
    return {"type": "Input.Date", "id": input_id, "label": label, "value": value}


def time_input(input_id: str, label: str, value: str = "") -> Element:
    return {"type": "Input.Time", "id": input_id, "label": label, "value": value}


def choice_input(
    input_id: str,
    label: str,
    choices: list[tuple[str, str]],
    value: str = "",
    *,
    multi: bool = False,
    expanded: bool = True,
) -> Element:
    element: Element = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "choices": [{"title": title, "value": val} for val, title in choices],
        "value": value,
        "wrap": True,
    }
    if multi:
        element["isMultiSelect"] = True
    if expanded:
        element["style"] = "expanded"
    return element


def toggle(input_id: str, title: str, value: bool) -> Element:
    return {
        "type": "Input.Toggle",
        "id": input_id,
        "title": title,
        "value": "true" if value else "false",
        "valueOn": "true",
        "valueOff": "false",
        "wrap": True,
    }


def submit(title: str, data: dict[str, Any], *, style: str | None = None) -> Element:
    action: Element = {"type": "Action.Submit", "title": title, "data": data}
    if style:
        action["style"] = style
    return action


def fact_set(facts: list[tuple[str, str]]) -> Element:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in facts]}


def repeat_notice() -> Element:
    """The line on top of a card that was sent again after a crash mid-send."""
    return paragraph(t.REPEAT_NOTICE, subtle=True, color="Attention")

"""Small builders for Adaptive Card elements, shared by the card views."""

from __future__ import annotations

import re
from typing import Any

from texts import t

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


def required(element: Element, error_message: str) -> Element:
    """Mark an input as needed: the client shows an asterisk and says `error_message` before it
    sends anything (the server checks again)."""
    return {**element, "isRequired": True, "errorMessage": error_message}


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


def submit(
    title: str, data: dict[str, Any], *, style: str | None = None, inputs: bool = True
) -> Element:
    """An Action.Submit; with `inputs=False` it sends no inputs, so the client does not ask
    for needed fields first (for cancel and back)."""
    action: Element = {"type": "Action.Submit", "title": title, "data": data}
    if style:
        action["style"] = style
    if not inputs:
        action["associatedInputs"] = "none"
    return action


def _placed(element: Element, element_id: str | None, visible: bool) -> Element:
    """An element with the id a toggle can point at, and hidden unless `visible`."""
    if element_id:
        element["id"] = element_id
    if not visible:
        element["isVisible"] = False
    return element


def container(
    items: list[Element], *, element_id: str | None = None, visible: bool = True
) -> Element:
    return _placed({"type": "Container", "items": items}, element_id, visible)


def action_set(
    actions: list[Element], *, element_id: str | None = None, visible: bool = True
) -> Element:
    return _placed({"type": "ActionSet", "actions": actions}, element_id, visible)


def paragraphs(value: str) -> list[Element]:
    """A text of several paragraphs as one TextBlock each: a blank line inside one TextBlock
    is not shown as one by every Teams client, so paragraphs ran together."""
    parts = [part.strip() for part in re.split(r"\n[ \t\r]*\n", value.replace("\r\n", "\n"))]
    return [paragraph(part) for part in parts if part] or [paragraph(value)]


def toggle_visibility(title: str, targets: list[str] | dict[str, bool]) -> Element:
    """A button that folds parts of the card open or closed, on the card itself (no turn):
    each id in a list flips; ids given with True or False are shown or hidden whatever they
    were (a client that missed a click cannot leave them out of step)."""
    target_elements: list[Any] = (
        [{"elementId": element_id, "isVisible": shown} for element_id, shown in targets.items()]
        if isinstance(targets, dict)
        else list(targets)
    )
    return {"type": "Action.ToggleVisibility", "title": title, "targetElements": target_elements}


def columns(left: list[Element], right: list[Element]) -> Element:
    """Two columns: `left` takes the room, `right` (a button, say) only what it needs."""
    return {
        "type": "ColumnSet",
        "columns": [
            {
                "type": "Column",
                "width": "stretch",
                "items": left,
                "verticalContentAlignment": "Center",
            },
            {
                "type": "Column",
                "width": "auto",
                "items": right,
                "verticalContentAlignment": "Center",
            },
        ],
    }


def fact_set(facts: list[tuple[str, str]]) -> Element:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in facts]}


def repeat_notice() -> Element:
    """The line on top of a card that was sent again after a crash mid-send."""
    return paragraph(t.REPEAT_NOTICE, subtle=True, color="Attention")

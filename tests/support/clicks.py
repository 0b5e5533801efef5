"""Counting the effort a person needs to fill in an Adaptive Card as a test submits it.

Counted as the issue counted the old report ("about 25 clicks and 15 text fields"): a click
(or tap) is opening a folded part of the card (Action.ToggleVisibility), choosing in a choice
set (one per radio button or ticked box; a drop-down takes two: open, pick), flipping a toggle
away from its default, and the button that sends the card; text, date and time fields that
are filled in are counted apart (putting the cursor in one is one more click each).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


def _walk(
    element: Any, hidden_in: str | None = None
) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Every element with the id of the folded container it sits in (None: always visible)."""
    if isinstance(element, dict):
        if element.get("type") == "Container" and element.get("isVisible") is False:
            hidden_in = element.get("id") or hidden_in
        yield element, hidden_in
        for key in ("body", "items", "columns"):
            for child in element.get(key, []) or []:
                yield from _walk(child, hidden_in)
    elif isinstance(element, list):
        for child in element:
            yield from _walk(child, hidden_in)


def inputs_of(card: dict[str, Any]) -> dict[str, tuple[dict[str, Any], str | None]]:
    return {
        element["id"]: (element, hidden)
        for element, hidden in _walk(card)
        if str(element.get("type", "")).startswith("Input.") and element.get("id")
    }


@dataclass
class Effort:
    clicks: int = 0
    text_fields: int = 0

    def __iadd__(self, other: Effort) -> Effort:
        self.clicks += other.clicks
        self.text_fields += other.text_fields
        return self

    def __str__(self) -> str:
        return f"{self.clicks} clicks and {self.text_fields} text fields"


def effort_to_fill(card: dict[str, Any], values: dict[str, Any]) -> Effort:
    """Clicks and text fields to enter `values` on `card` and press one button."""
    inputs = inputs_of(card)
    effort = Effort(clicks=1)  # the button that sends the card
    opened: set[str] = set()
    for name, value in values.items():
        if name not in inputs:
            continue  # data of the button itself, not an input
        element, hidden = inputs[name]
        prefilled = element.get("value", "")
        if value in (None, "") or str(value) == str(prefilled):
            continue
        if hidden and hidden not in opened:
            opened.add(hidden)
            effort.clicks += 1
        kind = element["type"]
        if kind == "Input.ChoiceSet":
            chosen = (
                [v for v in str(value).split(",") if v] if element.get("isMultiSelect") else [1]
            )
            per_choice = 1 if element.get("style") == "expanded" else 2
            effort.clicks += per_choice * len(chosen)
        elif kind == "Input.Toggle":
            effort.clicks += 1
        else:
            effort.text_fields += 1
    return effort

"""The turns of one full report, as a Teams client would post them."""

from __future__ import annotations

from typing import Any

# The report's sections; all of them go in with one submit of the report card.
REPORT_SECTIONS: list[tuple[str, dict[str, Any]]] = [
    ("form", {"form": "labour"}),
    (
        "signals",
        {
            "signals_general": "unpaid_or_underpaid,lives_at_workplace",
            "signals_other": "Werkt zeven dagen",
        },
    ),
    (
        "account",
        {
            "facts": "Meldt zich aan de balie",
            "observations": "Oogde moe",
            "interpretation": "",
            "source": "counter",
        },
    ),
    (
        "where_when",
        {
            "place": "Balie",
            "postcode": "3431 AB",
            "house_number": "12",
            "date": "2026-11-27",
            "time": "14:30",
        },
    ),
    ("victim", {"victim_description": "Jonge man", "victim_age": "19", "victim_minor": "no"}),
    ("suspect", {"organisation": "Kasbouw BV", "kvk": "12345678"}),
    ("contact", {"contact": "no"}),
    ("department", {"department": "stadswinkel", "urgent": "false"}),
]


REPORT_STEPS: list[tuple[str, dict[str, Any]]] = [
    ("acute", {"acute": "no"}),
    (
        "report",
        {key: value for _section, values in REPORT_SECTIONS for key, value in values.items()},
    ),
]


def report_turns() -> list[dict[str, Any]]:
    """Activity fields (text or value) for each turn of one report, ending with the submit."""
    turns: list[dict[str, Any]] = [{"text": "signaal melden"}]
    for step, values in REPORT_STEPS:
        turns.append({"value": {"meldroute": "report", "step": step, "action": "next", **values}})
    turns.append({"value": {"meldroute": "report", "step": "summary", "action": "submit"}})
    return turns

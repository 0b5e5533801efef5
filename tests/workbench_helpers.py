"""Steps of the aandachtsfunctionaris's workbench for the tests: register a signal, read the
next steps off the detail card, a routing file with meeting dates and partner periods."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.support.harness import (
    COORDINATOR,
    TEST_ROUTING,
    BotHarness,
    TeamsUser,
    last_card,
    submit_data,
)
from texts import nl as t

# A signal phoned in: the report's own sections, after how it came in.
PHONED_IN: dict[str, dict[str, Any]] = {
    "intake": {
        "intake_source": "phone",
        "intake_partner": "",
        "external_organisation": "Woningcorporatie Jutphaas",
        "external_contact": "Marieke Hoogendoorn 06-12345678",
        "urgent": "false",
    },
    "form": {"form": "sexual"},
    "signals": {"signals_sexual": "many_visitors_at_dwelling", "signals_other": ""},
    "account": {
        "facts": "Buurvrouw belt over steeds wisselende mannen in de nacht",
        "observations": "",
        "interpretation": "",
        "source": "phone_or_mail",
    },
    "where_when": {"place": "Galecop", "postcode": "3435 CK", "house_number": "7"},
    "victim": {
        "victim_description": "Jonge vrouw, spreekt weinig Nederlands",
        "victim_name": "Ilona Varga",
        "victim_dob": "2005-06-01",
    },
    "suspect": {"organisation": "Massagesalon Lotus B.V.", "kvk": "87654321"},
    "contact": {"contact": "no"},
}
INTAKE_SECRETS = (
    "Marieke",
    "Hoogendoorn",
    "06-12345678",
    "Jutphaas",
    "Ilona",
    "Varga",
    "wisselende mannen",
    "Lotus",
    "3435",
    "87654321",
)


async def register(
    bot: BotHarness,
    user: TeamsUser = COORDINATOR,
    steps: dict[str, dict[str, Any]] | None = None,
) -> str:
    """Register a signal as the aandachtsfunctionaris in their own chat; returns its number."""
    sent = await bot.say(user, "signaal registreren")
    card = last_card(sent)
    # One report card holds every section, how it came in first (issue 14).
    assert submit_data(card)["step"] == "report", submit_data(card)
    values = {k: v for section in (steps or PHONED_IN).values() for k, v in section.items()}
    sent = await bot.submit(user, {**submit_data(card), **values}, card.activity_id)
    card = last_card(sent)
    assert submit_data(card, "submit")["step"] == "summary"
    sent = await bot.submit(user, submit_data(card, "submit"), card.activity_id)
    text = json.dumps([s.activity for s in sent], ensure_ascii=False)
    match = re.search(r"MH-\d{4}-\d{4}", text)
    assert match, text
    return match.group(0)


def card_text(body: Any) -> str:
    return json.dumps(body, ensure_ascii=False)


def _verb_of(action: dict[str, Any]) -> str:
    """An Execute button's verb, or for a form that opens under a button, its main verb."""
    if action["type"] == "Action.ShowCard":
        return str(action["card"]["actions"][-1]["verb"])
    return str(action["verb"])


def next_step_buttons(detail: dict[str, Any]) -> list[dict[str, Any]]:
    """The step buttons of a detail card in the order shown, from 'Volgende stap' to the case."""
    buttons: list[dict[str, Any]] = []
    inside = False
    for element in detail["body"]:
        if element.get("type") == "TextBlock" and element.get("text") == t.DETAIL_NEXT_STEP:
            inside = True
        elif element.get("type") == "TextBlock" and element.get("text") == t.DETAIL_CASE:
            break
        elif inside and element.get("type") == "ActionSet":
            buttons += element["actions"]
    return buttons


def next_step_verbs(detail: dict[str, Any]) -> list[str]:
    return [_verb_of(b) for b in next_step_buttons(detail)]


def history_lines(detail: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    inside = False
    for element in detail["body"]:
        if element.get("type") == "TextBlock" and element.get("text") == t.DETAIL_HISTORY:
            inside = True
        elif inside and element.get("type") == "TextBlock":
            lines.append(element["text"])
    return lines


def workbench_routing(tmp_path: Path) -> Path:
    """The test routing with two planned meetings and a partner with its own feedback period."""
    text = TEST_ROUTING.read_text(encoding="utf-8").replace(
        'name = "Politie (AVIM)"', 'name = "Politie (AVIM)"\nfeedback_days = 14'
    )
    text += "\n[overleg]\ndates = [2026-12-03, 2026-12-17]\n"
    path = tmp_path / "routing-workbench.toml"
    path.write_text(text, encoding="utf-8")
    return path

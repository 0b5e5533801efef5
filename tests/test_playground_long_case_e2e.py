"""End to end through the real Agents Playground: a case with long texts and many long notes
still opens for the aandachtsfunctionaris, says its texts are shortened, and shows any of them
whole on request.

With MELDROUTE_SCREENSHOT_DIR set, headless Chromium opens the Playground's page, clicks the
case open and picks a shortened text, as the coordinator would, and saves what the page shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp

from cards.fitting import ADVISED_BYTES
from tests.support.connector import teams_size
from tests.support.playground import (
    invoke_as,
    running_stack,
    watching,
)
from tests.test_card_sizes import long_text
from tests.test_playground_e2e import pytestmark
from tests.test_playground_route_e2e import TEAM_CHANNEL, has_card_text, link_channel
from tests.test_playground_workbench_e2e import (
    amsterdam_today,
    looking,
    register,
    routing_with_meetings,
    shot,
)
from tests.workbench_helpers import PHONED_IN
from texts import nl as t
from tools.demo_users import demo_user

__all__ = ["pytestmark"]
CASE = "MH-2026-0001"
LONG_FIELDS = {
    "signals": {"signals_sexual": "many_visitors_at_dwelling", "signals_other": long_text("other")},
    "account": {
        "facts": long_text("facts"),
        "observations": long_text("observations"),
        "interpretation": long_text("interpretation"),
        "source": "phone_or_mail",
    },
    "victim": {**PHONED_IN["victim"], "victim_description": long_text("victim")},
}


async def test_a_long_case_opens_and_shows_a_shortened_text_whole_in_the_playground(
    tmp_path: Path,
) -> None:
    coordinator = demo_user("coordinator")
    routing, _ = routing_with_meetings(tmp_path, amsterdam_today())
    with running_stack(tmp_path, role="coordinator", routing=routing) as stack:
        async with (
            aiohttp.ClientSession() as session,
            watching(stack, session, coordinator.id) as (user, log),
            looking(stack.base, tmp_path) as browser,
        ):
            user.chat = "personal-chat-coordinator"

            async def act(verb: str, reply_to: str, **inputs: str) -> dict[str, Any]:
                return await invoke_as(
                    session, stack, user.chat, coordinator, reply_to, verb, {"case": CASE, **inputs}
                )

            await link_channel(session, stack, coordinator, log)
            here = await register(user, {**PHONED_IN, **LONG_FIELDS})
            await log.wait_for(has_card_text(f"Signaal {CASE}", TEAM_CHANNEL))
            for index in range(12):
                await act("case.note", here, note=long_text(f"note{index}"))

            detail = await act("case.view", here)
            assert detail["type"] == "application/vnd.microsoft.card.adaptive", detail
            assert teams_size(detail) <= ADVISED_BYTES
            shown = json.dumps(detail["value"], ensure_ascii=False)
            assert t.TEXTS_SHORTENED_NOTE in shown and "END-facts" not in shown
            await shot(browser, "01-long-case", click=t.POINTER_OPEN)

            whole = await act("case.view", here, show="full_text", full_text="content:facts")
            whole_json = json.dumps(whole["value"], ensure_ascii=False)
            assert "BEGIN-facts" in whole_json and "END-facts" in whole_json
            assert t.TEXT_SHORTENED not in whole_json
            if browser is not None:
                await browser.click(t.FULL_TEXT_BUTTON)
                await shot(browser, "02-full-text-chooser")
                await browser.click(t.FULL_TEXT_SHOW)
                await browser.wait_for_text("END-")
                await shot(browser, "03-full-text")

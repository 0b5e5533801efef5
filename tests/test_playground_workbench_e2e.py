"""End to end through the real Agents Playground, as an aandachtsfunctionaris: register a
phoned-in signal, put it on the agenda of the signaleringsoverleg, record the outcome, hand it
over with the hand-over text, get the overdue-feedback reminder, close it.

With MELDROUTE_SCREENSHOT_DIR set, headless Chromium also opens the Playground's page, clicks
the cards' buttons as the coordinator would and saves what the page shows at each step."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from domain.case_number import LOCAL_TIME
from tests.support.browser import Browser
from tests.support.playground import (
    act_as,
    action_data,
    card_of,
    invoke_as,
    running_stack,
    watching,
)
from tests.test_playground_e2e import pytestmark, step_is
from tests.test_playground_route_e2e import (
    MENTION,
    TEAM_CHANNEL,
    has_card_text,
    invoke_text,
    link_channel,
)
from tests.workbench_helpers import INTAKE_SECRETS, PHONED_IN
from texts import nl as t
from tools.demo_users import demo_user

__all__ = ["pytestmark"]
CASE = "MH-2026-0001"
SUPPORT = Path(__file__).parent / "support"


def amsterdam_today() -> date:
    """Today where the bot counts dates (Europe/Amsterdam): between 23:00 and midnight UTC
    the machine's own date is a day behind the bot's."""
    return datetime.now(LOCAL_TIME).date()


def routing_with_meetings(tmp_path: Path, today: date) -> tuple[Path, str]:
    """The test routing plus two meetings from the real today on (the bot runs on the real
    clock here; today's meeting counts as held, so its outcome can be recorded), and a partner
    that answers within 14 days."""
    first, second = today, today + timedelta(days=14)
    text = (
        (SUPPORT / "routing.toml")
        .read_text(encoding="utf-8")
        .replace('name = "Politie (AVIM)"', 'name = "Politie (AVIM)"\nfeedback_days = 14')
    )
    text += f"\n[overleg]\ndates = [{first.isoformat()}, {second.isoformat()}]\n"
    path = tmp_path / "routing-workbench.toml"
    path.write_text(text, encoding="utf-8")
    return path, first.isoformat()


@contextlib.asynccontextmanager
async def looking(url: str, tmp_path: Path) -> AsyncIterator[Browser | None]:
    if not os.environ.get("MELDROUTE_SCREENSHOT_DIR"):
        yield None
        return
    browser = await Browser.open(url, tmp_path / "chromium")
    try:
        yield browser
    finally:
        await browser.close()


async def shot(browser: Browser | None, name: str, *, click: str | None = None) -> None:
    """Optionally click a button first (the newest one with that text), then save the page."""
    if browser is None:
        return
    if click:
        await browser.click(click)
    await browser.screenshot(Path(os.environ["MELDROUTE_SCREENSHOT_DIR"]) / f"{name}.png")


def text_of(entry: dict[str, Any]) -> str:
    return entry["activity"].get("text") or ""


async def register(
    user: Any,
    report: dict[str, dict[str, Any]],
    browser: Browser | None = None,
    shots: tuple[str, str] | None = None,
) -> str:
    """'signaal registreren' in the coordinator's chat, every section on the one card, then
    the summary's submit; returns the receipt's message id (optionally a screenshot of the
    card and of the summary)."""
    await user.say("signaal registreren")
    card = await user.wait_for(step_is("report"))
    if shots:
        await shot(browser, shots[0])
    values = {k: v for section in report.values() for k, v in section.items()}
    await user.submit(card["messageId"], {**action_data(card), **values})
    summary = await user.wait_for(step_is("summary"))
    if shots:
        await shot(browser, shots[1])
    await user.submit(summary["messageId"], action_data(summary, "submit"))
    receipt = await user.wait_for(
        lambda m: (
            t.INTAKE_RECEIPT_TITLE.format(case_number=CASE)
            in json.dumps(card_of(m) or {}, ensure_ascii=False)
        )
    )
    return str(receipt["messageId"])


async def test_a_coordinator_works_a_phoned_in_signal_in_the_playground(tmp_path: Path) -> None:
    coordinator = demo_user("coordinator")
    routing, meeting = routing_with_meetings(tmp_path, amsterdam_today())
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
            # Register a signal that came in by phone, in the coordinator's own chat.
            here = await register(
                user, PHONED_IN, browser, shots=("01-intake-card", "02-registration-summary")
            )
            pointer = await log.wait_for(has_card_text(f"Signaal {CASE}", TEAM_CHANNEL))
            pointer_json = json.dumps(pointer["activity"], ensure_ascii=False)
            assert t.INTAKE_SOURCE_LABELS["phone"] in pointer_json
            assert t.STATE_LABELS["in_progress"] in pointer_json
            await shot(browser, "03-registered-case", click=t.POINTER_OPEN)

            # Enriched, on the agenda of the next planned meeting, then its outcome.
            await act("case.enrich", here, note="BRP: zes wisselende inschrijvingen in een jaar")
            done = await act("case.agenda", here, meeting=meeting)
            assert t.DETAIL_NEXT_STEP in invoke_text(done)
            assert t.ACTION_LABELS["agenda_outcome"] in json.dumps(
                done["value"]["body"][4], ensure_ascii=False
            )
            await shot(browser, "04-on-the-agenda", click=t.DETAIL_REFRESH)
            await act_as(
                session,
                stack,
                TEAM_CHANNEL,
                coordinator,
                text="<at>Meldroute</at> agenda",
                entities=MENTION,
            )
            agenda = await log.wait_for(has_card_text(t.AGENDA_TITLE.split(" {")[0], TEAM_CHANNEL))
            agenda_json = json.dumps(agenda["activity"], ensure_ascii=False)
            assert CASE in agenda_json
            if browser:
                await browser.open_chat("Team OOV - General")
                await shot(browser, "05-agenda-in-the-channel")
                await browser.open_chat("Personal Chat")
            done = await act(
                "case.agenda_outcome",
                here,
                outcome="discussed",
                note="Adres bekend bij handhaving: veel wisselende bewoners",
            )
            assert "legde de uitkomst van het signaleringsoverleg" in invoke_text(done)
            await shot(browser, "06-outcome-recorded", click=t.DETAIL_REFRESH)

            # The hand-over text for a secure mail, then the hand-over itself.
            handover = await act("case.handover_summary", here, partner="politie-avim")
            text = next(e["value"] for e in handover["value"]["body"] if e.get("id") == "summary")
            for expected in (
                "Politie (AVIM)",
                "Buurvrouw belt over steeds wisselende mannen",
                "Ilona Varga",
                "Massagesalon Lotus",
                "Adres bekend bij handhaving",
                t.HANDOVER_REPORTER_OMITTED,
            ):
                assert expected in text, expected
            assert "Hoogendoorn" not in invoke_text(handover)
            await act(
                "case.hand_over",
                here,
                partner="politie-avim",
                date=amsterdam_today().isoformat(),
                reference="AVIM-2026-117",
            )
            if browser:
                await browser.click(t.DETAIL_REFRESH)
                await browser.click(t.ACTION_LABELS["hand_over"])
                await shot(browser, "07-handover-text", click=t.HANDOVER_SUMMARY_BUTTON)
                await browser.click(t.HANDOVER_BACK)
            # Asked for feedback, due yesterday: the deadline watch (every minute) reminds.
            yesterday = (amsterdam_today() - timedelta(days=1)).isoformat()
            await act("case.request_feedback", here, partner="politie-avim", due=yesterday)
            due = date.fromisoformat(yesterday).strftime("%d-%m-%Y")
            reminder = await log.wait_for(
                lambda e: (
                    text_of(e) == t.REMINDER_PARTNER_FEEDBACK.format(case_number=CASE, due=due)
                ),
                timeout=90,
            )
            assert (reminder["conversation"] or "").startswith(pointer["conversation"])
            await log.wait_for(has_card_text(t.POINTER_OVERDUE, TEAM_CHANNEL))
            if browser:
                await browser.open_chat("Team OOV - General")
                await shot(browser, "08-overdue-reminder-in-the-channel")
                await browser.open_chat("Personal Chat")

            # The partner answers; the case is closed (feedback goes outside Meldroute).
            await act("case.record_feedback", here, partner="politie-avim", feedback="Onderzoek")
            closed = await act("case.close", here, reason="handed_over_done")
            assert t.FEEDBACK_STATES["outside"] in invoke_text(closed)
            await log.wait_for(has_card_text(t.POINTER_CLOSED_ON, TEAM_CHANNEL))
            await shot(browser, "09-closed-case", click=t.DETAIL_REFRESH)
            if browser:
                await browser.open_chat("Team OOV - General")
                await shot(browser, "10-channel-after-closing")

            channel = json.dumps(
                [
                    e["activity"]
                    for e in log.sent
                    if (e["conversation"] or "").startswith(TEAM_CHANNEL)
                ],
                ensure_ascii=False,
            )
            for word in (*INTAKE_SECRETS, "AVIM-2026-117", "Onderzoek", "Politie"):
                assert word not in channel, word
            assert not re.search(r"\b20\d\d-\d\d-\d\d\b", channel)  # one date format

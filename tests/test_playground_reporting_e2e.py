"""Reporting in the real Agents Playground, clicked through its own web page in headless
Chromium as a person would: the clicks are real mouse clicks on the rendered cards, counted.

- a minimal report in Dutch: 3 cards, at most 8 clicks (the menu button included);
- a full report in Dutch: at most 5 cards; the folded parts are opened on the card and what is
  typed in them arrives (the summary shows it);
- a report in English (the bot follows the Playground's locale, which is always en-US);
- the taakaccenthouder's 'Mijn signalen'.

Set MELDROUTE_SCREENSHOT_DIR to keep the screenshots; otherwise they go to the test's tmp dir.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import aiohttp
import pytest

from tests.support.browser import CHROMIUM, Browser
from tests.support.playground import PLAYGROUND_BIN, PlaygroundClient, running_stack
from tests.test_playground_e2e import fill_in_report
from tests.test_report_dialog import SECRET_WORDS
from texts import en, nl
from tools.demo_users import demo_user

pytestmark = [
    pytest.mark.skipif(
        not PLAYGROUND_BIN.exists() or shutil.which("node") is None,
        reason="the Agents Playground is not installed (run `make test`, which installs it)",
    ),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="headless Chromium is not installed"),
]
STADSWINKEL = "Stadswinkel (balie, burgerzaken)"


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("MELDROUTE_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def report_cards(cards: list[str], t: object) -> list[str]:
    """The cards of the report as the chat shows them at the end (each one line or the
    receipt now): everything after the welcome card."""
    return [c for c in cards if not c.startswith(t.WELCOME_TITLE)]  # type: ignore[attr-defined]


async def test_a_minimal_report_in_dutch_by_clicking(tmp_path: Path) -> None:
    out = shots(tmp_path)
    with running_stack(tmp_path, role="reporter") as stack:
        browser = await Browser.open(stack.base, tmp_path / "chromium")
        try:
            await browser.wait_for_text(nl.WELCOME_TITLE)
            await browser.press(nl.MENU_REPORT)
            await browser.wait_for_text(nl.ACUTE_TITLE)
            await browser.press(nl.ACUTE_NO)
            await browser.wait_for_text(nl.REPORT_CARD_TITLE)
            await browser.choose(nl.FORM_CHOICE_LABEL, nl.FORM_LABELS["unknown"])
            await browser.choose(
                nl.SIGNAL_GROUP_LABELS["general"], nl.SIGNAL_LABELS["no_own_passport"]
            )
            await browser.fill(
                nl.ACCOUNT_OBSERVATIONS, "Een man hield haar paspoort vast en deed het woord"
            )
            await browser.choose(nl.CONTACT_TITLE, nl.CONTACT_LABELS["no"])
            await browser.choose(nl.DEPARTMENT_TITLE, STADSWINKEL)
            await browser.screenshot(out / "nl-minimal-1-report-card.png", 4200)
            await browser.press(nl.REPORT_CHECK)
            await browser.wait_for_text(nl.SUMMARY_TITLE)
            await browser.screenshot(out / "nl-minimal-2-summary.png", 2600)
            assert "Een man hield haar paspoort vast" in await browser.page_text()
            await browser.press(nl.SUMMARY_SUBMIT)
            await browser.wait_for_text("MH-2026-0001")
            await browser.screenshot(out / "nl-minimal-3-receipt.png", 1400)
            cards = report_cards(await browser.cards_text(), nl)
        finally:
            await browser.close()
    print(f"Playground, minimal report in Dutch: 3 cards, {browser.counted}")
    assert cards == [
        nl.DONE_LINES["acute"],
        nl.DONE_LINES["report"],
        cards[-1],
    ] and cards[-1].startswith(nl.RECEIPT_TITLE.format(case_number="MH-2026-0001"))
    assert browser.counted.clicks <= 8 and browser.counted.text_fields == 1
    assert "paspoort vast" not in "\n".join(cards)


async def test_a_full_report_in_dutch_by_clicking(tmp_path: Path) -> None:
    out = shots(tmp_path)
    with running_stack(tmp_path, role="reporter") as stack:
        browser = await Browser.open(stack.base, tmp_path / "chromium")
        try:
            await browser.wait_for_text(nl.WELCOME_TITLE)
            await browser.press(nl.MENU_REPORT)
            await browser.wait_for_text(nl.ACUTE_TITLE)
            await browser.press(nl.ACUTE_NO)
            await browser.wait_for_text(nl.REPORT_CARD_TITLE)
            await browser.choose(nl.FORM_CHOICE_LABEL, nl.FORM_LABELS["labour"])
            general = nl.SIGNAL_GROUP_LABELS["general"]
            await browser.choose(general, nl.SIGNAL_LABELS["unpaid_or_underpaid"])
            await browser.choose(general, nl.SIGNAL_LABELS["lives_at_workplace"])
            dependency = nl.SIGNAL_GROUP_LABELS["dependency"]
            await browser.press(nl.FOLD.format(title=f"{dependency} (11)"))
            await browser.choose(dependency, nl.SIGNAL_LABELS["socially_isolated"])
            await browser.fill(nl.SIGNALS_OTHER, "Werkt zeven dagen per week in de kas")
            await browser.fill(
                nl.ACCOUNT_OBSERVATIONS, "Oogde uitgeput en had geen eigen ID bij zich"
            )
            await browser.press(nl.FOLD.format(title=nl.ACCOUNT_MORE))
            await browser.fill(nl.ACCOUNT_FACTS, "Kwam met een ander die het woord voerde")
            await browser.fill(nl.ACCOUNT_INTERPRETATION, "Mogelijk afhankelijk van werkgever")
            await browser.choose(nl.VICTIM_MINOR, nl.MINOR_LABELS["no"])
            await browser.press(nl.FOLD.format(title=nl.WHERE_TITLE))
            await browser.fill(nl.WHERE_PLACE, "Stadswinkel")
            await browser.fill(nl.WHERE_POSTCODE, "3431 ab")
            await browser.fill(nl.WHERE_HOUSE_NUMBER, "12a")
            await browser.press(nl.FOLD.format(title=nl.VICTIM_TITLE))
            await browser.fill(nl.VICTIM_DESCRIPTION, "Jonge man, spreekt Pools")
            await browser.fill(nl.VICTIM_NAME, "Tomasz Kowalczyk")
            await browser.fill(nl.VICTIM_AGE, "19")
            await browser.press(nl.FOLD.format(title=nl.SUSPECT_TITLE))
            await browser.fill(nl.SUSPECT_ORGANISATION, "Kasbouw Van Dalen BV")
            await browser.fill(nl.SUSPECT_KVK, "12345678")
            await browser.choose(nl.CONTACT_TITLE, nl.CONTACT_LABELS["not_for_safety"])
            await browser.choose(nl.DEPARTMENT_TITLE, STADSWINKEL)
            await browser.screenshot(out / "nl-full-1-report-card.png", 7000)
            await browser.press(nl.REPORT_CHECK)
            await browser.wait_for_text(nl.SUMMARY_TITLE)
            summary = await browser.page_text()
            await browser.screenshot(out / "nl-full-2-summary.png", 3600)
            await browser.press(nl.SUMMARY_SUBMIT)
            await browser.wait_for_text("MH-2026-0001")
            await browser.screenshot(out / "nl-full-3-receipt.png", 1400)
            cards = report_cards(await browser.cards_text(), nl)
        finally:
            await browser.close()
    print(f"Playground, full report in Dutch: 3 cards, {browser.counted}")
    # What was typed in the folded parts reached the bot: the summary shows it.
    for typed in ("3431 AB", "Tomasz Kowalczyk", "Kasbouw Van Dalen BV", "zeven dagen"):
        assert typed in summary, typed
    assert len(cards) == 3 and cards[-1].startswith(nl.RECEIPT_TITLE.format(case_number=""))
    for word in SECRET_WORDS:
        assert word not in "\n".join(cards), word


async def test_a_report_in_english_by_clicking(tmp_path: Path) -> None:
    out = shots(tmp_path)
    # locale=None: the bot follows what the Playground sends, en-US on every activity.
    with running_stack(tmp_path, role="reporter", locale=None) as stack:
        browser = await Browser.open(stack.base, tmp_path / "chromium")
        try:
            await browser.wait_for_text(en.WELCOME_TITLE)
            await browser.press(en.MENU_REPORT)
            await browser.wait_for_text(en.ACUTE_TITLE)
            await browser.press(en.ACUTE_NO)
            await browser.wait_for_text(en.REPORT_CARD_TITLE)
            await browser.choose(en.FORM_CHOICE_LABEL, en.FORM_LABELS["sexual"])
            await browser.choose(
                en.SIGNAL_GROUP_LABELS["general"], en.SIGNAL_LABELS["no_own_passport"]
            )
            await browser.fill(en.ACCOUNT_OBSERVATIONS, "A man held her passport and talked")
            await browser.choose(en.VICTIM_MINOR, en.MINOR_LABELS["yes"])
            await browser.choose(en.CONTACT_TITLE, en.CONTACT_LABELS["no"])
            await browser.choose(en.DEPARTMENT_TITLE, STADSWINKEL)
            await browser.screenshot(out / "en-1-report-card.png", 4200)
            await browser.press(en.REPORT_CHECK)
            await browser.wait_for_text(en.SUMMARY_TITLE)
            summary = await browser.page_text()
            await browser.screenshot(out / "en-2-summary.png", 2600)
            await browser.press(en.SUMMARY_SUBMIT)
            await browser.wait_for_text("MH-2026-0001")
            await browser.screenshot(out / "en-3-receipt.png", 1600)
            cards = report_cards(await browser.cards_text(), en)
        finally:
            await browser.close()
    print(f"Playground, report in English: 3 cards, {browser.counted}")
    assert en.MINOR_STEP in summary and en.WHO_KNOWS["urgent"] in summary
    assert cards[:2] == [en.DONE_LINES["acute"], en.DONE_LINES["report"]]
    assert en.RECEIPT_NEXT["urgent"] in cards[-1] and en.MINOR_STEP in cards[-1]
    assert nl.RECEIPT_NEXT["urgent"] not in "\n".join(cards)


async def test_mijn_signalen_for_the_taakaccenthouder_by_clicking(tmp_path: Path) -> None:
    out = shots(tmp_path)
    reporter = demo_user("reporter")
    with running_stack(tmp_path, role="reporter") as stack:
        async with aiohttp.ClientSession() as session:
            user = PlaygroundClient(stack, reporter.id, session)
            await user.open()
            try:
                await user.say("signaal melden")
                await fill_in_report(user)
                await user.wait_for(lambda m: "MH-2026-0001" in str(m))
            finally:
                await user.close()
    # The same database, now with the taakaccenthouder in the Playground.
    with running_stack(tmp_path, role="taakaccenthouder") as stack:
        browser = await Browser.open(stack.base, tmp_path / "chromium")
        try:
            await browser.wait_for_text(nl.MENU_AS_TAH)
            await browser.press(nl.MENU_MY_SIGNALS)
            await browser.wait_for_text(nl.MY_SIGNALS_SIGNALS)
            await browser.screenshot(out / "nl-tah-mijn-signalen.png", 2200)
            cards = await browser.cards_text()
        finally:
            await browser.close()
    listing = next(c for c in cards if c.startswith(nl.MY_SIGNALS_TITLE))
    assert "MH-2026-0001" in listing and nl.TAH_VIEW in listing
    assert nl.MENU_OPEN_CASES not in "\n".join(cards)  # not a coordinator
    for word in SECRET_WORDS:
        assert word not in listing, word

"""The guided report, driven through the real aiohttp app and CloudAdapter.

Three cards make a report: the danger question, the report card (every section; optional ones
folded open on the card) and the summary. The counts of cards and clicks below are the ones
the issue sets: at most 3 cards and 8 clicks for a minimal report, at most 5 cards for a full
one.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from cards.report_cards import KIND
from storage.schema import bot_state, signals
from tests.support.clicks import Effort, effort_to_fill
from tests.support.harness import (
    REPORTER,
    BotHarness,
    Sent,
    TeamsUser,
    card_title,
    last_card,
    shown_now,
    submit_data,
)
from texts import nl as t

FULL_REPORT: dict[str, dict[str, Any]] = {
    "form": {"form": "labour"},
    "signals": {
        "signals_general": "unpaid_or_underpaid,lives_at_workplace",
        "signals_dependency": "socially_isolated",
        "signals_other": "Werkt zeven dagen per week in de kas",
    },
    "account": {
        "facts": "Meldt zich aan de balie met een ander die het woord voert",
        "observations": "Oogde uitgeput en had geen eigen ID bij zich",
        "interpretation": "Mogelijk afhankelijk van werkgever",
        "source": "counter",
    },
    "where_when": {
        "place": "Stadswinkel",
        "postcode": "3431 ab",
        "house_number": "12a",
        "date": "2026-11-27",
        "time": "14:30",
    },
    "victim": {
        "victim_description": "Jonge man, spreekt Pools, blauwe werkjas",
        "victim_name": "Tomasz Kowalczyk",
        "victim_age": "19",
        "victim_minor": "no",
    },
    "suspect": {
        "suspect_name": "Hendrik van Dalen",
        "suspect_dob": "1975-03-02",
        "suspect_postcode": "3431AB",
        "suspect_house_number": "12A",
        "organisation": "Kasbouw Van Dalen BV",
        "kvk": "12345678",
    },
    "contact": {"contact": "not_for_safety"},
    "department": {"department": "stadswinkel", "urgent": "false"},
}
# What the issue calls a minimal report: a form, one signal, a short description and the
# department (and whether the reporter spoke with the person, which the report always asks).
MINIMAL_REPORT: dict[str, dict[str, Any]] = {
    "form": {"form": "unknown"},
    "signals": {"signals_general": "no_own_passport"},
    "account": {"observations": "Had geen eigen paspoort, een ander hield het vast"},
    "contact": {"contact": "no"},
    "department": {"department": "stadswinkel"},
}
SECRET_WORDS = (
    "Tomasz",
    "Kowalczyk",
    "Hendrik",
    "Dalen",
    "Kasbouw",
    "uitgeput",
    "zeven dagen",
    "Sanne Visser",
)


def merged(report: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The values of every section, as one submit of the report card sends them."""
    return {key: value for values in report.values() for key, value in values.items()}


def step_of(card: Sent) -> str:
    """The report step a card belongs to, from its buttons."""
    for action in (card.card or {}).get("actions", []):
        if action.get("data", {}).get("step"):
            return str(action["data"]["step"])
    raise AssertionError("not a report card")


async def start_report(bot: BotHarness, user: TeamsUser = REPORTER) -> Sent:
    sent = await bot.say(user, "signaal melden")
    card = last_card(sent)
    assert step_of(card) == "acute"
    return card


async def answer(
    bot: BotHarness,
    card: Sent,
    values: dict[str, Any],
    action: str = "next",
    user: TeamsUser = REPORTER,
) -> list[Sent]:
    return await bot.submit(user, {**submit_data(card, action), **values}, card.activity_id)


async def walk_to_summary(
    bot: BotHarness,
    report: dict[str, dict[str, Any]] = FULL_REPORT,
    user: TeamsUser = REPORTER,
) -> Sent:
    """Danger question (no), the report card with every section's values: the summary."""
    card = await start_report(bot, user)
    sent = await answer(bot, card, {"acute": "no"}, user=user)
    report_card = last_card(sent)
    assert step_of(report_card) == "report"
    sent = await answer(bot, report_card, merged(report), user=user)
    summary = last_card(sent)
    assert step_of(summary) == "summary", [s.text for s in sent]
    return summary


async def count_signals(bot: BotHarness) -> int:
    async with bot.services.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(signals))).scalar_one()


async def _only_signal_id(bot: BotHarness) -> str:
    async with bot.services.engine.connect() as conn:
        return (await conn.execute(select(signals.c.id))).scalar_one()


def report_cards_sent(sent: list[Sent]) -> list[Sent]:
    """The new cards of the report dialog (not updates in place)."""
    return [
        s
        for s in sent
        if s.kind != "update"
        and s.card
        and any(a.get("data", {}).get("meldroute") == KIND for a in s.card.get("actions", []))
    ]


def chat_text(bot: BotHarness) -> str:
    """What the chat shows now: texts and cards as they are after every update (not the
    addressing of the activities, which names the recipient)."""
    shown = [
        {"text": a.get("text"), "attachments": a.get("attachments")}
        for a in shown_now(bot.connector.sent).values()
    ]
    return json.dumps(shown, ensure_ascii=False)


def change_data(card: Sent, section: str) -> dict[str, Any]:
    """The data of a section's 'Wijzigen' button on the summary."""
    for action in _actions(card.card):
        data = action.get("data", {})
        if data.get("action") == "edit" and data.get("section") == section:
            return dict(data)
    raise AssertionError(f"no change button for {section}")


# --- cards and clicks ------------------------------------------------------------------------------
async def test_a_minimal_report_takes_three_cards_and_at_most_eight_clicks(
    bot: BotHarness,
) -> None:
    before = len(bot.connector.sent)
    effort = Effort(clicks=1)  # "Signaal melden" in the menu (here typed; a click in Teams)
    acute = await start_report(bot)
    effort += effort_to_fill(acute.card, {})  # "Nee, verder met melden"
    report_card = last_card(await answer(bot, acute, {"acute": "no"}))
    values = merged(MINIMAL_REPORT)
    effort += effort_to_fill(report_card.card, values)
    summary = last_card(await answer(bot, report_card, values))
    effort += effort_to_fill(summary.card, {})  # "Melding versturen"
    sent = await answer(bot, summary, {}, action="submit")
    assert any("MH-2026-0001" in json.dumps(s.activity) for s in sent)
    cards = report_cards_sent(bot.connector.sent[before:])
    print(f"minimal report: {len(cards)} cards, {effort}")
    assert [step_of(c) for c in cards] == ["acute", "report", "summary"]
    assert effort.clicks <= 8 and effort.text_fields == 1, effort


async def test_a_full_report_takes_at_most_five_cards(bot: BotHarness) -> None:
    before = len(bot.connector.sent)
    effort = Effort(clicks=1)
    acute = await start_report(bot)
    effort += effort_to_fill(acute.card, {})
    report_card = last_card(await answer(bot, acute, {"acute": "no"}))
    values = merged(FULL_REPORT)
    effort += effort_to_fill(report_card.card, values)
    summary = last_card(await answer(bot, report_card, values))
    effort += effort_to_fill(summary.card, {})
    await answer(bot, summary, {}, action="submit")
    cards = report_cards_sent(bot.connector.sent[before:])
    print(f"full report: {len(cards)} cards, {effort}")
    assert len(cards) <= 5
    content = await bot.services.signals.read_content(await _only_signal_id(bot))
    # No field of the old ten cards got lost on the way to three.
    for values in FULL_REPORT.values():
        for key in values:
            if key.startswith("signals_") and key != "signals_other":
                continue
            assert key in content, key
    assert content["signals"] == [
        "lives_at_workplace",
        "socially_isolated",
        "unpaid_or_underpaid",
    ]


async def test_optional_sections_are_folded_on_the_report_card_not_extra_turns(
    bot: BotHarness,
) -> None:
    acute = await start_report(bot)
    report_card = last_card(await answer(bot, acute, {"acute": "no"}))
    body = json.dumps(report_card.card)
    # Every section's inputs are on this one card ...
    for key in merged(FULL_REPORT):
        assert f'"id": "{key}"' in body, key
    # ... and the optional sections start folded, with a button that opens them in place.
    hidden = {c.get("id") for c in _containers(report_card.card) if c.get("isVisible") is False}
    assert {"section_where_when", "section_victim", "section_suspect"} <= hidden
    toggles = [a for a in _actions(report_card.card) if a["type"] == "Action.ToggleVisibility"]
    assert {"section_where_when", "section_victim", "section_suspect"} <= {
        target for a in toggles for target in a["targetElements"]
    }


def _containers(element: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(element, dict):
        if element.get("type") == "Container":
            found.append(element)
        for key in ("body", "items", "columns"):
            for child in element.get(key, []) or []:
                found += _containers(child)
    return found


def _actions(element: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(element, dict):
        found += element.get("actions", []) if element.get("type") == "ActionSet" else []
        for key in ("body", "items", "columns"):
            for child in element.get(key, []) or []:
                found += _actions(child)
    return found


# --- storing, lines and receipt -------------------------------------------------------------
async def test_full_report_is_stored_and_receipted(bot_on_each_database: BotHarness) -> None:
    bot = bot_on_each_database
    summary = await walk_to_summary(bot)
    sent = await answer(bot, summary, {}, action="submit")
    receipt = [s for s in sent if s.kind == "update" and s.activity_id == summary.activity_id][-1]
    assert card_title(receipt.card) == t.RECEIPT_TITLE.format(case_number="MH-2026-0001")
    assert await count_signals(bot) == 1

    stored_id = await _only_signal_id(bot)
    content = await bot.services.signals.read_content(stored_id)
    assert content["victim_name"] == "Tomasz Kowalczyk"
    assert content["postcode"] == "3431 AB" and content["house_number"] == "12A"
    assert content["contact"] == "not_for_safety"
    reporter = await bot.services.signals.read_reporter(stored_id)
    assert reporter.aad_object_id == REPORTER.aad_object_id and reporter.name == REPORTER.name


async def test_answered_cards_become_one_short_line_that_is_not_a_finding(
    bot: BotHarness,
) -> None:
    acute = await start_report(bot)
    sent = await answer(bot, acute, {"acute": "no"})
    line = next(s for s in sent if s.kind == "update" and s.activity_id == acute.activity_id)
    assert [b["text"] for b in line.card["body"]] == [t.DONE_LINES["acute"]]
    # "Acuut gevaar: ontvangen" after a 'no' read as if danger was registered.
    assert "ontvangen" not in json.dumps(line.card) and "gevaar:" not in json.dumps(line.card)
    report_card = last_card(sent)
    sent = await answer(bot, report_card, merged(FULL_REPORT))
    line = next(s for s in sent if s.kind == "update" and s.activity_id == report_card.activity_id)
    assert [b["text"] for b in line.card["body"]] == [t.DONE_LINES["report"]]
    assert not any(word in json.dumps(line.card) for word in SECRET_WORDS)


async def test_the_summary_shows_what_was_entered_with_a_change_button_per_section(
    bot: BotHarness,
) -> None:
    summary = await walk_to_summary(bot)
    shown = json.dumps(summary.card, ensure_ascii=False)
    for text in (
        "Arbeidsuitbuiting",
        "Oogde uitgeput en had geen eigen ID bij zich",
        "Tomasz Kowalczyk",
        "3431 AB",
        "27-11-2026",
        "Kasbouw Van Dalen BV",
        t.SIGNAL_LABELS["socially_isolated"],
        t.CONTACT_LABELS["not_for_safety"],
        "Stadswinkel (balie, burgerzaken)",
    ):
        assert text in shown, text
    changes = [
        a["data"]["section"]
        for a in _actions(summary.card)
        if a.get("data", {}).get("action") == "edit"
    ]
    assert changes == list(
        (
            "form",
            "signals",
            "account",
            "where_when",
            "victim",
            "suspect",
            "contact",
            "department",
        )
    )


async def test_before_sending_the_summary_says_who_will_know_the_name_and_points_to_mma(
    bot: BotHarness,
) -> None:
    summary = await walk_to_summary(bot)
    texts = [b.get("text", "") for b in summary.card["body"]]
    assert f"{t.WHO_KNOWS['taakaccenthouder']} {t.ANONYMOUS}" in texts
    assert "0800-7000" in t.ANONYMOUS
    # The receipt no longer repeats it: it says what happens next.
    sent = await answer(bot, summary, {}, action="submit")
    receipt = [s for s in sent if s.activity_id == summary.activity_id][-1]
    assert t.ANONYMOUS not in json.dumps(receipt.card, ensure_ascii=False)
    assert t.RECEIPT_NEXT["taakaccenthouder"] in json.dumps(receipt.card, ensure_ascii=False)


async def test_who_knows_follows_the_route_chosen(bot: BotHarness) -> None:
    summary = await walk_to_summary(
        bot, {**FULL_REPORT, "department": {"department": "stadswinkel", "route": "coordinator"}}
    )
    texts = [b.get("text", "") for b in summary.card["body"]]
    assert f"{t.WHO_KNOWS['reporter_choice']} {t.ANONYMOUS}" in texts


async def test_changing_a_section_happens_in_place_and_returns_to_the_summary(
    bot: BotHarness,
) -> None:
    summary = await walk_to_summary(bot)
    sent = await bot.submit(REPORTER, change_data(summary, "contact"), summary.activity_id)
    edit = [s for s in sent if s.kind == "update" and s.activity_id == summary.activity_id][-1]
    assert card_title(edit.card) == t.EDIT_TITLE.format(section=t.SECTION_LABELS["contact"])
    assert not [s for s in sent if s.kind != "update"], "no new card for a change"
    sent = await bot.submit(
        REPORTER,
        {**submit_data(edit, "save"), "contact": "yes"},
        summary.activity_id,
    )
    again = [s for s in sent if s.activity_id == summary.activity_id][-1]
    assert card_title(again.card) == t.SUMMARY_TITLE
    assert t.CONTACT_LABELS["yes"] in json.dumps(again.card, ensure_ascii=False)


async def test_a_change_with_a_mistake_is_asked_again_in_place(bot: BotHarness) -> None:
    summary = await walk_to_summary(bot)
    sent = await bot.submit(REPORTER, change_data(summary, "where_when"), summary.activity_id)
    edit = [s for s in sent if s.activity_id == summary.activity_id][-1]
    sent = await bot.submit(
        REPORTER, {**submit_data(edit, "save"), "postcode": "34311"}, summary.activity_id
    )
    again = [s for s in sent if s.activity_id == summary.activity_id][-1]
    assert t.EXPECTATIONS["expect_postcode"] in json.dumps(again.card, ensure_ascii=False)
    assert not [s for s in sent if s.text], "the problem is said on the card, not in a bubble"
    sent = await bot.submit(REPORTER, submit_data(again, "back"), summary.activity_id)
    back = [s for s in sent if s.activity_id == summary.activity_id][-1]
    assert card_title(back.card) == t.SUMMARY_TITLE
    assert "3431 AB" in json.dumps(back.card)


# --- re-prompts ----------------------------------------------------------------------------------
async def test_a_section_with_a_problem_is_asked_again_alone_and_the_rest_is_kept(
    bot: BotHarness,
) -> None:
    acute = await start_report(bot)
    report_card = last_card(await answer(bot, acute, {"acute": "no"}))
    values = {**merged(FULL_REPORT), "postcode": "34311", "contact": ""}
    sent = await answer(bot, report_card, values)
    again = [s for s in sent if s.activity_id == report_card.activity_id][-1]
    assert card_title(again.card) == t.REPORT_FIX_TITLE
    inputs = {e for e in json.dumps(again.card).split('"id": "')[1:]}
    ids = {i.split('"')[0] for i in inputs}
    assert "postcode" in ids and "contact" in ids
    assert "victim_name" not in ids and "form" not in ids
    # What was typed in the section with the problem is still there, as typed.
    assert "34311" in json.dumps(again.card)
    # The problems are said on the card itself: no bubble stays behind in the chat.
    assert not [s for s in sent if s.text]
    text = json.dumps(again.card, ensure_ascii=False)
    assert t.EXPECTATIONS["expect_postcode"] in text and t.EXPECTATIONS["expect_choice"] in text
    sent = await answer(bot, again, {**FULL_REPORT["where_when"], "contact": "yes"})
    summary = last_card(sent)
    assert step_of(summary) == "summary"
    assert "Tomasz Kowalczyk" in json.dumps(summary.card)


async def test_a_forged_section_list_cannot_skip_a_section(bot: BotHarness) -> None:
    acute = await start_report(bot)
    report_card = last_card(await answer(bot, acute, {"acute": "no"}))
    sent = await bot.submit(
        REPORTER,
        {**submit_data(report_card), **MINIMAL_REPORT["form"], "sections": "form"},
        report_card.activity_id,
    )
    # Only the form was taken; the card still asks for everything else.
    again = [s for s in sent if s.activity_id == report_card.activity_id]
    assert not again or step_of(again[-1]) == "report"
    sent = await answer(bot, report_card, {**merged(MINIMAL_REPORT), "sections": "department"})
    again = [s for s in sent if s.activity_id == report_card.activity_id][-1]
    assert step_of(again) == "report"
    assert '"id": "signals_general"' in json.dumps(again.card)


# --- acute danger ----------------------------------------------------------------------------------
async def test_acute_danger_shows_112_first_then_offers_to_continue(bot: BotHarness) -> None:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "yes"})
    danger = last_card(sent)
    assert card_title(danger.card) == t.DANGER_TITLE
    assert "112" in danger.card["body"][1]["text"]
    sent = await answer(bot, danger, {})
    assert step_of(last_card(sent)) == "report"


async def test_acute_danger_can_stop_without_storing(bot: BotHarness) -> None:
    card = await start_report(bot)
    danger = last_card(await answer(bot, card, {"acute": "yes"}))
    sent = await answer(bot, danger, {}, action="cancel")
    line = [s for s in sent if s.activity_id == danger.activity_id][-1]
    assert line.card["body"][0]["text"] == t.DONE_LINES["stopped"]
    assert await count_signals(bot) == 0


async def test_typed_ja_answers_the_acute_question(bot: BotHarness) -> None:
    await start_report(bot)
    sent = await bot.say(REPORTER, "ja")
    assert card_title(last_card(sent).card) == t.DANGER_TITLE


# --- cancel, stop, help, resume ---------------------------------------------------------------------
async def test_stop_cancels_at_any_step_and_stores_nothing(bot: BotHarness) -> None:
    summary = await walk_to_summary(bot)
    sent = await bot.say(REPORTER, "stop")
    assert any(s.text == t.CANCELLED for s in sent)
    assert any(s.kind == "update" and s.activity_id == summary.activity_id for s in sent)
    assert await count_signals(bot) == 0
    assert not any(word in chat_text(bot) for word in SECRET_WORDS)
    # After cancelling, the dialog is gone: "stop" has nothing left to cancel.
    assert (await bot.say(REPORTER, "annuleer"))[0].text == t.NOTHING_TO_CANCEL


async def test_cancel_button_replaces_the_card_and_stores_nothing(bot: BotHarness) -> None:
    card = await start_report(bot)
    report_card = last_card(await answer(bot, card, {"acute": "no"}))
    sent = await answer(bot, report_card, {}, action="cancel")
    line = [s for s in sent if s.activity_id == report_card.activity_id][-1]
    assert line.card["body"][0]["text"] == t.DONE_LINES["cancelled"]
    assert await count_signals(bot) == 0
    assert (await bot.say(REPORTER, "stop"))[0].text == t.NOTHING_TO_CANCEL


async def test_help_explains_the_current_step(bot: BotHarness) -> None:
    card = await start_report(bot)
    await answer(bot, card, {"acute": "no"})
    sent = await bot.say(REPORTER, "help")
    assert sent[0].text.startswith(t.HELP["report"])
    await bot.say(REPORTER, "stop")
    assert (await bot.say(REPORTER, "help"))[0].text == t.HELP_GENERAL


async def test_a_reporter_can_leave_and_resume(bot: BotHarness) -> None:
    card = await start_report(bot)
    report_card = last_card(await answer(bot, card, {"acute": "no"}))
    await answer(bot, report_card, {**merged(MINIMAL_REPORT), "contact": ""})
    bot.clock.advance(hours=3)
    sent = await bot.say(REPORTER, "hallo")
    resume = last_card(sent)
    assert resume.card["body"][0]["text"] == t.DRAFT_RESUME_QUESTION
    sent = await bot.submit(REPORTER, {"meldroute": "menu", "choice": "resume"}, resume.activity_id)
    fresh = last_card(sent)
    assert step_of(fresh) == "report"
    # What was kept before leaving stays kept: only the missing part is asked.
    assert '"id": "contact"' in json.dumps(fresh.card)
    assert '"id": "form"' not in json.dumps(fresh.card)
    moved = [s for s in sent if s.activity_id == report_card.activity_id][-1]
    assert moved.card["body"][0]["text"] == t.DONE_LINES["moved"]
    # The question card became a line: nothing left to click twice.
    answered = [s for s in sent if s.activity_id == resume.activity_id][-1]
    assert answered.card["body"][0]["text"] == t.DRAFT_RESUMED and not answered.card.get("actions")


async def test_discarding_a_draft_stores_nothing(bot: BotHarness) -> None:
    card = await start_report(bot)
    await answer(bot, card, {"acute": "no"})
    resume = last_card(await bot.say(REPORTER, "signaal melden"))
    sent = await bot.submit(
        REPORTER, {"meldroute": "menu", "choice": "discard"}, resume.activity_id
    )
    assert any(s.text == t.DRAFT_DISCARDED for s in sent)
    assert await count_signals(bot) == 0


async def test_submitting_twice_stores_one_signal(bot: BotHarness) -> None:
    summary = await walk_to_summary(bot)
    await answer(bot, summary, {}, action="submit")
    sent = await answer(bot, summary, {}, action="submit")
    assert any(s.text == t.UNKNOWN_ACTION for s in sent)
    assert await count_signals(bot) == 1


# --- nothing stays in the chat: submit, cancel, expiry ---------------------------------------------
async def test_after_submit_no_card_in_the_chat_shows_content(bot: BotHarness) -> None:
    summary = await walk_to_summary(bot)
    assert "Kowalczyk" in json.dumps(summary.card)  # the summary did show it
    await answer(bot, summary, {}, action="submit")
    assert not any(word in chat_text(bot) for word in SECRET_WORDS)


async def test_an_unfinished_draft_expires_and_its_cards_are_replaced(bot: BotHarness) -> None:
    card = await start_report(bot)
    report_card = last_card(await answer(bot, card, {"acute": "no"}))
    await answer(bot, report_card, {**merged(FULL_REPORT), "postcode": "34311"})
    assert "Kowalczyk" in chat_text(bot) or "34311" in chat_text(bot)
    bot.clock.advance(hours=25)
    sent = await bot.say(REPORTER, "hallo")
    assert any("verwijderd" in s.text for s in sent)
    assert not any(word in chat_text(bot) for word in (*SECRET_WORDS, "34311"))
    assert (await bot.say(REPORTER, "stop"))[0].text == t.NOTHING_TO_CANCEL


async def test_the_purge_job_replaces_the_cards_of_the_draft_it_deletes(
    bot_on_each_database: BotHarness,
) -> None:
    """Abandoned after a re-prompt: the card still holds what was typed (an address). The
    expiry job deletes the draft and replaces that card in place, through the outbox."""
    bot = bot_on_each_database
    card = await start_report(bot)
    report_card = last_card(await answer(bot, card, {"acute": "no"}))
    await answer(bot, report_card, {**merged(FULL_REPORT), "postcode": "34311"})
    assert "Stadswinkel" in chat_text(bot) and "34311" in chat_text(bot)
    async with bot.services.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(bot_state))).scalar_one() == 1

    assert await bot.services.housekeeping.purge_abandoned_drafts() == 0
    bot.clock.advance(hours=25)
    assert await bot.services.housekeeping.purge_abandoned_drafts() == 1
    delivered = await bot.deliver()
    assert {s.activity_id for s in delivered if s.kind == "update"} == {report_card.activity_id}
    line = shown_now(bot.connector.sent)[report_card.activity_id]
    assert line["attachments"][0]["content"]["body"][0]["text"] == t.DONE_LINES["expired"]
    assert not any(word in chat_text(bot) for word in (*SECRET_WORDS, "34311"))
    async with bot.services.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(bot_state))).scalar_one() == 0
    # The reporter comes back: there is nothing to resume.
    assert (await bot.say(REPORTER, "stop"))[0].text == t.NOTHING_TO_CANCEL


async def test_the_purge_job_keeps_drafts_still_in_use(bot: BotHarness) -> None:
    card = await start_report(bot)
    await answer(bot, card, {"acute": "no"})
    bot.clock.advance(hours=23)
    assert await bot.services.housekeeping.purge_abandoned_drafts() == 0
    assert await bot.deliver() == []
    assert bot.services.housekeeping.periods.draft_ttl == timedelta(hours=24)


async def test_a_card_of_a_deleted_draft_that_is_gone_is_not_posted_again(
    bot: BotHarness,
) -> None:
    """The expiry job only replaces a card in place: if Teams no longer has it (404), nothing
    new is posted in its stead, and the message is done."""
    card = await start_report(bot)
    await answer(bot, card, {"acute": "no"})
    bot.clock.advance(hours=25)
    assert await bot.services.housekeeping.purge_abandoned_drafts() == 1
    bot.connector.refused_conversations[f"personal-{REPORTER.id}"] = 404
    assert await bot.deliver() == []
    counts = await bot.services.outbox.counts()
    assert counts.get("pending", 0) == 0 and counts.get("dead", 0) == 0, counts

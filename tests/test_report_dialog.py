"""The guided report, driven through the real aiohttp app and CloudAdapter."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from storage.schema import signals
from tests.support.harness import REPORTER, BotHarness, last_card, submit_data
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


async def start_report(bot: BotHarness) -> Any:
    sent = await bot.say(REPORTER, "signaal melden")
    card = last_card(sent)
    assert card.card["body"][1]["text"] == t.ACUTE_TITLE
    return card


async def answer(
    bot: BotHarness, card: Any, values: dict[str, Any], action: str = "next"
) -> list[Any]:
    return await bot.submit(REPORTER, {**submit_data(card, action), **values}, card.activity_id)


async def walk_to_summary(bot: BotHarness, report: dict[str, dict[str, Any]] = FULL_REPORT) -> Any:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "no"})
    for step, values in report.items():
        card = last_card(sent)
        assert submit_data(card)["step"] == step
        sent = await answer(bot, card, values)
    summary = last_card(sent)
    assert summary.card["body"][0]["text"] == t.SUMMARY_TITLE
    return summary


async def count_signals(bot: BotHarness) -> int:
    async with bot.services.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(signals))).scalar_one()


async def test_full_report_is_stored_and_receipted(bot_on_each_database: BotHarness) -> None:
    bot = bot_on_each_database
    summary = await walk_to_summary(bot)
    # The summary says what was filled, not what it says.
    summary_json = str(summary.card)
    assert "Kowalczyk" not in summary_json and "uitgeput" not in summary_json
    assert "Arbeidsuitbuiting" in summary_json

    sent = await answer(bot, summary, {}, action="submit")
    receipt = [s for s in sent if s.kind == "update" and s.activity_id == summary.activity_id][-1]
    assert receipt.card["body"][0]["text"].startswith("Je melding is ontvangen: MH-2026-0001")
    assert await count_signals(bot) == 1

    stored_id = await _only_signal_id(bot)
    content = await bot.services.signals.read_content(stored_id)
    assert content["victim_name"] == "Tomasz Kowalczyk"
    assert content["postcode"] == "3431 AB" and content["house_number"] == "12A"
    assert content["contact"] == "not_for_safety"
    reporter = await bot.services.signals.read_reporter(stored_id)
    assert reporter.aad_object_id == REPORTER.aad_object_id and reporter.name == REPORTER.name


async def _only_signal_id(bot: BotHarness) -> str:
    async with bot.services.engine.connect() as conn:
        return (await conn.execute(select(signals.c.id))).scalar_one()


async def test_each_accepted_form_is_replaced_by_a_receipt_without_content(bot: BotHarness) -> None:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "no"})
    form_card = last_card(sent)
    sent = await answer(bot, form_card, FULL_REPORT["form"])
    sent = await answer(bot, last_card(sent), FULL_REPORT["signals"])
    account_card = last_card(sent)
    sent = await answer(bot, account_card, FULL_REPORT["account"])
    updates = [s for s in sent if s.kind == "update"]
    assert [u.activity_id for u in updates] == [account_card.activity_id]
    assert "ontvangen" in updates[0].card["body"][0]["text"]
    assert "uitgeput" not in str(updates[0].activity)


async def test_acute_danger_shows_112_first_then_offers_to_continue(bot: BotHarness) -> None:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "yes"})
    danger = last_card(sent)
    assert danger.card["body"][0]["text"] == t.DANGER_TITLE
    assert "112" in danger.card["body"][1]["text"]
    sent = await answer(bot, danger, {})
    assert submit_data(last_card(sent))["step"] == "form"


async def test_acute_danger_can_stop_without_storing(bot: BotHarness) -> None:
    card = await start_report(bot)
    danger = last_card(await answer(bot, card, {"acute": "yes"}))
    sent = await answer(bot, danger, {}, action="cancel")
    assert any(s.text == t.DANGER_STOPPED for s in sent)
    assert await count_signals(bot) == 0


async def test_typed_ja_answers_the_acute_question(bot: BotHarness) -> None:
    await start_report(bot)
    sent = await bot.say(REPORTER, "ja")
    assert last_card(sent).card["body"][0]["text"] == t.DANGER_TITLE


async def test_stop_cancels_at_any_step_and_stores_nothing(bot: BotHarness) -> None:
    summary = await walk_to_summary(bot)
    sent = await bot.say(REPORTER, "stop")
    assert any(s.text == t.CANCELLED for s in sent)
    assert any(s.kind == "update" and s.activity_id == summary.activity_id for s in sent)
    assert await count_signals(bot) == 0
    # After cancelling, the dialog is gone: "stop" has nothing left to cancel.
    assert (await bot.say(REPORTER, "annuleer"))[0].text == t.NOTHING_TO_CANCEL


async def test_cancel_button_cancels(bot: BotHarness) -> None:
    card = await start_report(bot)
    form = last_card(await answer(bot, card, {"acute": "no"}))
    sent = await answer(bot, form, {}, action="cancel")
    assert any(s.text == t.CANCELLED for s in sent)
    assert await count_signals(bot) == 0


async def test_help_explains_the_current_step(bot: BotHarness) -> None:
    card = await start_report(bot)
    await answer(bot, card, {"acute": "no"})
    sent = await bot.say(REPORTER, "help")
    assert sent[0].text.startswith(t.HELP["form"])
    sent = await bot.say(REPORTER, "stop")
    assert (await bot.say(REPORTER, "help"))[0].text == t.HELP_GENERAL


async def test_a_reporter_can_leave_and_resume(bot: BotHarness) -> None:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "no"})
    sent = await answer(bot, last_card(sent), FULL_REPORT["form"])
    bot.clock.advance(hours=3)
    sent = await bot.say(REPORTER, "hallo")
    resume = last_card(sent)
    assert resume.card["body"][0]["text"] == t.DRAFT_RESUME_QUESTION
    sent = await bot.submit(REPORTER, {"meldroute": "menu", "choice": "resume"}, resume.activity_id)
    signals_card = last_card(sent)
    assert submit_data(signals_card)["step"] == "signals"
    # The form chosen before leaving still decides which signal groups are offered.
    assert any(el.get("id") == "signals_labour" for el in signals_card.card["body"])
    assert not any(el.get("id") == "signals_sexual" for el in signals_card.card["body"])


async def test_discarding_a_draft_stores_nothing(bot: BotHarness) -> None:
    card = await start_report(bot)
    await answer(bot, card, {"acute": "no"})
    resume = last_card(await bot.say(REPORTER, "signaal melden"))
    sent = await bot.submit(
        REPORTER, {"meldroute": "menu", "choice": "discard"}, resume.activity_id
    )
    assert any(s.text == t.DRAFT_DISCARDED for s in sent)
    assert await count_signals(bot) == 0


async def test_an_unfinished_draft_expires(bot: BotHarness) -> None:
    card = await start_report(bot)
    form = last_card(await answer(bot, card, {"acute": "no"}))
    bot.clock.advance(hours=25)
    sent = await answer(bot, form, FULL_REPORT["form"])
    assert any("verwijderd" in s.text for s in sent)
    assert (await bot.say(REPORTER, "stop"))[0].text == t.NOTHING_TO_CANCEL


async def test_the_purge_job_deletes_abandoned_drafts(bot: BotHarness) -> None:
    card = await start_report(bot)
    await answer(bot, card, {"acute": "no"})
    from storage.schema import bot_state

    async with bot.services.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(bot_state))).scalar_one() == 1
    removed = await bot.services.state_store.purge_not_updated_since(
        bot.clock() - __import__("datetime").timedelta(hours=1)
    )
    assert removed == 0
    bot.clock.advance(hours=25)
    removed = await bot.services.state_store.purge_not_updated_since(
        bot.clock() - __import__("datetime").timedelta(hours=24)
    )
    assert removed == 1


async def test_summary_change_returns_to_summary(bot: BotHarness) -> None:
    summary = await walk_to_summary(bot)
    sent = await bot.submit(
        REPORTER, {**submit_data(summary, "edit"), "section": "contact"}, summary.activity_id
    )
    contact = last_card(sent)
    assert submit_data(contact)["step"] == "contact"
    sent = await answer(bot, contact, {"contact": "yes"})
    summary2 = last_card(sent)
    assert summary2.card["body"][0]["text"] == t.SUMMARY_TITLE
    facts = {f["title"]: f["value"] for f in summary2.card["body"][2]["facts"]}
    assert facts[t.SECTION_LABELS["contact"]] == t.CONTACT_LABELS["yes"]


async def test_submitting_twice_stores_one_signal(bot: BotHarness) -> None:
    summary = await walk_to_summary(bot)
    await answer(bot, summary, {}, action="submit")
    sent = await answer(bot, summary, {}, action="submit")
    assert any(s.text == t.UNKNOWN_ACTION for s in sent)
    assert await count_signals(bot) == 1

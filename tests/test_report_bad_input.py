"""Wrong values in the report get a re-prompt that says what is expected; nothing advances."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.harness import REPORTER, BotHarness, last_card, submit_data
from tests.test_report_dialog import FULL_REPORT, answer, merged, start_report, step_of
from texts import nl as t


async def reach_report_card(bot: BotHarness) -> Any:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "no"})
    return last_card(sent)


@pytest.mark.parametrize(
    ("section", "values", "expectation"),
    [
        ("where_when", {"date": "31-02-2026"}, "expect_date"),
        ("where_when", {"date": "2027-01-01"}, "expect_past_date"),
        ("where_when", {"postcode": "ABCD 12"}, "expect_postcode"),
        ("where_when", {"time": "25:99"}, "expect_time"),
        ("suspect", {"kvk": "1234"}, "expect_kvk"),
        ("suspect", {"suspect_dob": "gisteren"}, "expect_date"),
        ("victim", {"victim_age": "oud"}, "expect_age"),
        ("victim", {"victim_name": "x" * 201}, "expect_short_text"),
        ("account", {"facts": "x" * 4001}, "expect_shorter_text"),
        ("account", {"facts": "", "observations": ""}, "expect_account"),
        ("account", {"facts": "🙂", "observations": " ?! "}, "expect_account"),
        (
            "signals",
            {"signals_general": "", "signals_dependency": "", "signals_other": ""},
            "expect_some_signal",
        ),
        ("signals", {"signals_general": "made_up_signal"}, "expect_choice"),
        ("form", {"form": "smuggling"}, "expect_choice"),
        ("contact", {"contact": ""}, "expect_choice"),
        ("department", {"department": "finance"}, "expect_choice"),
    ],
)
async def test_invalid_value_is_reprompted_with_the_expectation(
    bot: BotHarness, section: str, values: dict[str, str], expectation: str
) -> None:
    card = await reach_report_card(bot)
    submitted = {**merged(FULL_REPORT), **values}
    sent = await bot.submit(REPORTER, {**submit_data(card), **submitted}, card.activity_id)
    # The same card is updated in place with the explanation, next to the field and above the
    # button; the dialog did not move on, and no error bubble stays behind in the chat.
    updated = [s for s in sent if s.kind == "update"]
    assert updated and updated[-1].activity_id == card.activity_id
    assert t.EXPECTATIONS[expectation] in str(updated[-1].card)
    assert step_of(updated[-1]) == "report"
    assert f"'id': '{next(iter(values))}'" in str(updated[-1].card)
    assert not [s for s in sent if s.kind != "update"]


async def test_after_a_reprompt_the_corrected_value_is_accepted(bot: BotHarness) -> None:
    card = await reach_report_card(bot)
    sent = await bot.submit(
        REPORTER, {**submit_data(card), **merged(FULL_REPORT), "kvk": "12"}, card.activity_id
    )
    # The re-prompt keeps what was typed in the other fields of that section.
    updated = [s for s in sent if s.kind == "update"][-1]
    assert "Kasbouw Van Dalen BV" in str(updated.card)
    sent = await bot.submit(
        REPORTER, {**submit_data(updated), **FULL_REPORT["suspect"]}, card.activity_id
    )
    assert step_of(last_card(sent)) == "summary"


async def test_typed_text_during_a_form_step_says_to_use_the_form(bot: BotHarness) -> None:
    await reach_report_card(bot)
    sent = await bot.say(REPORTER, "hij werkte daar al maanden")
    assert t.EXPECTATIONS["expect_form_input"] in sent[0].text


async def test_a_card_from_an_earlier_step_changes_nothing(bot: BotHarness) -> None:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "no"})
    report_card = last_card(sent)
    sent = await answer(bot, card, {"acute": "yes"})  # the acute card again
    assert [s.text for s in sent] == [t.UNKNOWN_ACTION]
    sent = await answer(bot, report_card, merged(FULL_REPORT))
    assert step_of(last_card(sent)) == "summary"

"""Wrong values in the report get a re-prompt that says what is expected; nothing advances."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.harness import REPORTER, BotHarness, last_card, submit_data
from tests.test_report_dialog import FULL_REPORT, answer, start_report
from texts import nl as t


async def reach(bot: BotHarness, step: str) -> Any:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "no"})
    for name, values in FULL_REPORT.items():
        card = last_card(sent)
        if name == step:
            return card
        sent = await answer(bot, card, values)
    raise AssertionError(step)


@pytest.mark.parametrize(
    ("step", "values", "expectation"),
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
    bot: BotHarness, step: str, values: dict[str, str], expectation: str
) -> None:
    card = await reach(bot, step)
    submitted = {**FULL_REPORT[step], **values}
    sent = await bot.submit(REPORTER, {**submit_data(card), **submitted}, card.activity_id)
    messages = [s.text for s in sent if s.text]
    assert any(t.EXPECTATIONS[expectation] in m for m in messages), messages
    # The same card is updated in place with the explanation; the dialog did not move on.
    updated = [s for s in sent if s.kind == "update"]
    assert updated and updated[0].activity_id == card.activity_id
    assert t.EXPECTATIONS[expectation] in str(updated[0].card)
    assert submit_data(updated[0])["step"] == step
    assert not [s for s in sent if s.kind != "update" and s.card is not None]


async def test_after_a_reprompt_the_corrected_value_is_accepted(bot: BotHarness) -> None:
    card = await reach(bot, "suspect")
    sent = await bot.submit(
        REPORTER, {**submit_data(card), **FULL_REPORT["suspect"], "kvk": "12"}, card.activity_id
    )
    # The re-prompt keeps what was typed in the other fields.
    updated = next(s for s in sent if s.kind == "update")
    assert "Kasbouw Van Dalen BV" in str(updated.card)
    sent = await bot.submit(
        REPORTER, {**submit_data(card), **FULL_REPORT["suspect"]}, card.activity_id
    )
    assert submit_data(last_card(sent))["step"] == "contact"


async def test_typed_text_during_a_form_step_says_to_use_the_form(bot: BotHarness) -> None:
    await reach(bot, "account")
    sent = await bot.say(REPORTER, "hij werkte daar al maanden")
    assert t.EXPECTATIONS["expect_form_input"] in sent[0].text


async def test_a_card_from_an_earlier_step_changes_nothing(bot: BotHarness) -> None:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "no"})
    form = last_card(sent)
    sent = await answer(bot, card, {"acute": "yes"})  # the acute card again
    assert [s.text for s in sent] == [t.UNKNOWN_ACTION]
    sent = await answer(bot, form, FULL_REPORT["form"])
    assert submit_data(last_card(sent))["step"] == "signals"

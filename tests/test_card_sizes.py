"""Long cases still open in Teams: a view that would pass Teams' message size limit shortens its
longest texts and shows any of them whole on request; the hand-over text stays whole.

The recording connector refuses messages over the limit as Teams does, and the harness checks
every invoke answer against it, so every test of the suite also guards the limit."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from bot.connector import FastConnectorClient
from cards.case_cards import HISTORY_SHOWN, agenda_card, my_reports_card
from cards.elements import card, paragraph
from cards.fitting import ADVISED_BYTES, MAX_CARD_BYTES, cap_texts, card_bytes, fit_for_teams
from domain.case import CaseRecord
from domain.validation import MAX_LONG_TEXT
from domain.workflow import State
from tests.route_helpers import TAH, report, setup_route
from tests.support.clicks import inputs_of
from tests.support.connector import TEAMS_MESSAGE_LIMIT, RecordingConnector, teams_size
from tests.support.harness import COLLEAGUE, COORDINATOR, REPORTER, BotHarness, last_card
from tests.test_report_dialog import FULL_REPORT, answer, merged, start_report, step_of
from tests.test_route import audit_rows
from tests.test_workbench import act, view
from texts import nl


def long_text(marker: str) -> str:
    """A text at the report's length limit that says where it belongs at both ends."""
    middle = "zag hoe het busje elke ochtend om zes uur voor de deur stond " * 80
    return f"BEGIN-{marker} {middle}"[: MAX_LONG_TEXT - len(marker) - 5] + f" END-{marker}"


LONG_REPORT = {
    "signals": {"signals_general": "unpaid_or_underpaid", "signals_other": long_text("other")},
    "account": {
        "facts": long_text("facts"),
        "observations": long_text("observations"),
        "interpretation": long_text("interpretation"),
        "source": "counter",
    },
    "victim": {"victim_description": long_text("victim")},
    "suspect": {"suspect_description": long_text("suspect")},
}


async def long_case(bot: BotHarness, notes: int) -> str:
    await setup_route(bot)
    number = await report(bot, **LONG_REPORT)
    await bot.invoke(TAH, "tah.forward", {"case": number, "note": long_text("tah")})
    await act(bot, "case.claim", number)
    for index in range(notes):
        await act(bot, "case.note", number, note=long_text(f"note{index}"))
    return number


def full_text_choices(detail: dict) -> list[dict[str, str]]:
    chooser = [a for a in detail.get("actions", []) if a.get("title") == nl.FULL_TEXT_BUTTON]
    assert len(chooser) == 1, [a.get("title") for a in detail.get("actions", [])]
    return chooser[0]["card"]["body"][0]["choices"]


async def test_a_long_case_opens_in_teams_and_every_shortened_text_can_be_read_whole(
    bot: BotHarness,
) -> None:
    # Six fields at their limit and 25 long notes: about 124,000 characters of free text.
    number = await long_case(bot, notes=25)
    detail = await view(bot, number)
    assert card_bytes(detail) <= ADVISED_BYTES < MAX_CARD_BYTES < TEAMS_MESSAGE_LIMIT
    shown = str(detail)
    assert nl.TEXT_SHORTENED in shown and nl.TEXTS_SHORTENED_NOTE in shown
    # Shortened texts still say what they are about; the history still has every step.
    assert "BEGIN-facts" in shown and "BEGIN-note24" in shown
    assert "END-facts" not in shown
    choices = full_text_choices(detail)
    assert {c["value"] for c in choices} >= {"content:facts", "content:victim_description"}
    assert len(choices) == 6 + 1 + 25  # the content's fields, the taakaccenthouder's note, notes
    for choice in choices:
        answer = await bot.invoke(
            COORDINATOR,
            "case.view",
            {"case": number, "show": "full_text", "full_text": choice["value"]},
        )
        whole = str(answer["value"])
        marker = choice["value"].split(":")[-1]
        assert answer["type"] == "application/vnd.microsoft.card.adaptive", answer
        assert nl.TEXT_SHORTENED not in whole
        assert "BEGIN-" in whole and "END-" in whole, marker


async def test_a_text_the_case_does_not_have_gets_a_clear_answer(bot: BotHarness) -> None:
    number = await long_case(bot, notes=0)
    for key in ("content:nothing", "event:99:note", "", 7, None, "content:" + "x" * 5000):
        answer = await bot.invoke(
            COORDINATOR, "case.view", {"case": number, "show": "full_text", "full_text": key}
        )
        assert answer["value"] == nl.FULL_TEXT_UNKNOWN, key


async def test_someone_without_the_role_gets_no_full_text_and_is_audited(
    bot: BotHarness,
) -> None:
    number = await long_case(bot, notes=0)
    answer = await bot.invoke(
        COLLEAGUE, "case.view", {"case": number, "show": "full_text", "full_text": "content:facts"}
    )
    assert "BEGIN-facts" not in str(answer)
    assert (COLLEAGUE.aad_object_id, "case.view", number, "refused:role") in await audit_rows(bot)


async def test_the_hand_over_text_of_a_long_case_is_whole_and_fits(bot: BotHarness) -> None:
    number = await long_case(bot, notes=3)
    answer = await bot.invoke(
        COORDINATOR, "case.handover_summary", {"case": number, "partner": "politie-avim"}
    )
    handover = answer["value"]
    assert teams_size(answer) <= TEAMS_MESSAGE_LIMIT
    field = next(e for e in handover["body"] if e.get("id") == "summary")["value"]
    for marker in ("facts", "observations", "interpretation", "other", "victim", "suspect"):
        assert f"BEGIN-{marker}" in field and f"END-{marker}" in field, marker
    assert nl.HANDOVER_LONG in str(handover["body"])


def test_texts_are_shortened_longest_first_to_the_budget() -> None:
    texts = {"a": "a" * 100, "b": "b" * 5000, "c": "c" * 3000, "d": "d" * 900}
    shortened = cap_texts(texts, budget=4000)
    assert set(shortened) == {"b", "c"}  # the short ones stay whole
    kept = {k: len(v) - len(" " + nl.TEXT_SHORTENED) for k, v in shortened.items()}
    assert kept["b"] == kept["c"]  # the long ones share what is left equally
    assert 100 + 900 + kept["b"] + kept["c"] <= 4000
    assert cap_texts(texts, budget=10_000) == {}


async def test_a_message_over_the_limit_goes_out_with_a_notice_and_nothing_of_it_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The last guard on every message the bot sends: where the connector makes the body."""
    teams = RecordingConnector()
    await teams.start()
    client = FastConnectorClient(
        teams.url, SimpleNamespace(config=SimpleNamespace(credentials=None))
    )
    secret = "Tomasz Kowalczyk "
    huge = {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": card([paragraph(secret * 3000)]),
            }
        ],
    }
    try:
        with caplog.at_level(logging.DEBUG):
            await client.call("POST", "v3/conversations/c1/activities", huge)
            await client.call(
                "POST",
                "v3/conversations/c1/activities",
                {
                    **huge,
                    "attachments": [
                        {**huge["attachments"][0], "content": card([paragraph(secret)])}
                    ],
                },
            )
    finally:
        await client.close()
        await teams.close()
    big, small = teams.sent
    assert secret not in str(big.activity) and nl.CARD_TOO_LARGE in str(big.activity)
    assert secret in str(small.activity) and not teams.too_large
    assert "too large" in caplog.text and "Tomasz" not in caplog.text


def test_a_card_over_the_limit_is_replaced_by_a_notice_and_its_content_never_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "Tomasz Kowalczyk "
    huge = card([paragraph(secret * 3000)])
    small = card([paragraph(secret)])
    assert fit_for_teams(small) is small
    with caplog.at_level(logging.DEBUG):
        replaced = fit_for_teams(huge)
    assert secret not in str(replaced) and nl.CARD_TOO_LARGE in str(replaced)
    assert "too large" in caplog.text and "Tomasz" not in caplog.text


async def test_a_report_with_every_long_field_over_its_limit_is_asked_again_with_the_text_kept(
    bot: BotHarness,
) -> None:
    """A client that ignores the fields' maxLength: every long field 500 characters too long.
    The card asks again, says what is expected and keeps what was typed, as far as the field
    takes it (the limit the Teams client enforces itself)."""
    card_sent = await start_report(bot)
    sent = await answer(bot, card_sent, {"acute": "no"})
    too_long = {
        key: long_text(key) + "x" * 500
        for key in (
            "signals_other",
            "facts",
            "observations",
            "interpretation",
            "victim_description",
            "suspect_description",
        )
    }
    values = {**merged(FULL_REPORT), **too_long}
    sent = await answer(bot, last_card(sent), values)
    again = [s for s in sent if s.card][-1]  # the card is updated in place
    assert step_of(again) == "report"
    assert nl.EXPECTATIONS["expect_shorter_text"] in str(again.card)
    inputs = inputs_of(again.card)
    for key in too_long:
        assert inputs[key][0]["value"] == too_long[key][:MAX_LONG_TEXT], key
    assert teams_size(again.activity) <= TEAMS_MESSAGE_LIMIT


def pointer_records(count: int) -> list[CaseRecord]:
    now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    return [
        CaseRecord(
            id=str(i),
            case_number=f"MH-2026-{i:04d}",
            state=State.IN_PROGRESS,
            form="labour",
            urgent=False,
            department="stadswinkel",
            created_at=now - timedelta(hours=i),
            updated_at=now,
            agenda_date="2026-11-01",
        )
        for i in range(1, count + 1)
    ]


def test_lists_stay_within_the_advised_size_however_long_they_get() -> None:
    cases = pointer_records(400)
    now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    mine = my_reports_card(cases)
    assert card_bytes(mine) <= ADVISED_BYTES
    assert "MH-2026-0001" in str(mine) and "MH-2026-0021" not in str(mine)  # the newest 20
    assert nl.MY_REPORTS_MORE.format(count=380) in str(mine)
    agenda = agenda_card("2026-12-01", cases, cases, now)
    assert card_bytes(agenda) <= ADVISED_BYTES
    assert nl.OPEN_CASES_MORE.format(count=370) in str(agenda)


async def test_one_form_adds_to_any_of_several_open_reports(bot: BotHarness) -> None:
    await setup_route(bot)
    numbers = [await report(bot) for _ in range(3)]
    mine = (await bot.say(REPORTER, "mijn meldingen"))[0].card
    forms = [a for a in mine["actions"] if a["type"] == "Action.ShowCard"]
    assert [a["title"] for a in forms] == [nl.ADD_BUTTON]
    which = inputs_of(forms[0]["card"])["case"][0]
    assert [c["value"] for c in which["choices"]] == numbers[::-1]  # newest first
    send = forms[0]["card"]["actions"][0]
    assert send["verb"] == "reporter.add" and "case" not in send.get("data", {})
    # Teams merges the chosen number and the fields into the action's data.
    added = await bot.invoke(
        REPORTER, "reporter.add", {"case": numbers[1], "facts": "Het busje stond er weer"}
    )
    assert nl.ADD_DONE.format(case_number=numbers[1]) in str(added["value"])
    await bot.deliver()
    view = await bot.invoke(COORDINATOR, "case.view", {"case": numbers[1]})
    assert "Het busje stond er weer" in str(view["value"])


def test_one_open_report_is_added_to_under_its_own_number() -> None:
    (form,) = my_reports_card(pointer_records(1))["actions"]
    assert form["title"] == f"{nl.ADD_BUTTON} MH-2026-0001"
    assert form["card"]["actions"][0]["data"] == {"case": "MH-2026-0001"}


async def test_a_case_with_many_steps_shows_the_newest_and_pages_the_earlier_ones(
    bot: BotHarness,
) -> None:
    number = await long_case(bot, notes=0)
    for index in range(HISTORY_SHOWN + 45):
        await act(bot, "case.note", number, note=f"Stap {index:03d} gedaan")
    detail = await view(bot, number)
    assert card_bytes(detail) <= ADVISED_BYTES
    shown = str(detail)
    # The forward, the claim and 85 notes: the newest 40 are on the card, 47 are earlier.
    assert "Stap 084 gedaan" in shown and "Stap 045 gedaan" in shown
    assert "Stap 044 gedaan" not in shown
    earlier = [c for c in full_text_choices(detail) if c["value"].startswith("history:")]
    assert [c["title"] for c in earlier] == [
        nl.HISTORY_PAGE.format(first=1, last=40),
        nl.HISTORY_PAGE.format(first=41, last=47),
    ]
    seen = []
    for choice in earlier:
        page = await bot.invoke(
            COORDINATOR,
            "case.view",
            {"case": number, "show": "full_text", "full_text": choice["value"]},
        )
        seen += re.findall(r"Stap (\d{3}) gedaan", str(page["value"]))
    assert seen == [f"{i:03d}" for i in range(45)]  # every earlier note once, in order

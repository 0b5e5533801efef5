"""Need to know, through the real adapter: the taakaccenthouder sees a signal only while it is
theirs, every disclosure is audited, bypassing signals carry no name or content to them, the
reporter may skip them, notes keep the reporter's name out, and routing changes apply at once."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.route_helpers import greet, link_channel, report, setup_route
from tests.support.harness import (
    CHANNEL_ID,
    COORDINATOR,
    REPORTER,
    TAH,
    TAH2,
    BotHarness,
    FakeClock,
    make_settings,
)
from tests.test_report_dialog import FULL_REPORT, answer, walk_to_summary
from tests.test_route import audit_rows, card_text
from texts import nl as t

CONTENT_WORDS = ("Kowalczyk", "Tomasz", "uitgeput", "Kasbouw", "3431")


def tah_sent(bot: BotHarness, case_number: str) -> list:
    return [
        s
        for s in bot.connector.sent
        if s.conversation_id == f"personal-{TAH.id}" and case_number in card_text(s.activity)
    ]


async def test_the_taakaccenthouder_sees_the_signal_only_while_it_waits_for_them(
    bot_on_each_database: BotHarness,
) -> None:
    bot = bot_on_each_database
    await setup_route(bot)
    case_number = await report(bot)
    await bot.deliver()
    (named,) = tah_sent(bot, case_number)
    assert REPORTER.name in card_text(named.activity)
    view = await bot.invoke(TAH, "tah.view", {"case": case_number})
    assert "Kowalczyk" in card_text(view["value"])  # while it is theirs: the content

    forwarded = await bot.invoke(TAH, "tah.forward", {"case": case_number})
    assert REPORTER.name not in card_text(forwarded["value"])  # the answer: the phase only
    await bot.deliver()
    update = tah_sent(bot, case_number)[-1]
    # Their card in the chat is replaced in place: same message, no name, no content.
    assert update.kind == "update" and update.activity_id == named.activity_id
    for word in (REPORTER.name, *CONTENT_WORDS):
        assert word not in card_text(update.activity), word
    assert t.REPORTER_PHASE_LABELS["with_coordinator"] in card_text(update.activity)

    refused = await bot.invoke(TAH, "tah.view", {"case": case_number})
    assert refused["value"] == t.TAH_NO_LONGER_YOURS
    assert (TAH.aad_object_id, "case.tah_view", case_number, "refused:state") in await audit_rows(
        bot
    )


async def test_every_disclosure_of_name_or_content_is_audited(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.deliver()  # the card with the reporter's name reaches the taakaccenthouder
    await bot.invoke(TAH, "tah.view", {"case": case_number})
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    await bot.invoke(COORDINATOR, "case.view", {"case": case_number})
    await bot.invoke(
        COORDINATOR,
        "case.reveal_reporter",
        {"case": case_number, "reveal_reason": "other", "reveal_note": "Vraag van OM"},
    )
    rows = {(a, w, r) for a, w, o, r in await audit_rows(bot) if o == case_number}
    assert (TAH.aad_object_id, "case.disclosed_to_tah", "ok") in rows
    assert (TAH.aad_object_id, "case.tah_view", "ok") in rows
    assert (COORDINATOR.aad_object_id, "case.view", "ok") in rows
    assert (COORDINATOR.aad_object_id, "case.reveal_reporter", "ok:other") in rows


async def test_the_reveal_reason_other_needs_an_explanation(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot, department={"department": "wmo"})
    answer_ = await bot.invoke(
        COORDINATOR, "case.reveal_reporter", {"case": case_number, "reveal_reason": "other"}
    )
    assert REPORTER.name not in card_text(answer_["value"])
    assert not [r for r in await audit_rows(bot) if r[1] == "case.reveal_reporter"]


async def test_signals_that_bypass_the_taakaccenthouder_carry_no_name_or_content_to_them(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    urgent = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    chosen = await report(
        bot, department={"department": "stadswinkel", "urgent": "false", "route": "coordinator"}
    )
    await bot.deliver()
    (notice,) = tah_sent(bot, urgent)
    assert notice.card is None and "dringend" in notice.text
    for word in (REPORTER.name, *CONTENT_WORDS):
        assert word not in notice.text
    assert tah_sent(bot, chosen) == []  # the reporter chose to skip them: nothing at all
    assert await bot.invoke(TAH, "tah.view", {"case": urgent}) == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": t.TAH_NO_LONGER_YOURS,
    }


async def test_the_reporter_can_go_straight_to_the_aandachtsfunctionaris(bot: BotHarness) -> None:
    await setup_route(bot)
    summary = await walk_to_summary(
        bot,
        {
            **FULL_REPORT,
            "department": {
                "department": "stadswinkel",
                "urgent": "false",
                "route": "coordinator",
            },
        },
    )
    sent = await answer(bot, summary, {}, action="submit")
    receipt = card_text([s.activity for s in sent])
    assert t.RECEIPT_NEXT["reporter_choice"][:40] in receipt
    assert t.RECEIPT_WHO_KNOWS["coordinator"][:40] in receipt
    await bot.deliver()
    pointer = card_text([s.activity for s in bot.connector.sent if CHANNEL_ID in s.conversation_id])
    assert t.ESCALATION_LABELS["reporter_choice"] in pointer and REPORTER.name not in pointer
    mine = await bot.say(REPORTER, "mijn meldingen")
    assert t.MY_REPORTS_WHO_KNOWS["coordinator"] in card_text(mine[0].card)


@pytest.mark.parametrize("note", ["Besproken met Sanne, ze twijfelt", "visser belde nog"])
async def test_a_note_with_the_reporters_name_is_refused(bot: BotHarness, note: str) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    refused = await bot.invoke(TAH, "tah.note", {"case": case_number, "note": note})
    assert t.EXPECTATIONS["expect_no_reporter_name"] in card_text(refused["value"])
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    refused = await bot.invoke(COORDINATOR, "case.note", {"case": case_number, "note": note})
    assert t.EXPECTATIONS["expect_no_reporter_name"] in card_text(refused["value"])
    accepted = await bot.invoke(
        COORDINATOR, "case.note", {"case": case_number, "note": "Besproken met de melder"}
    )
    view = card_text(accepted["value"])
    assert "Besproken met de melder" in view and note not in view


def write_routing(path: Path, replace: dict[str, str] | None = None) -> Path:
    text = (Path(__file__).parent / "support" / "routing.toml").read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new).replace(
            f'"{TAH2.aad_object_id}", "{TAH2.aad_object_id}"', f'"{TAH2.aad_object_id}"'
        )
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_removed_person_loses_access_and_pending_messages_at_once(
    tmp_path: Path, sqlite_url: str
) -> None:
    routing = write_routing(tmp_path / "routing.toml")
    bot = await BotHarness.start(
        make_settings(tmp_path, sqlite_url, MELDROUTE_ROUTING_FILE=str(routing)), FakeClock()
    )
    try:
        await link_channel(bot)
        await greet(bot, TAH2)
        case_number = await report(bot)  # TAH never opened the chat: their card waits
        await bot.deliver()
        # TAH leaves the organisation: every department they served gets TAH2 instead.
        write_routing(routing, {TAH.aad_object_id: TAH2.aad_object_id})
        change = await bot.services.routing_watch.check(force=True)
        assert change is not None and change.ended_messages == 1 and change.rerouted_signals == 1
        await greet(bot, TAH)  # too late: nothing of the signal reaches them
        sent = await bot.deliver()
        to_old = [s for s in sent if s.conversation_id == f"personal-{TAH.id}" and s.card]
        assert not [s for s in to_old if case_number in card_text(s.card)]
        to_new = [s for s in sent if s.conversation_id == f"personal-{TAH2.id}"]
        assert any(case_number in card_text(s.activity) for s in to_new)
        refused = await bot.invoke(TAH, "tah.view", {"case": case_number})
        assert refused["value"] == t.ACTION_REFUSED_TAH
        assert (await bot.invoke(TAH2, "tah.view", {"case": case_number}))["type"].endswith(
            "adaptive"
        )
    finally:
        await bot.close()


async def test_an_invalid_routing_file_keeps_the_old_routing_and_says_so(
    tmp_path: Path, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    routing = write_routing(tmp_path / "routing.toml")
    bot = await BotHarness.start(
        make_settings(tmp_path, sqlite_url, MELDROUTE_ROUTING_FILE=str(routing)), FakeClock()
    )
    try:
        await link_channel(bot)
        routing.write_text('[[departments]]\nid = "Not An Id"\nname = "x"\n', encoding="utf-8")
        with caplog.at_level(logging.ERROR):
            assert await bot.services.routing_watch.check(force=True) is None
        assert any("routing file not applied" in r.getMessage() for r in caplog.records)
        assert bot.services.cases.routing.is_coordinator(COORDINATOR.aad_object_id)
        sent = await bot.deliver()
        assert [s.text for s in sent if s.conversation_id.startswith(CHANNEL_ID)] == [
            t.ROUTING_INVALID
        ]
        assert await bot.services.routing_watch.check(force=True) is None
        assert not await bot.deliver()  # said once per version of the file
    finally:
        await bot.close()


async def test_a_signal_that_never_came_to_the_taakaccenthouder_does_not_seem_to_exist_to_them(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    chosen = await report(
        bot, department={"department": "stadswinkel", "urgent": "false", "route": "coordinator"}
    )
    for verb in ("tah.view", "tah.forward", "tah.note"):
        answer = await bot.invoke(TAH, verb, {"case": chosen, "note": "x"})
        assert answer["value"] == t.ACTION_REFUSED_UNKNOWN, verb


async def test_the_reporter_sees_when_their_name_was_revealed_and_the_case_says_who_knows_it(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    urgent = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    view = card_text((await bot.invoke(COORDINATOR, "case.view", {"case": urgent}))["value"])
    assert t.DETAIL_ROUTE_LABELS["coordinator"] in view  # not "the taakaccenthouder"
    mine = card_text((await bot.say(REPORTER, "mijn meldingen"))[0].card)
    assert "opgevraagd" not in mine
    await bot.invoke(
        COORDINATOR, "case.reveal_reporter", {"case": urgent, "reveal_reason": "contact"}
    )
    mine = card_text((await bot.say(REPORTER, "mijn meldingen"))[0].card)
    assert t.MY_REPORTS_REVEALED.format(date="28-11-2026") in mine

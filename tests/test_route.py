"""The meldroute through the real adapter: taakaccenthouder, channel pointer, case work, feedback."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.schema import audit_log
from tests.route_helpers import greet, link_channel, report, setup_route
from tests.support.harness import (
    CHANNEL_ID,
    COLLEAGUE,
    COORDINATOR,
    COORDINATOR2,
    REPORTER,
    TAH,
    BotHarness,
)
from tests.test_report_dialog import FULL_REPORT, SECRET_WORDS
from texts import nl as t

PRIVATE_WORDS = (*SECRET_WORDS, "3431", "12345678", REPORTER.aad_object_id, "Stadswinkel")


def card_text(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False)


async def audit_rows(bot: BotHarness) -> list[tuple[str, str, str, str]]:
    async with bot.services.engine.connect() as conn:
        rows = await conn.execute(
            select(audit_log.c.actor, audit_log.c.action, audit_log.c.object, audit_log.c.result)
        )
        return [tuple(r) for r in rows.all()]


def channel_sent(bot: BotHarness) -> list:
    """What the bot posted into the coordinators' channel by itself (not replies to commands)."""
    return [
        s
        for s in bot.connector.sent
        if s.conversation_id.startswith(CHANNEL_ID) and s.kind != "reply"
    ]


async def test_a_signal_reaches_the_taakaccenthouder_with_reporter_and_actions(
    bot_on_each_database: BotHarness,
) -> None:
    bot = bot_on_each_database
    await setup_route(bot)
    case_number = await report(bot)
    sent = await bot.deliver()
    to_tah = [s for s in sent if s.conversation_id == f"personal-{TAH.id}"]
    assert len(to_tah) == 1
    card = to_tah[0].card
    assert case_number in card_text(card) and REPORTER.name in card_text(card)
    assert {a.get("verb") for a in card["actions"] if a["type"] == "Action.Execute"} == {
        "tah.view",
        "tah.forward",
    }
    # Not forwarded yet: nothing in the channel.
    assert channel_sent(bot) == []
    # The taakaccenthouder opens the signal: content, only in the invoke response.
    view = await bot.invoke(TAH, "tah.view", {"case": case_number})
    assert "Kowalczyk" in card_text(view["value"])


async def test_forward_puts_a_pointer_card_without_personal_data_in_the_channel(
    bot_on_each_database: BotHarness,
) -> None:
    bot = bot_on_each_database
    await setup_route(bot)
    case_number = await report(bot)
    await bot.deliver()
    response = await bot.invoke(
        TAH, "tah.forward", {"case": case_number, "note": "Besproken met melder, zorgelijk"}
    )
    assert t.TAH_FORWARDED in card_text(response["value"])
    await bot.deliver()
    posted = channel_sent(bot)
    assert len(posted) == 1 and posted[0].kind == "create"
    pointer = card_text(posted[0].activity)
    assert (
        case_number in pointer
        and t.FORM_LABELS["labour"] in pointer
        and t.STATE_LABELS["with_coordinator"] in pointer
    )
    for word in (*PRIVATE_WORDS, "zorgelijk", TAH.name):
        assert word not in pointer, word


async def test_the_full_route_from_report_to_feedback(bot_on_each_database: BotHarness) -> None:
    bot = bot_on_each_database
    await setup_route(bot)
    first = await report(bot)
    await bot.deliver()
    await bot.invoke(TAH, "tah.forward", {"case": first})
    await bot.deliver()
    # A second signal about the same address (different wording, same postcode and number).
    second = await report(
        bot, where_when={"place": "Kas", "postcode": "3431AB", "house_number": "12 a"}
    )
    await bot.deliver()
    await bot.invoke(TAH, "tah.forward", {"case": second})
    await bot.deliver()

    # The coordinator opens the details: content, and the earlier signal about the same address.
    view = await bot.invoke(COORDINATOR, "case.view", {"case": second}, in_channel=True)
    detail = card_text(view["value"])
    assert "Kowalczyk" in detail and first in detail and t.RELATED_KIND_LABELS["address"] in detail
    assert REPORTER.name not in detail  # the reporter stays hidden until a separate, audited reveal

    claimed = await bot.invoke(COORDINATOR, "case.claim", {"case": second}, in_channel=True)
    assert t.STATE_LABELS["in_progress"] in card_text(claimed["value"])
    enriched = await bot.invoke(COORDINATOR, "case.enrich", {"case": second, "note": "BRP bekeken"})
    assert first in card_text(enriched["value"])
    handed = await bot.invoke(
        COORDINATOR,
        "case.hand_over",
        {"case": second, "partner": "politie-avim", "date": "2026-11-28", "reference": "AVIM-77"},
    )
    assert t.STATE_LABELS["handed_over"] in card_text(handed["value"]) and "AVIM-77" in card_text(
        handed["value"]
    )
    asked = await bot.invoke(
        COORDINATOR, "case.request_feedback", {"case": second, "partner": "politie-avim"}
    )
    assert "uiterlijk" in card_text(asked["value"])
    recorded = await bot.invoke(
        COORDINATOR,
        "case.record_feedback",
        {"case": second, "partner": "politie-avim", "feedback": "Onderzoek gestart"},
    )
    assert "Onderzoek gestart" in card_text(recorded["value"])
    closed = await bot.invoke(
        COORDINATOR,
        "case.close",
        {
            "case": second,
            "reason": "handed_over_done",
            "feedback": "Je signaal is opgepakt door een ketenpartner.",
        },
    )
    assert t.STATE_LABELS["closed"] in card_text(closed["value"])
    sent = await bot.deliver()

    # The reporter gets the feedback in their own chat; the taakaccenthouder hears it closed.
    to_reporter = [s for s in sent if s.conversation_id == f"personal-{REPORTER.id}"]
    assert len(to_reporter) == 1 and "opgepakt door een ketenpartner" in to_reporter[0].text
    to_tah = [s for s in sent if s.conversation_id == f"personal-{TAH.id}"]
    assert any(second in s.text and "afgesloten" in s.text for s in to_tah)
    case = await bot.services.cases.cases.by_number(second)
    assert case.feedback_delivered_at is not None

    # The channel card was updated in place after each step, never posted twice.
    updates = [s for s in channel_sent(bot) if s.kind == "update"]
    assert updates and all(
        u.activity_id == case.channel_activity_id
        for u in updates
        if second in card_text(u.activity)
    )
    assert t.STATE_LABELS["closed"] in card_text(updates[-1].activity)
    everything_in_channel = card_text([s.activity for s in channel_sent(bot)])
    for word in (
        *PRIVATE_WORDS,
        "AVIM-77",
        "Onderzoek gestart",
        "opgepakt door een ketenpartner",
        "BRP bekeken",
    ):
        assert word not in everything_in_channel, word

    # "Mijn meldingen": phases and dates, nothing else.
    mine = await bot.say(REPORTER, "mijn meldingen")
    status = card_text(mine[0].card)
    assert first in status and second in status and t.REPORTER_PHASE_LABELS["closed"] in status
    assert "Kowalczyk" not in status and "AVIM" not in status

    actions = [row[1] for row in await audit_rows(bot) if row[2] == second]
    for expected in (
        "signal.create",
        "case.forward",
        "case.view",
        "case.claim",
        "case.enrich",
        "case.hand_over",
        "case.close",
        "case.feedback_delivered",
    ):
        assert expected in actions, expected


async def test_revealing_the_reporter_is_a_separate_audited_action(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    # Without a reason nothing is shown (issue 12: the reveal asks why).
    refused = await bot.invoke(COORDINATOR2, "case.reveal_reporter", {"case": case_number})
    assert REPORTER.name not in card_text(refused["value"])
    assert t.INPUT_REVEAL_REASON.rstrip("?") in card_text(refused["value"])
    revealed = await bot.invoke(
        COORDINATOR2,
        "case.reveal_reporter",
        {"case": case_number, "reveal_reason": "contact"},
    )
    assert REPORTER.name in card_text(revealed["value"])
    assert (
        COORDINATOR2.aad_object_id,
        "case.reveal_reporter",
        case_number,
        "ok:contact",
    ) in await audit_rows(bot)
    # The reason is in the case's history for the other coordinators; the name is not.
    other = await bot.invoke(COORDINATOR, "case.view", {"case": case_number})
    assert t.REVEAL_REASONS["contact"] in card_text(other["value"])
    assert REPORTER.name not in card_text(other["value"])


async def test_a_colleague_without_the_role_is_refused_changes_nothing_and_is_audited(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    before = await bot.services.cases.cases.by_number(case_number)
    for verb in ("case.view", "case.claim", "case.reveal_reporter", "case.close"):
        response = await bot.invoke(
            COLLEAGUE,
            verb,
            {"case": case_number, "reason": "no_grounds", "feedback": "x"},
            in_channel=True,
        )
        assert response["value"] == t.ACTION_REFUSED_ROLE, verb
        assert "Kowalczyk" not in card_text(response)
    # A taakaccenthouder is no coordinator either, and a coordinator cannot forward for a department.
    assert (await bot.invoke(TAH, "case.view", {"case": case_number}))[
        "value"
    ] == t.ACTION_REFUSED_ROLE
    after = await bot.services.cases.cases.by_number(case_number)
    assert after == before
    refusals = [r for r in await audit_rows(bot) if r[0] == COLLEAGUE.aad_object_id]
    assert len(refusals) == 4 and all(r[3] == "refused:role" for r in refusals)


async def test_forged_and_replayed_payloads_are_refused(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    assert (await bot.invoke(COORDINATOR, "case.claim", {"case": "MH-2026-9999"}))[
        "value"
    ] == t.ACTION_REFUSED_UNKNOWN
    assert (await bot.invoke(COORDINATOR, "case.claim", {"case": {"$ne": 1}}))[
        "value"
    ] == t.ACTION_REFUSED_UNKNOWN
    assert (await bot.invoke(COORDINATOR, "case.drop_table", {"case": case_number}))[
        "value"
    ] == t.UNKNOWN_ACTION
    # Forwarding twice (a replayed click) is refused: the case is no longer with the taakaccenthouder.
    again = await bot.invoke(TAH, "tah.forward", {"case": case_number})
    assert again["value"] == t.TAH_NO_LONGER_YOURS
    await bot.invoke(COORDINATOR, "case.claim", {"case": case_number})
    await bot.invoke(
        COORDINATOR,
        "case.close",
        {"case": case_number, "reason": "no_grounds", "feedback": "Dank voor je melding."},
    )
    replay = await bot.invoke(COORDINATOR, "case.claim", {"case": case_number})
    assert replay["value"].startswith("Dat kan niet meer")
    note = await bot.invoke(COORDINATOR, "case.note", {"case": case_number, "note": "te laat"})
    assert note["value"].startswith("Dat kan niet meer")
    results = {
        r[3] for r in await audit_rows(bot) if r[2] in (case_number, "MH-2026-9999", "unknown")
    }
    assert {"refused:unknown", "refused:state"} <= results


async def test_closing_needs_a_reason_and_feedback(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    await bot.invoke(COORDINATOR, "case.claim", {"case": case_number})
    response = await bot.invoke(
        COORDINATOR, "case.close", {"case": case_number, "reason": "no_grounds"}
    )
    assert response["value"].startswith(t.ACTION_NEEDS_INPUT.format(field=t.INPUT_FEEDBACK_SHORT))
    assert (await bot.services.cases.cases.by_number(case_number)).state.value == "in_progress"


async def test_urgent_signals_and_departments_without_taakaccenthouder_go_to_the_channel_at_once(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    urgent = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    no_tah = await report(bot, department={"department": "wmo", "urgent": "false"})
    await bot.deliver()
    pointers = [card_text(s.activity) for s in channel_sent(bot)]
    assert any(urgent in p and t.ESCALATION_LABELS["urgent"] in p for p in pointers)
    assert any(no_tah in p and t.ESCALATION_LABELS["no_taakaccenthouder"] in p for p in pointers)
    # The taakaccenthouder of the urgent signal's department is told it exists, and why, but
    # not by whom or what: the signal bypassed them (issue 12).
    to_tah = [
        card_text(s.activity)
        for s in bot.connector.sent
        if s.conversation_id == f"personal-{TAH.id}" and urgent in card_text(s.activity)
    ]
    assert len(to_tah) == 1 and "dringend" in to_tah[0]
    for word in (REPORTER.name, "Kowalczyk", "uitgeput", "Tomasz"):
        assert word not in to_tah[0]


async def test_a_signal_not_forwarded_in_time_is_escalated(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.deliver()
    assert await bot.services.cases.escalate_overdue(bot_timeout(bot)) == 0
    bot.clock.advance(hours=49)
    assert await bot.services.cases.escalate_overdue(bot_timeout(bot)) == 1
    await bot.deliver()
    pointer = card_text(channel_sent(bot)[-1].activity)
    assert case_number in pointer and t.ESCALATION_LABELS["not_forwarded_in_time"] in pointer
    assert (await bot.services.cases.escalate_overdue(bot_timeout(bot))) == 0


def bot_timeout(bot: BotHarness):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    return timedelta(hours=bot.services.settings.forward_timeout_hours)


async def test_reminders_for_unclaimed_cases_and_missing_feedback(bot: BotHarness) -> None:
    from datetime import timedelta

    await setup_route(bot)
    case_number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    await bot.deliver()
    claim_after, feedback_after = timedelta(hours=24), timedelta(days=42)
    assert await bot.services.cases.send_reminders(claim_after, feedback_after) == 0
    bot.clock.advance(hours=25)
    assert await bot.services.cases.send_reminders(claim_after, feedback_after) == 1
    sent = await bot.deliver()
    reminder = [s for s in sent if s.text.startswith("Herinnering")]
    assert len(reminder) == 1 and case_number in reminder[0].text
    assert reminder[0].conversation_id.startswith(
        CHANNEL_ID + ";messageid="
    )  # in the case's thread
    assert (
        await bot.services.cases.send_reminders(claim_after, feedback_after) == 0
    )  # not again at once
    await bot.invoke(COORDINATOR, "case.claim", {"case": case_number})
    bot.clock.advance(days=42)
    assert await bot.services.cases.send_reminders(claim_after, feedback_after) == 1
    sent = await bot.deliver()
    assert any("zonder terugkoppeling" in s.text for s in sent)


async def test_linking_the_channel_is_for_coordinators_only(bot: BotHarness) -> None:
    sent = await bot.say_in_channel(COLLEAGUE, "koppel dit kanaal")
    assert [s.text for s in sent] == [t.CHANNEL_LINK_REFUSED]
    assert await bot.services.directory.channel_reference() is None
    assert (
        COLLEAGUE.aad_object_id,
        "case.channel.link",
        "channel",
        "refused:role",
    ) in await audit_rows(bot)
    sent = await bot.say_in_channel(COORDINATOR, "koppel dit kanaal")
    assert [s.text for s in sent] == [t.CHANNEL_LINKED]


async def test_messages_wait_for_an_unreachable_person_and_follow_when_they_appear(
    bot: BotHarness,
) -> None:
    await link_channel(bot)
    case_number = await report(bot)
    assert await bot.deliver() == []
    assert (await bot.services.outbox.counts()).get("awaiting_contact") == 1
    await greet(bot, TAH)  # the taakaccenthouder opens the chat for the first time
    sent = await bot.deliver()
    assert [s.conversation_id for s in sent] == [f"personal-{TAH.id}"] and case_number in card_text(
        sent[0].card
    )


async def test_open_cases_are_listed_for_coordinators_as_pointers(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    refused = await bot.say_in_channel(COLLEAGUE, "open zaken")
    assert [s.text for s in refused] == [t.ACTION_REFUSED_LIST]
    for sent in (
        await bot.say_in_channel(COORDINATOR, "open zaken"),
        await bot.say(COORDINATOR, "open zaken"),
    ):
        listing = card_text(sent[0].card)
        assert case_number in listing and "case.view" in listing
        for word in PRIVATE_WORDS:
            assert word not in listing
    menu = await bot.say(COORDINATOR, "menu")
    assert t.MENU_OPEN_CASES in card_text(menu[0].card)
    assert t.MENU_OPEN_CASES not in card_text((await bot.say(REPORTER, "menu"))[0].card)


async def test_a_channel_card_that_is_gone_is_posted_again(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    await bot.deliver()
    bot.connector.scripted_failures.append((404, {}))  # someone deleted the card in Teams
    await bot.invoke(COORDINATOR, "case.claim", {"case": case_number})
    await bot.deliver()
    posts = [s for s in channel_sent(bot) if s.kind == "create"]
    assert len(posts) == 2 and t.STATE_LABELS["in_progress"] in card_text(posts[-1].activity)
    case = await bot.services.cases.cases.by_number(case_number)
    assert case.channel_activity_id == posts[-1].activity_id


async def test_my_reports_shows_only_my_own_cases(bot: BotHarness) -> None:
    await setup_route(bot)
    await report(bot)
    sent = await bot.say(COLLEAGUE, "mijn meldingen")
    assert t.MY_REPORTS_NONE in card_text(sent[0].card)


__all__ = ["FULL_REPORT"]


async def test_a_channel_from_configuration_is_linked_at_start(tmp_path, sqlite_url) -> None:  # type: ignore[no-untyped-def]
    from bot.settings import DEMO_ROUTING_FILE
    from tests.support.harness import make_settings

    settings = make_settings(tmp_path, sqlite_url, MELDROUTE_ROUTING_FILE=str(DEMO_ROUTING_FILE))
    harness = await BotHarness.start(settings)
    try:
        reference = await harness.services.directory.channel_reference()
        assert reference["conversation"]["id"] == "19:team-oov@thread.tacv2"
        assert reference["serviceUrl"] == "http://localhost:56150/_connector"
    finally:
        await harness.close()

"""Delivery under faults: one bad message never holds up the others, a crash mid-send is
recovered at once and the repeat says so, feedback delivery is tracked and unreachable people
end their messages with a reason the coordinators can see."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from services.delivery import DeliveryPlanner
from storage.outbox import Outbox
from storage.schema import outbox, reporter_identities
from tests.route_helpers import greet, link_channel, report, setup_route
from tests.support.connector import RecordingConnector
from tests.support.harness import (
    CHANNEL_ID,
    COLLEAGUE,
    COORDINATOR,
    REPORTER,
    TAH,
    BotHarness,
    FakeClock,
    make_settings,
)
from tests.test_route import audit_rows, card_text
from texts import nl as t


class Crash(BaseException):
    """The process dies here (not an Exception: nothing in the bot may catch it)."""


async def rows(bot: BotHarness) -> dict[str, tuple[str, str | None, int]]:
    """kind -> (status, last_error, attempts) of each outbox message (last one per kind)."""
    async with bot.services.engine.connect() as conn:
        result = await conn.execute(
            select(outbox.c.kind, outbox.c.status, outbox.c.last_error, outbox.c.attempts).order_by(
                outbox.c.id
            )
        )
        return {r.kind: (r.status, r.last_error, r.attempts) for r in result.all()}


async def statuses(bot: BotHarness, kind: str) -> list[tuple[str, str | None]]:
    async with bot.services.engine.connect() as conn:
        result = await conn.execute(
            select(outbox.c.status, outbox.c.last_error)
            .where(outbox.c.kind == kind)
            .order_by(outbox.c.id)
        )
        return [tuple(r) for r in result.all()]


def to(bot: BotHarness, user_or_channel: str) -> list:
    return [s for s in bot.connector.sent if s.conversation_id.startswith(user_or_channel)]


def signal_cards(bot: BotHarness, case_number: str) -> list:
    """The taakaccenthouder's cards about this case (not the menu they got for saying hallo)."""
    return [s for s in to(bot, f"personal-{TAH.id}") if s.card and case_number in card_text(s.card)]


async def close_case(bot: BotHarness, case_number: str, feedback: str = "Dank je.") -> None:
    await bot.invoke(COORDINATOR, "case.claim", {"case": case_number})
    response = await bot.invoke(
        COORDINATOR,
        "case.close",
        {"case": case_number, "reason": "no_grounds", "feedback": feedback},
    )
    assert t.STATE_LABELS["closed"] in card_text(response["value"])


async def test_a_message_whose_recipient_identity_was_deleted_is_ended_and_the_rest_flows(
    bot: BotHarness,
) -> None:
    """Measured on the earlier main: a LookupError, and every later outbox round failed."""
    await link_channel(bot)
    first = await report(bot)  # the taakaccenthouder never opened the chat: their card waits
    bot.connector.refused_conversations[f"personal-{REPORTER.id}"] = 403  # reporter left
    await bot.deliver()
    bot.clock.advance(hours=49)
    assert await bot.services.cases.escalate_overdue(timedelta(hours=48)) == 1
    await close_case(bot, first)
    await bot.deliver()  # the feedback waits for the reporter
    bot.clock.advance(days=91)
    await bot.services.housekeeping.apply_retention()  # the identity goes, feedback or not
    del bot.connector.refused_conversations[f"personal-{REPORTER.id}"]
    # The reporter is back and reports again: their waiting feedback is due again ...
    second = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    await greet(bot, TAH)  # ... and so is the taakaccenthouder's old card
    sent = await bot.deliver()

    # Retention removed the waiting feedback with the identity (nothing may link the case to
    # the reporter any more); the case says the feedback failed and the coordinators are told.
    assert await statuses(bot, "reporter_text") == []
    assert (await bot.services.cases.cases.by_number(first)).feedback_state == "failed"
    in_channel = card_text([s.activity for s in sent if s.conversation_id.startswith(CHANNEL_ID)])
    assert second in in_channel  # the new signal's pointer went out in the same round
    assert t.UNDELIVERED_REASONS["identity_deleted"] in in_channel  # coordinators told ...
    assert REPORTER.name not in in_channel  # ... without content
    # The old card reached the taakaccenthouder with the phase only: the case is not theirs.
    old_card = [s for s in signal_cards(bot, first)]
    assert len(old_card) == 1 and REPORTER.name not in card_text(old_card[0].card)


async def test_any_exception_while_planning_one_message_retries_it_alone(bot: BotHarness) -> None:
    await setup_route(bot)
    planner = bot.services.worker._planner
    broken = planner._planners["tah_card"]

    async def fails(message):  # type: ignore[no-untyped-def]
        raise RuntimeError("unexpected")

    planner._planners["tah_card"] = fails
    first = await report(bot)
    second = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    sent = await bot.deliver()
    assert second in card_text([s.activity for s in sent])  # the other message went out
    assert (await rows(bot))["tah_card"] == ("pending", "RuntimeError", 1)

    policy = bot.services.worker.policy
    for _ in range(policy.max_attempts):
        bot.clock.advance(seconds=policy.cap_seconds + 1)
        await bot.deliver()
    assert (await rows(bot))["tah_card"][0] == "dead"
    notices = [s.text for s in to(bot, CHANNEL_ID) if first in s.text]
    assert len(notices) == 1 and t.UNDELIVERED_REASONS["error"] in notices[0]
    planner._planners["tah_card"] = broken


async def crash_after_the_send(bot: BotHarness) -> None:
    """Run one outbox round that dies right after the connector accepted the first send,
    before anything about it was recorded."""
    delivered, mark_sent = DeliveryPlanner.delivered, Outbox.mark_sent

    async def die(self: object, *args: object) -> None:
        raise Crash()  # a SIGKILL runs no finally block either: both are cut off

    DeliveryPlanner.delivered = die  # type: ignore[method-assign]
    Outbox.mark_sent = die  # type: ignore[method-assign]
    try:
        with pytest.raises(Crash):
            await bot.services.worker.run_once()
    finally:
        DeliveryPlanner.delivered = delivered  # type: ignore[method-assign]
        Outbox.mark_sent = mark_sent  # type: ignore[method-assign]


async def test_a_crash_after_the_send_is_sent_again_at_once_and_says_it_may_be_a_repeat(
    tmp_path: Path, database_url: str
) -> None:
    settings = make_settings(tmp_path, database_url)
    clock = FakeClock()
    teams = RecordingConnector()
    await teams.start()
    first = await BotHarness.start(settings, clock, teams)
    await setup_route(first)
    case_number = await report(first)
    await crash_after_the_send(first)
    await first.close()
    cards = signal_cards(first, case_number)
    assert len(cards) == 1 and t.REPEAT_NOTICE not in card_text(cards[0].card)

    second = await BotHarness.start(settings, clock, teams)
    try:
        if database_url.startswith("postgresql"):
            # Several instances share PostgreSQL: the dead one's claim goes when its heartbeat
            # is stale, not after the two-minute safety lease.
            await second.deliver()
            clock.advance(seconds=11)
        await second.deliver()
        cards = signal_cards(second, case_number)
        assert len(cards) == 2
        assert case_number in card_text(cards[1].card)
        assert t.REPEAT_NOTICE in card_text(cards[1].card)
        assert await second.deliver() == []  # and not a third time
    finally:
        await second.close()
        await teams.close()


async def test_an_update_in_place_after_a_crash_carries_no_repeat_notice(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    await bot.deliver()  # the pointer card is posted
    await bot.invoke(COORDINATOR, "case.claim", {"case": case_number})
    await crash_after_the_send(bot)  # the update went out, "sent" was never recorded
    await bot.services.outbox.start(bot.clock())  # a restart of the same bot
    bot.services.outbox.worker_id = "restarted"
    await bot.services.outbox.start(bot.clock())
    sent = await bot.deliver()
    updates = [s for s in sent if s.kind == "update" and case_number in card_text(s.activity)]
    assert len(updates) == 1 and t.REPEAT_NOTICE not in card_text(updates[0].activity)


async def test_feedback_waits_for_an_unreachable_reporter_and_is_tracked(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.deliver()
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    bot.connector.refused_conversations[f"personal-{REPORTER.id}"] = 403
    await close_case(bot, case_number, "Opgepakt door een ketenpartner.")
    sent = await bot.deliver()

    case = await bot.services.cases.cases.by_number(case_number)
    assert case.feedback_state == "waiting" and case.feedback_delivered_at is None
    closing_notices = [s for s in sent if s.conversation_id == f"personal-{TAH.id}" and s.text]
    assert not closing_notices  # not told yet (their card only shows the new phase)
    view = await bot.invoke(COORDINATOR, "case.view", {"case": case_number})
    assert t.FEEDBACK_STATES["waiting"] in card_text(view["value"])

    bot.clock.advance(days=8)
    await bot.services.housekeeping.watch_deadlines()
    sent = await bot.deliver()
    reminder = [s.text for s in sent if "wacht al" in s.text]
    assert len(reminder) == 1 and case_number in reminder[0] and REPORTER.name not in reminder[0]
    await bot.services.housekeeping.watch_deadlines()
    assert not [s for s in await bot.deliver() if "wacht al" in s.text]  # once

    del bot.connector.refused_conversations[f"personal-{REPORTER.id}"]
    await greet(bot, REPORTER)  # back from leave
    sent = await bot.deliver()
    assert any("ketenpartner" in s.text for s in sent if s.conversation_id.endswith(REPORTER.id))
    to_tah = [s.text for s in sent if s.conversation_id == f"personal-{TAH.id}" and s.text]
    assert len(to_tah) == 1 and case_number in to_tah[0]  # only now the taakaccenthouder
    case = await bot.services.cases.cases.by_number(case_number)
    assert case.feedback_state == "delivered" and case.feedback_delivered_at is not None


async def test_feedback_for_a_deleted_identity_fails_visibly(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    async with bot.services.engine.begin() as conn:
        await conn.execute(reporter_identities.delete())
    await close_case(bot, case_number)
    sent = await bot.deliver()
    case = await bot.services.cases.cases.by_number(case_number)
    assert case.feedback_state == "failed"
    assert any(case_number in s.text and "niet worden bezorgd" in s.text for s in sent)
    assert not [s for s in sent if s.conversation_id == f"personal-{TAH.id}" and s.text]


async def test_the_identity_is_kept_at_most_its_period_after_close(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    bot.connector.refused_conversations[f"personal-{REPORTER.id}"] = 403
    await close_case(bot, case_number)
    await bot.deliver()  # the feedback never arrives
    bot.clock.advance(days=89)
    await bot.services.housekeeping.apply_retention()
    async with bot.services.engine.connect() as conn:
        assert len((await conn.execute(select(reporter_identities))).all()) == 1
    bot.clock.advance(days=2)
    await bot.services.housekeeping.apply_retention()
    async with bot.services.engine.connect() as conn:
        assert (await conn.execute(select(reporter_identities))).all() == []


async def test_a_person_removed_from_the_routing_gets_no_more_cards(
    tmp_path: Path, sqlite_url: str
) -> None:
    routing = (Path(__file__).parent / "support" / "routing.toml").read_text(encoding="utf-8")
    # Stadswinkel gets another taakaccenthouder; TAH keeps no role in that department.
    removed = routing.replace(
        f'taakaccenthouders = ["{TAH.aad_object_id}"]',
        'taakaccenthouders = ["00000000-0000-4000-8000-0000000000a7"]',
        1,
    )
    assert removed != routing
    (tmp_path / "routing.toml").write_text(removed, encoding="utf-8")
    clock = FakeClock()
    first = await BotHarness.start(make_settings(tmp_path, sqlite_url), clock)
    await link_channel(first)
    await report(first)  # waits for the taakaccenthouder, who never opened the chat
    await first.close()
    second = await BotHarness.start(
        make_settings(tmp_path, sqlite_url, MELDROUTE_ROUTING_FILE=str(tmp_path / "routing.toml")),
        clock,
    )
    try:
        await greet(second, TAH)
        await second.deliver()
        assert not [
            s
            for s in second.connector.sent
            if s.conversation_id.endswith(TAH.id) and s.card and "MH-" in card_text(s.card)
        ]
        assert (await rows(second))["tah_card"][:2] == ("ended", "not_in_routing")
    finally:
        await second.close()


async def test_messages_waiting_too_long_for_someone_are_ended(bot: BotHarness) -> None:
    await link_channel(bot)
    await report(bot)
    await bot.deliver()
    assert (await rows(bot))["tah_card"][0] == "awaiting_contact"
    bot.clock.advance(days=61)
    await bot.services.housekeeping.watch_deadlines()
    assert (await rows(bot))["tah_card"][:2] == ("ended", "not_reachable")


async def test_only_coordinators_see_the_undelivered_list_and_readyz_counts(
    bot: BotHarness,
) -> None:
    sent = await bot.say(COLLEAGUE, "niet bezorgd")
    assert [s.text for s in sent] == [t.ACTION_REFUSED_LIST]
    assert (COLLEAGUE.aad_object_id, "outbox.undelivered", "list", "refused:role") in [
        row for row in await audit_rows(bot)
    ]
    await link_channel(bot)
    await report(bot)
    await bot.deliver()
    response = await bot.client.get("/readyz")
    body = await response.json()
    assert body["outbox"]["awaiting_contact"] == 1 and body["outbox"]["dead"] == 0


async def test_a_note_for_a_case_thread_that_is_gone_is_posted_as_a_new_thread(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    case_number = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    await bot.deliver()
    case = await bot.services.cases.cases.by_number(case_number)
    bot.connector.refused_conversations[case.channel_conversation_id] = 404  # thread deleted
    bot.clock.advance(hours=25)
    await bot.services.housekeeping.watch_deadlines()  # the claim reminder is due
    sent = await bot.deliver()
    reminders = [s for s in sent if "Herinnering" in s.text]
    assert len(reminders) == 1 and reminders[0].kind == "create"
    assert (await rows(bot))["channel_text"][0] == "sent"

"""The outbox loses nothing and, without a crash mid-send, sends nothing twice: restarts between
commit and send, 429s, 5xx, several workers. (A crash mid-send: tests/test_delivery_faults.py.)"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from storage.outbox import OutboxMessage
from storage.schema import outbox
from tests.route_helpers import greet, link_channel, report, setup_route
from tests.support.connector import RecordingConnector
from tests.support.harness import TAH, BotHarness, FakeClock, make_settings


def tah_cards(bot: BotHarness) -> list:
    """The signal cards the taakaccenthouder received (not the menu they got for saying hallo)."""
    return [
        s
        for s in bot.connector.sent
        if s.conversation_id == f"personal-{TAH.id}" and s.card and "Nieuw signaal" in str(s.card)
    ]


async def outbox_rows(bot: BotHarness) -> list:
    async with bot.services.engine.connect() as conn:
        return (
            await conn.execute(
                select(outbox.c.kind, outbox.c.status, outbox.c.attempts, outbox.c.due_at)
            )
        ).all()


async def test_a_restart_between_commit_and_delivery_delivers_exactly_once(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'restart.db'}")
    clock = FakeClock()
    teams = RecordingConnector()
    await teams.start()
    first = await BotHarness.start(settings, clock, teams)
    await setup_route(first)
    case_number = await report(first)
    # The process dies here: the signal and its outbox message are committed, nothing was sent.
    await first.close()
    await first.services.engine.dispose()
    assert tah_cards(first) == []

    second = await BotHarness.start(settings, clock, teams)
    try:
        await second.deliver()
        await second.deliver()
        cards = tah_cards(second)
        assert len(cards) == 1 and case_number in str(cards[0].card)
        # A third instance finds nothing left to send.
        third = await BotHarness.start(settings, clock, teams)
        try:
            assert await third.deliver() == []
        finally:
            await third.close()
    finally:
        await second.close()
        await teams.close()


async def test_a_worker_that_crashed_mid_delivery_is_taken_over_after_its_lease(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    await report(bot)
    claimed = await bot.services.outbox.claim(bot.clock(), timedelta(minutes=2))
    assert len(claimed) == 1  # ... and then this worker dies without marking anything
    assert await bot.deliver() == []  # still leased to the dead worker
    bot.clock.advance(minutes=3)
    assert len([s for s in await bot.deliver() if s.card]) == 1


async def test_429_with_retry_after_is_honoured(bot: BotHarness) -> None:
    await setup_route(bot)
    await report(bot)
    bot.connector.scripted_failures.append((429, {"Retry-After": "30"}))
    assert await bot.deliver() == []
    (row,) = await outbox_rows(bot)
    # Throttling is not a failure: it does not use up one of the bounded attempts.
    assert row.status == "pending" and row.attempts == 0
    bot.clock.advance(seconds=29)
    assert await bot.deliver() == []  # not before Retry-After has passed
    bot.clock.advance(seconds=2)
    sent = await bot.deliver()
    assert len(sent) == 1 and tah_cards(bot) == sent


async def test_server_errors_are_retried_with_backoff_then_dead_lettered(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    policy = bot.services.worker.policy
    bot.connector.scripted_failures.extend([(503, {})] * 50)
    for _ in range(policy.max_attempts):
        await bot.deliver()
        bot.clock.advance(seconds=policy.cap_seconds + 1)
    rows = {r.kind: r for r in await outbox_rows(bot)}
    assert rows["tah_card"].status == "dead" and rows["tah_card"].attempts == policy.max_attempts
    # The coordinators are told, without content, once the connector answers again.
    bot.connector.scripted_failures.clear()
    sent = await bot.deliver()
    notices = [s for s in sent if "niet worden bezorgd" in s.text]
    assert len(notices) == 1 and case_number in notices[0].text and "Sanne" not in notices[0].text


async def test_a_server_error_then_success_delivers_once(bot: BotHarness) -> None:
    await setup_route(bot)
    await report(bot)
    bot.connector.scripted_failures.append((500, {}))
    await bot.deliver()
    bot.clock.advance(seconds=bot.services.worker.policy.base_seconds * 2 + 1)
    await bot.deliver()
    assert len(tah_cards(bot)) == 1


async def test_several_workers_never_claim_the_same_message(
    bot_on_each_database: BotHarness,
) -> None:
    bot = bot_on_each_database
    messages = [
        OutboxMessage("user_text", "someone", f"load:{i}", {"text": "x"}) for i in range(60)
    ]
    await bot.services.outbox.enqueue(messages, bot.clock())
    lease = timedelta(minutes=2)
    batches = await asyncio.gather(
        *(bot.services.outbox.claim(bot.clock(), lease, 10) for _ in range(8))
    )
    ids = [m.id for batch in batches for m in batch]
    assert len(ids) == len(set(ids)) == 60


async def test_delivery_goes_on_when_a_person_appears(bot: BotHarness) -> None:
    await link_channel(bot)
    await report(bot)
    await bot.deliver()
    assert tah_cards(bot) == []
    await greet(bot, TAH)
    await bot.deliver()
    assert len(tah_cards(bot)) == 1

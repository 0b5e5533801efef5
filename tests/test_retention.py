"""Retention: the identity goes after the feedback, the case after its period, all audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage.retention import enforce_retention
from storage.schema import (
    audit_log,
    blind_indexes,
    case_events,
    reporter_identities,
    signal_keys,
    signals,
)
from tests.route_helpers import report, setup_route
from tests.support.harness import COORDINATOR, TAH, BotHarness


async def count(bot: BotHarness, table) -> int:  # type: ignore[no-untyped-def]
    async with bot.services.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(table))).scalar_one()


async def enforce(bot: BotHarness):  # type: ignore[no-untyped-def]
    now = bot.clock()
    return await enforce_retention(
        bot.services.engine,
        now,
        identity_after_feedback_before=now - timedelta(days=30),
        closed_before=now - timedelta(days=365),
        answered_before=now - timedelta(days=365),
    )


async def test_identity_then_case_are_deleted_when_their_time_is_up(
    bot_on_each_database: BotHarness,
) -> None:
    bot = bot_on_each_database
    await setup_route(bot)
    closed_case = await report(bot)
    open_case = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": closed_case})
    await bot.invoke(COORDINATOR, "case.claim", {"case": closed_case})
    await bot.invoke(
        COORDINATOR,
        "case.close",
        {"case": closed_case, "reason": "no_grounds", "feedback": "Dank je."},
    )
    await bot.deliver()
    assert (await enforce(bot)).identities_removed == 0

    bot.clock.advance(days=31)
    result = await enforce(bot)
    assert (result.identities_removed, result.cases_deleted) == (1, 0)
    assert await count(bot, reporter_identities) == 1  # the open case keeps its reporter
    case = await bot.services.cases.cases.by_number(closed_case)
    assert case is not None  # the case itself stays until its own period is over

    open_id = (await bot.services.cases.cases.by_number(open_case)).id
    async with bot.services.engine.connect() as conn:
        open_indexes = (
            await conn.execute(
                select(func.count())
                .select_from(blind_indexes)
                .where(blind_indexes.c.signal_id == open_id)
            )
        ).scalar_one()
    bot.clock.advance(days=365)
    result = await enforce(bot)
    assert result.cases_deleted == 1
    assert await bot.services.cases.cases.by_number(closed_case) is None
    assert await bot.services.cases.cases.by_number(open_case) is not None
    # Only the open case's rows are left: its key, its blind indexes, no history of the other.
    assert await count(bot, signals) == 1 and await count(bot, signal_keys) == 1
    assert await count(bot, case_events) == 0
    assert await count(bot, blind_indexes) == open_indexes > 0
    async with bot.services.engine.connect() as conn:
        actions = (await conn.execute(select(audit_log.c.action))).scalars().all()
    assert actions.count("retention.enforce") == 2

"""The audit log is hash-chained: a changed or deleted entry is found."""

from __future__ import annotations

from sqlalchemy import delete, update

from storage.audit import AuditEvent, record, verify_chain
from storage.schema import audit_log
from tests.support.harness import BotHarness


async def _three_entries(bot: BotHarness) -> None:
    for action in ("signal.create", "case.claim", "case.close"):
        await record(
            bot.services.engine, AuditEvent("actor-1", action, "MH-2026-0001"), bot.clock()
        )
        bot.clock.advance(seconds=1)


async def test_an_untouched_chain_verifies(bot_on_each_database: BotHarness) -> None:
    await _three_entries(bot_on_each_database)
    check = await verify_chain(bot_on_each_database.services.engine)
    assert check.intact and check.entries == 3


async def test_a_changed_entry_breaks_the_chain(bot_on_each_database: BotHarness) -> None:
    bot = bot_on_each_database
    await _three_entries(bot)
    async with bot.services.engine.begin() as conn:
        await conn.execute(
            update(audit_log).where(audit_log.c.seq == 2).values(actor="someone-else")
        )
    check = await verify_chain(bot.services.engine)
    assert not check.intact and check.first_broken_seq == 2


async def test_a_deleted_entry_breaks_the_chain(bot_on_each_database: BotHarness) -> None:
    bot = bot_on_each_database
    await _three_entries(bot)
    async with bot.services.engine.begin() as conn:
        await conn.execute(delete(audit_log).where(audit_log.c.seq == 2))
    check = await verify_chain(bot.services.engine)
    assert check.first_broken_seq == 3

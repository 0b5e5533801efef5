"""The audit log is hash-chained: a changed or deleted entry is found."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from sqlalchemy import delete, update

from storage.audit import AuditEvent, record, verify_chain
from storage.audit_anchor import AnchorFile, check
from storage.schema import audit_log
from tests.support.harness import BotHarness, make_settings


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


async def test_cutting_off_the_newest_entry_is_found_by_the_anchor(
    bot_on_each_database: BotHarness,
) -> None:
    """The chain alone cannot see a log whose tail was removed; the anchor outside can."""
    bot = bot_on_each_database
    await _three_entries(bot)
    await bot.services.housekeeping.anchor_audit()
    key, store = (
        bot.services.keyring["audit_anchor"],
        AnchorFile(bot.services.settings.audit_anchor_path),
    )
    assert (await check(bot.services.engine, key, store.latest())).ok
    async with bot.services.engine.begin() as conn:
        await conn.execute(delete(audit_log).where(audit_log.c.seq == 3))
    assert (await verify_chain(bot.services.engine)).intact  # the chain itself looks fine ...
    result = await check(bot.services.engine, key, store.latest())
    assert not result.ok and "cut off" in (result.problem or "")  # ... the anchor does not


async def test_a_rewritten_log_is_found_by_the_anchor(bot: BotHarness) -> None:
    await _three_entries(bot)
    await bot.services.housekeeping.anchor_audit()
    key, store = (
        bot.services.keyring["audit_anchor"],
        AnchorFile(bot.services.settings.audit_anchor_path),
    )
    # Someone rebuilds the whole chain consistently without one of the entries.
    async with bot.services.engine.begin() as conn:
        await conn.execute(delete(audit_log))
    for action in ("signal.create", "case.claim", "case.reopen"):
        await record(
            bot.services.engine, AuditEvent("actor-1", action, "MH-2026-0001"), bot.clock()
        )
    assert (await verify_chain(bot.services.engine)).intact
    assert not (await check(bot.services.engine, key, store.latest())).ok
    # A forged anchor (without the key) is not believed either.
    forged = replace(store.latest(), seq=1)
    assert "signature" in ((await check(bot.services.engine, key, forged)).problem or "")


def test_verify_audit_on_the_command_line_reports_a_cut_off_log(tmp_path: Path) -> None:
    database = tmp_path / "cli.db"
    env = {
        **os.environ,
        "MELDROUTE_ENV": "development",
        "DATABASE_URL": f"sqlite:///{database}",
        "MELDROUTE_KEY_FILE": str(tmp_path / "kek.key"),
        "MELDROUTE_AUDIT_ANCHOR_FILE": str(tmp_path / "anchors.jsonl"),
    }

    async def prepare() -> None:
        bot = await BotHarness.start(
            make_settings(
                tmp_path,
                f"sqlite:///{database}",
                MELDROUTE_AUDIT_ANCHOR_FILE=str(tmp_path / "anchors.jsonl"),
            )
        )
        try:
            await _three_entries(bot)
            await bot.services.housekeeping.anchor_audit()
        finally:
            await bot.close()

    asyncio.run(prepare())

    def verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "verify-audit"],
            env=env,
            cwd=Path(__file__).resolve().parent.parent,
            capture_output=True,
            text=True,
            timeout=60,
        )

    first = verify()
    assert first.returncode == 0, first.stdout + first.stderr
    assert "matches the newest anchor" in first.stdout
    with sqlite3.connect(database) as conn:
        conn.execute("delete from audit_log where seq = (select max(seq) from audit_log)")
    second = verify()
    assert second.returncode == 1 and "cut off" in second.stdout

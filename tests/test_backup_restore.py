"""Backup of a running instance, restore into a fresh one: every case readable, the audit log
intact. SQLite through `python -m bot backup` / `restore`; PostgreSQL through the documented
pg_dump / pg_restore procedure (docs/admin.md)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
import uuid
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from storage.keys import create_key_file
from tests.conftest import POSTGRES_ENV, _create_postgres_database, _drop_postgres_database
from tests.operations_helpers import populate, read_everything
from tests.route_helpers import report
from tests.support.harness import BotHarness, FakeClock, make_settings
from tests.test_admin_commands import operator_env, run_bot


async def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """A command in its own process, while this event loop keeps serving the bot."""
    process = await asyncio.create_subprocess_exec(
        *args,
        cwd=PROJECT_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def back_up_under_load(bot: BotHarness, command: list[str], env: dict[str, str]) -> list[str]:
    """Run `command` while reports keep coming in; returns the case numbers reported meanwhile."""
    during: list[str] = []
    stop = asyncio.Event()

    async def keep_reporting() -> None:
        while not stop.is_set():
            during.append(await report(bot))

    writer = asyncio.create_task(keep_reporting())
    await asyncio.sleep(0.2)  # the first reports are under way
    try:
        code, _out, err = await run(*command, env=env)
        assert code == 0, err
    finally:
        stop.set()
        await writer
    assert during, "no report was made while the backup ran"
    return during


async def test_sqlite_backup_of_a_running_bot_restores_into_a_fresh_one(tmp_path: Path) -> None:
    live = tmp_path / "live" / "meldroute.db"
    key = tmp_path / "kek.key"
    clock = FakeClock()
    bot = await BotHarness.start(
        make_settings(tmp_path, f"sqlite:///{live}", MELDROUTE_KEY_FILE=str(key)), clock
    )
    backup = tmp_path / "backups" / "meldroute-1.db"
    env = operator_env(DATABASE_URL=f"sqlite:///{live}", MELDROUTE_KEY_FILE=str(key))
    try:
        before = await populate(bot)
        during = await back_up_under_load(
            bot, [sys.executable, "-m", "bot", "backup", str(backup)], env
        )
    finally:
        await bot.close()
    assert backup.stat().st_mode & 0o777 == 0o600

    # With another key the backup is unreadable: the restore says so and leaves nothing behind.
    fresh = tmp_path / "restored" / "meldroute.db"
    other_key = tmp_path / "other.key"
    create_key_file(other_key)
    wrong = run_bot(
        ["restore", str(backup)],
        operator_env(DATABASE_URL=f"sqlite:///{fresh}", MELDROUTE_KEY_FILE=str(other_key)),
        tmp_path,
    )
    assert wrong.returncode == 1 and "no key-encryption key for version" in wrong.stderr
    assert "restore undone" in wrong.stderr and not fresh.exists()

    # Restore into a fresh place with the key file backed up separately.
    key_copy = tmp_path / "key-backup" / "kek.key"
    key_copy.parent.mkdir()
    shutil.copy2(key, key_copy)
    restore_env = operator_env(DATABASE_URL=f"sqlite:///{fresh}", MELDROUTE_KEY_FILE=str(key_copy))
    restored = run_bot(["restore", str(backup)], restore_env, tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "audit log intact" in restored.stdout
    assert "data keys readable with the configured key" in restored.stdout
    # Restoring over an existing database is refused.
    again = run_bot(["restore", str(backup)], restore_env, tmp_path)
    assert again.returncode == 2 and "exists" in again.stderr
    verified = run_bot(["verify-audit"], restore_env, tmp_path)
    assert verified.returncode == 0 and verified.stdout.startswith("audit log intact")

    restored_bot = await BotHarness.start(
        make_settings(tmp_path, f"sqlite:///{fresh}", MELDROUTE_KEY_FILE=str(key_copy)), clock
    )
    try:
        readback = await read_everything(restored_bot.services)
    finally:
        await restored_bot.close()
    assert set(before) <= set(readback.cases)  # all that was there when the backup began
    assert set(readback.cases) <= set(before) | set(during)
    assert all(name == "Tomasz Kowalczyk" for name in readback.cases.values())
    assert readback.reporters == len(readback.cases) and readback.case_event_notes
    assert list(readback.questions.values()) == ["Bel Veilig Thuis"]
    assert readback.audit_intact


def test_backup_refuses_postgresql_and_an_existing_file(tmp_path: Path) -> None:
    pg = run_bot(
        ["backup", str(tmp_path / "x")], operator_env(DATABASE_URL="postgresql://h/db"), tmp_path
    )
    assert pg.returncode == 2 and "pg_dump" in pg.stderr
    (tmp_path / "taken.db").write_bytes(b"")
    url = f"sqlite:///{tmp_path / 'live.db'}"
    run_bot(["migrate"], operator_env(DATABASE_URL=url), tmp_path)
    taken = run_bot(
        ["backup", str(tmp_path / "taken.db")], operator_env(DATABASE_URL=url), tmp_path
    )
    assert taken.returncode == 2 and "exists" in taken.stderr


def libpq_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
async def test_postgresql_pg_dump_of_a_running_bot_restores_into_a_fresh_database(
    tmp_path: Path,
) -> None:
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} (.ci/run starts one)")
    live_name, live_url = await _create_postgres_database(admin_url)
    fresh_name, fresh_url = await _create_postgres_database(admin_url)
    dump = tmp_path / f"meldroute-{uuid.uuid4().hex[:6]}.dump"
    clock = FakeClock()
    try:
        bot = await BotHarness.start(make_settings(tmp_path, live_url), clock)
        try:
            before = await populate(bot)
            # docs/admin.md: pg_dump in the custom format, without owners and grants.
            during = await back_up_under_load(
                bot,
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={dump}",
                    f"--dbname={libpq_url(live_url)}",
                ],
                dict(os.environ),
            )
        finally:
            await bot.close()
        code, _out, err = await run(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={libpq_url(fresh_url)}",
            str(dump),
            env=dict(os.environ),
        )
        assert code == 0, err
        restored = run_bot(
            ["verify-audit"],
            operator_env(DATABASE_URL=fresh_url, MELDROUTE_KEY_FILE=str(tmp_path / "kek.key")),
            tmp_path,
        )
        assert restored.returncode == 0 and restored.stdout.startswith("audit log intact")
        restored_bot = await BotHarness.start(make_settings(tmp_path, fresh_url), clock)
        try:
            readback = await read_everything(restored_bot.services)
        finally:
            await restored_bot.close()
        assert set(before) <= set(readback.cases) <= set(before) | set(during)
        assert readback.reporters == len(readback.cases) and readback.audit_intact
        assert list(readback.questions.values()) == ["Bel Veilig Thuis"]
    finally:
        for name in (live_name, fresh_name):
            with contextlib.suppress(Exception):
                await _drop_postgres_database(admin_url, name)

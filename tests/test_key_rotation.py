"""Key rotation: every data key re-wrapped under a new key-encryption key while the bot runs,
everything read back, the old key retired; audited. Local key file and Key Vault versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import default_key_provider
from storage.audit import verify_chain
from storage.key_rotation import readable_data_keys, rotate_data_keys, versions_in_use
from storage.key_vault import KeyVaultKeyProvider
from storage.keyring import SYSTEM_KEY_NAMES
from storage.keys import KeyProviderError, LocalKeyFileProvider, create_key_file
from storage.schema import audit_log
from tests.operations_helpers import Readback, populate, read_everything
from tests.support.fake_key_vault import KEY_ID, KEY_NAME, VAULT, FakeKeyVaultTransport
from tests.support.harness import BotHarness, FakeClock, make_settings
from tests.test_admin_commands import operator_env, run_bot
from tests.test_production_config import FakeTokenCredential


async def test_rotating_a_local_key_file_while_the_bot_runs_then_retiring_the_old_key(
    tmp_path: Path, database_url: str
) -> None:
    old_key, new_key = tmp_path / "kek.key", tmp_path / "kek-2.key"
    clock = FakeClock()
    bot = await BotHarness.start(make_settings(tmp_path, database_url), clock)
    try:
        numbers = await populate(bot)
        before = await read_everything(bot.services)
    finally:
        await bot.close()
    assert set(before.cases) == set(numbers) and before.case_event_notes

    # Step 1: a new key file; the bot restarts with it as its key and the old one as previous.
    create_key_file(new_key)
    settings = make_settings(
        tmp_path,
        database_url,
        MELDROUTE_KEY_FILE=str(new_key),
        MELDROUTE_PREVIOUS_KEY_FILES=str(old_key),
    )
    bot = await BotHarness.start(settings, clock)
    try:
        # Step 2: rotate while it serves; it keeps reading and writing throughout.
        result = await rotate_data_keys(
            bot.services.engine, default_key_provider(settings), clock()
        )
        new_version = LocalKeyFileProvider(new_key).key_version
        assert result.current_version == new_version
        assert (
            result.rewrapped == len(SYSTEM_KEY_NAMES) + 2 * 2 + 1 and result.skipped == 0
        )  # the system keys, a signal and a reporter key per case, a question key
        assert result.in_use == {new_version: result.rewrapped}
        during = await read_everything(bot.services)
        assert same_data(during, before) and during.audit_intact
        again = await rotate_data_keys(bot.services.engine, default_key_provider(settings), clock())
        assert again.rewrapped == 0  # nothing left under the old key
    finally:
        await bot.close()

    # Step 3: the old key is retired; the new key alone reads everything, the audit log is intact.
    old_key.unlink()
    bot = await BotHarness.start(
        make_settings(tmp_path, database_url, MELDROUTE_KEY_FILE=str(new_key)), clock
    )
    try:
        after = await read_everything(bot.services)
        assert same_data(after, before) and after.audit_intact
        async with bot.services.engine.connect() as conn:
            rotations = (
                await conn.execute(
                    select(audit_log.c.actor, audit_log.c.object).where(
                        audit_log.c.action == "keys.rotate"
                    )
                )
            ).all()
        assert [tuple(r) for r in rotations] == [
            ("operator", f"rewrapped{result.rewrapped}-skipped0"),
            ("operator", "rewrapped0-skipped0"),
        ]
    finally:
        await bot.close()


async def test_without_the_previous_key_old_data_keys_fail_clearly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    bot = await BotHarness.start(make_settings(tmp_path, url))
    try:
        await populate(bot)
    finally:
        await bot.close()
    create_key_file(tmp_path / "kek-2.key")
    settings = make_settings(tmp_path, url, MELDROUTE_KEY_FILE=str(tmp_path / "kek-2.key"))
    with pytest.raises(KeyProviderError, match="no key-encryption key for version local-"):
        await BotHarness.start(settings)


def provider(transport: FakeKeyVaultTransport) -> KeyVaultKeyProvider:
    return KeyVaultKeyProvider(
        f"{VAULT}/keys/{KEY_NAME}", FakeTokenCredential(), transport=transport, retry_total=0
    )


async def test_rotating_to_a_new_key_vault_key_version(tmp_path: Path, database_url: str) -> None:
    """Also proves a Key Vault key id (longer than 64 characters) fits the key columns on
    PostgreSQL."""
    transport = FakeKeyVaultTransport()
    clock = FakeClock()
    settings = make_settings(tmp_path, database_url)
    bot = await BotHarness.start(settings, clock, key_provider=provider(transport))
    try:
        numbers = await populate(bot)
        before = await read_everything(bot.services)
        assert await versions_in_use(bot.services.engine) == {KEY_ID: before_count(before)}

        # `az keyvault key rotate`: new wraps take the new version at once, with no restart.
        new_id = transport.rotate()
        result = await rotate_data_keys(bot.services.engine, provider(transport), clock())
        assert result.current_version == new_id and len(new_id) > 64
        assert result.in_use == {new_id: result.rewrapped}
        # The old version is disabled: the running bot still reads every case and question.
        transport.disable(KEY_ID)
        after = await read_everything(bot.services)
        assert set(after.cases) == set(numbers)
        assert same_data(after, before) and after.audit_intact
    finally:
        await bot.close()
    # And so does a fresh start (system keys unwrapped with the new version only).
    bot = await BotHarness.start(settings, clock, key_provider=provider(transport))
    try:
        assert (await read_everything(bot.services)).cases == before.cases
        assert (await verify_chain(bot.services.engine)).intact
    finally:
        await bot.close()


def same_data(a: Readback, b: Readback) -> bool:
    """The same decrypted cases, reporters, case history and answers."""
    return (a.cases, a.reporters, a.case_event_notes, a.questions) == (
        b.cases,
        b.reporters,
        b.case_event_notes,
        b.questions,
    )


def before_count(readback: Readback) -> int:
    # The system keys, a signal key and a reporter key per case, a key per question.
    return len(SYSTEM_KEY_NAMES) + 2 * len(readback.cases) + len(readback.questions)


async def test_the_rotate_keys_command_as_an_operator_runs_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    bot = await BotHarness.start(make_settings(tmp_path, url))
    try:
        await populate(bot)
    finally:
        await bot.close()
    env = operator_env(DATABASE_URL=url, MELDROUTE_KEY_FILE=str(tmp_path / "kek.key"))
    made = run_bot(["new-key", str(tmp_path / "kek-2.key")], env, tmp_path)
    assert made.returncode == 0 and (tmp_path / "kek-2.key").stat().st_mode & 0o777 == 0o600
    again = run_bot(["new-key", str(tmp_path / "kek-2.key")], env, tmp_path)
    assert again.returncode == 2 and "exists" in again.stderr
    env = operator_env(
        DATABASE_URL=url,
        MELDROUTE_KEY_FILE=str(tmp_path / "kek-2.key"),
        MELDROUTE_PREVIOUS_KEY_FILES=str(tmp_path / "kek.key"),
    )
    rotated = run_bot(["rotate-keys"], env, tmp_path)
    assert rotated.returncode == 0, rotated.stderr
    expected = len(SYSTEM_KEY_NAMES) + 2 * 2 + 1
    assert f"data keys re-wrapped: {expected} (skipped, changed meanwhile: 0)" in rotated.stdout
    assert "can be retired" in rotated.stdout
    rerun = run_bot(["rotate-keys"], env, tmp_path)
    assert "data keys re-wrapped: 0 " in rerun.stdout and rerun.returncode == 0


async def test_readable_data_keys_names_a_wrong_key(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    bot = await BotHarness.start(make_settings(tmp_path, url))
    try:
        await populate(bot)
        readable = await readable_data_keys(bot.services.engine, bot.services.keyring.provider)
        assert readable == len(SYSTEM_KEY_NAMES) + 2 * 2 + 1
    finally:
        await bot.close()
    create_key_file(tmp_path / "other.key")
    with pytest.raises(KeyProviderError):
        await readable_data_keys(bot.services.engine, LocalKeyFileProvider(tmp_path / "other.key"))

"""Encryption at rest: tampering is detected, ciphertexts are bound to their place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select, update

from storage.crypto import TamperedData, associated_data, new_data_key, seal, unseal
from storage.keys import KeyProviderError, LocalKeyFileProvider
from storage.schema import reporter_identities, signals
from storage.signals import NewSignal, ReporterIdentity
from tests.support.harness import BotHarness


def test_seal_roundtrip_and_tamper_detection() -> None:
    key = new_data_key()
    aad = associated_data("signals", "content", "row-1", "v1")
    blob = seal(key, b"geheime inhoud", aad)
    assert unseal(key, blob, aad) == b"geheime inhoud"
    flipped = bytearray(blob)
    flipped[20] ^= 0x01
    with pytest.raises(TamperedData):
        unseal(key, bytes(flipped), aad)
    with pytest.raises(TamperedData):
        unseal(key, blob, associated_data("signals", "content", "row-2", "v1"))
    with pytest.raises(TamperedData):
        unseal(new_data_key(), blob, aad)
    assert seal(key, b"x", aad) != seal(key, b"x", aad)  # random nonce every time


async def _store(bot: BotHarness, submission: str, name: str) -> str:
    stored = await bot.services.signals.create(
        NewSignal(submission, {"victim_name": name}, "sexual", False, "stadswinkel", "received"),
        ReporterIdentity("oid-" + submission, "Reporter " + submission, {}),
        bot.clock(),
    )
    return stored.id


async def test_a_changed_ciphertext_in_the_database_is_detected(
    bot_on_each_database: BotHarness,
) -> None:
    bot = bot_on_each_database
    signal_id = await _store(bot, "s1", "Eva")
    async with bot.services.engine.begin() as conn:
        blob = (
            await conn.execute(select(signals.c.content).where(signals.c.id == signal_id))
        ).scalar_one()
        changed = blob[:-1] + bytes([blob[-1] ^ 0xFF])
        await conn.execute(update(signals).where(signals.c.id == signal_id).values(content=changed))
    with pytest.raises(TamperedData):
        await bot.services.signals.read_content(signal_id)


async def test_a_ciphertext_moved_to_another_row_does_not_decrypt(
    bot_on_each_database: BotHarness,
) -> None:
    bot = bot_on_each_database
    first, second = await _store(bot, "s1", "Eva"), await _store(bot, "s2", "Mila")
    async with bot.services.engine.begin() as conn:
        blob = (
            await conn.execute(
                select(reporter_identities.c.identity).where(
                    reporter_identities.c.signal_id == first
                )
            )
        ).scalar_one()
        await conn.execute(
            update(reporter_identities)
            .where(reporter_identities.c.signal_id == second)
            .values(identity=blob)
        )
    with pytest.raises(TamperedData):
        await bot.services.signals.read_reporter(second)
    assert (await bot.services.signals.read_reporter(first)).name == "Reporter s1"


def test_a_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kek.key"
    LocalKeyFileProvider(path)
    os.chmod(path, 0o644)
    with pytest.raises(KeyProviderError, match="chmod 600"):
        LocalKeyFileProvider(path)


def test_the_same_key_file_gives_the_same_key_version(tmp_path: Path) -> None:
    path = tmp_path / "kek.key"
    assert LocalKeyFileProvider(path).key_version == LocalKeyFileProvider(path).key_version

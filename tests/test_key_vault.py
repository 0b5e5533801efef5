"""The Key Vault key provider, through the real Azure SDK and a fake vault (no network)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from storage.crypto import new_data_key
from storage.key_vault import KeyVaultKeyProvider
from storage.keys import KeyProviderError
from tests.support.fake_key_vault import KEY_ID, KEY_NAME, VAULT, FakeKeyVaultTransport
from tests.support.harness import REPORTER, BotHarness, make_settings
from tests.test_production_config import FakeTokenCredential
from tests.test_report_dialog import answer, walk_to_summary


def provider(transport: FakeKeyVaultTransport) -> KeyVaultKeyProvider:
    # No SDK retries here, so the unavailable-vault test does not wait through back-offs.
    return KeyVaultKeyProvider(
        f"{VAULT}/keys/{KEY_NAME}", FakeTokenCredential(), transport=transport, retry_total=0
    )


async def test_data_keys_are_wrapped_and_unwrapped_by_the_vault() -> None:
    transport = FakeKeyVaultTransport()
    kek = provider(transport)
    data_key = new_data_key()
    wrapped = await kek.wrap(data_key)
    assert wrapped != data_key and len(wrapped) == 256  # RSA-2048 OAEP
    assert kek.key_version == KEY_ID
    assert await kek.unwrap(wrapped, kek.key_version) == data_key
    assert any(path.endswith("/unwrapkey") for _method, path in transport.requests)


async def test_vault_tokens_are_fetched_off_the_event_loop() -> None:
    credential = FakeTokenCredential()
    threads: list[int] = []
    original = credential.get_token

    def get_token(*scopes: str, **kwargs: object):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return original(*scopes, **kwargs)

    credential.get_token = get_token  # type: ignore[method-assign]
    kek = KeyVaultKeyProvider(
        f"{VAULT}/keys/{KEY_NAME}", credential, transport=FakeKeyVaultTransport(), retry_total=0
    )
    wrapped = await kek.wrap(new_data_key())
    await kek.unwrap(wrapped, kek.key_version)
    assert threads and threading.get_ident() not in threads


async def test_vault_failures_and_foreign_keys_are_clear_errors() -> None:
    transport = FakeKeyVaultTransport()
    kek = provider(transport)
    wrapped = await kek.wrap(new_data_key())
    with pytest.raises(KeyProviderError, match="another key-encryption key"):
        await kek.unwrap(wrapped, "https://other.vault.azure.net/keys/x/1")
    transport.unavailable = True
    with pytest.raises(KeyProviderError, match="unwrap failed"):
        await kek.unwrap(wrapped, kek.key_version)


async def test_a_report_is_stored_with_keys_wrapped_by_the_vault(tmp_path: Path) -> None:
    transport = FakeKeyVaultTransport()
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'kv.db'}")
    bot = await BotHarness.start(settings, key_provider=provider(transport))
    try:
        summary = await walk_to_summary(bot)
        await answer(bot, summary, {}, action="submit")
        case = await bot.services.cases.cases.by_number("MH-2026-0001")
        assert (await bot.services.signals.read_content(case.id))[
            "victim_name"
        ] == "Tomasz Kowalczyk"
        assert (await bot.services.signals.read_reporter(case.id)).name == REPORTER.name
    finally:
        await bot.close()
    # No local key file was needed: the vault holds the key-encryption key.
    assert not (tmp_path / "kek.key").exists()
    assert sum(1 for _m, path in transport.requests if path.endswith("/unwrapkey")) >= 2

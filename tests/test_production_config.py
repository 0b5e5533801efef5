"""Production options without network: secretless credentials and strict settings."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.connector import FastConnectorClient
from bot.credentials import BOT_FRAMEWORK_SCOPE, TokenCredentialFactory
from bot.settings import PROJECT_ROOT, SettingsError, load_settings
from tests.support.connector import RecordingConnector

APP_ID = "11111111-2222-4333-8444-555555555555"
TENANT = "99999999-8888-4777-8666-555555555555"


class FakeTokenCredential:
    """Stands in for an azure-identity credential (managed identity, certificate, workload)."""

    def __init__(self) -> None:
        self.scopes: list[str] = []

    def get_token(self, *scopes: str, **_: object) -> SimpleNamespace:
        self.scopes.extend(scopes)
        return SimpleNamespace(token="token-from-azure-identity", expires_on=4102444800)


async def test_replies_carry_a_token_from_the_azure_identity_credential() -> None:
    credential = FakeTokenCredential()
    factory = TokenCredentialFactory(APP_ID, credential)
    assert await factory.is_valid_app_id(APP_ID) and not await factory.is_authentication_disabled()
    credentials = await factory.create_credentials(APP_ID, "https://api.botframework.com", "", True)
    connector = RecordingConnector()
    await connector.start()
    client = FastConnectorClient(
        connector.url, SimpleNamespace(config=SimpleNamespace(credentials=credentials))
    )
    try:
        await client.conversations.send_to_conversation(
            "conv-1", {"type": "message", "text": "hallo"}
        )
    finally:
        await client.close()
        await connector.close()
    assert connector.sent[0].authorization == "Bearer token-from-azure-identity"
    assert credential.scopes == [BOT_FRAMEWORK_SCOPE]
    with pytest.raises(PermissionError):
        await factory.create_credentials("another-app", BOT_FRAMEWORK_SCOPE, "", True)


def settings(tmp_path: Path, **env: str):  # type: ignore[no-untyped-def]
    return load_settings({"MELDROUTE_ENV": "development", **env}, dotenv=tmp_path / "none.env")


def test_managed_identity_needs_no_secret(tmp_path: Path) -> None:
    result = settings(
        tmp_path,
        MICROSOFT_APP_ID=APP_ID,
        MICROSOFT_APP_TYPE="UserAssignedMSI",
        MICROSOFT_APP_TENANT_ID=TENANT,
    )
    assert result.credential == "managed_identity" and result.app_password == ""


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"MICROSOFT_APP_TYPE": "UserAssignedMSI", "MICROSOFT_APP_TENANT_ID": TENANT},
            "managed identity's client id",
        ),
        (
            {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_TYPE": "UserAssignedMSI"},
            "MICROSOFT_APP_TENANT_ID is required",
        ),
        (
            {
                "MICROSOFT_APP_ID": APP_ID,
                "MELDROUTE_CREDENTIAL": "certificate",
                "MICROSOFT_APP_TENANT_ID": TENANT,
            },
            "MELDROUTE_CERTIFICATE_PATH",
        ),
        (
            {"MICROSOFT_APP_ID": APP_ID, "MELDROUTE_CREDENTIAL": "workload_identity"},
            "MICROSOFT_APP_TENANT_ID is required",
        ),
        ({"MELDROUTE_CREDENTIAL": "password123"}, "MELDROUTE_CREDENTIAL must be one of"),
        (
            {"MELDROUTE_KEY_VAULT_KEY_URL": "http://kv.vault.azure.net/keys/kek"},
            "must be an https Key Vault key URL",
        ),
        ({"DATABASE_URL": "oracle://x/y"}, "dialect 'oracle' is not supported"),
    ],
)
def test_inconsistent_production_settings_stop_start_up_with_one_line(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError, match=message) as error:
        settings(tmp_path, **env)
    assert "\n" not in str(error.value)


def test_entra_database_authentication_needs_postgresql(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="needs a postgresql DATABASE_URL"):
        settings(tmp_path, MELDROUTE_DATABASE_AUTH="entra")
    result = settings(
        tmp_path,
        MELDROUTE_DATABASE_AUTH="entra",
        # The server's certificate is verified (tests/test_database_tls.py).
        DATABASE_URL="postgresql://meldroute@db.example/meldroute?ssl=verify-full",
        PGSSLROOTCERT=str(PROJECT_ROOT / "config" / "azure-postgresql-roots.pem"),
    )
    assert result.database_auth == "entra"


async def test_postgresql_connections_get_a_fresh_token_as_password(database_url: str) -> None:
    from sqlalchemy import text

    from storage.database import create_engine

    if not database_url.startswith("postgresql"):
        pytest.skip("Entra authentication is for PostgreSQL")
    tokens = iter(["token-1", "token-2", "token-3"])
    handed_out: list[str] = []
    threads: list[int] = []

    def provider() -> str:
        threads.append(threading.get_ident())
        handed_out.append(next(tokens))
        return handed_out[-1]

    engine = create_engine(database_url, password_provider=provider)
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("select 1"))).scalar_one() == 1
    finally:
        await engine.dispose()
    assert handed_out == ["token-1"]
    # The token is fetched off the event loop (azure-identity may block on the network).
    assert threads and threading.get_ident() not in threads

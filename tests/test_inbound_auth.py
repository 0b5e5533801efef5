"""Inbound authentication, the full matrix, in-process against a local OpenID-metadata and
JWKS stub that serves a key of the test's own: only a token the Bot Framework channel would
send, for this bot, bound to this serviceUrl, is accepted. The valid case proves the stub is
real (the same key and claims, one thing changed, is what each refusal differs by)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from botframework.connector.auth import MicrosoftAppCredentials
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.support.harness import REPORTER, BotHarness, make_settings

APP_ID = "11111111-2222-3333-4444-555555555555"
OTHER_APP_ID = "99999999-2222-3333-4444-555555555555"
ISSUER = "https://api.botframework.com"


@dataclass
class KeyStub:
    server: TestServer
    key: Any
    kid: str = "meldroute-test-key"

    @property
    def metadata_url(self) -> str:
        return str(self.server.make_url("/v1/.well-known/openidconfiguration"))


def new_key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def start_stub(key: Any, endorsed: dict[str, list[str]]) -> TestServer:
    """OpenID metadata and a JWKS with the public halves of the given keys (kid -> endorsements)."""

    async def metadata(request: web.Request) -> web.Response:
        return web.json_response({"jwks_uri": str(request.url.with_path("/v1/keys"))})

    async def keys(_request: web.Request) -> web.Response:
        jwks = []
        for kid, endorsements in endorsed.items():
            jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
            jwks.append({**jwk, "kid": kid, "use": "sig", "endorsements": endorsements})
        return web.json_response({"keys": jwks})

    app = web.Application()
    app.router.add_get("/v1/.well-known/openidconfiguration", metadata)
    app.router.add_get("/v1/keys", keys)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


@pytest.fixture
async def stub() -> AsyncIterator[KeyStub]:
    key = new_key()
    server = await start_stub(key, {"meldroute-test-key": ["msteams"], "webchat-only": ["webchat"]})
    try:
        yield KeyStub(server, key)
    finally:
        await server.close()


@pytest.fixture
async def secured(
    tmp_path: Path, sqlite_url: str, stub: KeyStub, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BotHarness]:
    # Outbound tokens (bot -> connector) are not what is tested here and need Entra online.
    monkeypatch.setattr(
        MicrosoftAppCredentials, "get_access_token", lambda self, force_refresh=False: "outbound"
    )
    settings = make_settings(
        tmp_path,
        sqlite_url,
        MELDROUTE_ENV="test",
        MICROSOFT_APP_ID=APP_ID,
        MICROSOFT_APP_PASSWORD="not-used-offline",
        MELDROUTE_OPENID_METADATA_URL=stub.metadata_url,
    )
    harness = await BotHarness.start(settings)
    try:
        yield harness
    finally:
        await harness.close()


def channel_claims(bot: BotHarness, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": APP_ID,
        "exp": now + 3600,
        "nbf": now - 60,
        "serviceurl": bot.connector.url,
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def sign(claims: dict[str, Any], key: Any, kid: str = "meldroute-test-key") -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def unsigned(claims: dict[str, Any]) -> str:
    return jwt.encode(claims, None, algorithm="none", headers={"kid": "meldroute-test-key"})


async def send(bot: BotHarness, header: str | None) -> tuple[int, list]:
    headers = {"Authorization": header} if header is not None else {}
    return await bot.post(bot.activity(REPORTER, text="hallo"), headers=headers)


def refused_cases(bot: BotHarness, stub: KeyStub) -> dict[str, str | None]:
    now = int(time.time())
    key = stub.key
    return {
        "no header": None,
        "garbage": "Bearer abc.def.ghi",
        "not bearer": "Basic " + sign(channel_claims(bot), key),
        "unknown key": "Bearer " + sign(channel_claims(bot), new_key(), kid="someone-else"),
        "known kid, other key": "Bearer " + sign(channel_claims(bot), new_key()),
        "alg none": "Bearer " + unsigned(channel_claims(bot)),
        "expired beyond tolerance": "Bearer "
        + sign(channel_claims(bot, exp=now - 6 * 60, nbf=now - 3600), key),
        "not yet valid": "Bearer " + sign(channel_claims(bot, nbf=now + 6 * 60), key),
        "wrong audience": "Bearer " + sign(channel_claims(bot, aud=OTHER_APP_ID), key),
        "wrong issuer": "Bearer " + sign(channel_claims(bot, iss="https://evil.example"), key),
        "other serviceUrl": "Bearer "
        + sign(channel_claims(bot, serviceurl="https://evil.example/"), key),
        "no serviceUrl claim": "Bearer " + sign(channel_claims(bot, serviceurl=None), key),
        "key not endorsed for msteams": "Bearer "
        + sign(channel_claims(bot), key, kid="webchat-only"),
        "emulator token": "Bearer "
        + sign(
            {
                "iss": "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
                "aud": APP_ID,
                "appid": APP_ID,
                "ver": "1.0",
                "exp": now + 3600,
                "nbf": now - 60,
            },
            key,
        ),
        "bot's own outbound token": "Bearer "
        + sign(
            {
                "iss": "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
                "aud": "https://api.botframework.com",
                "azp": APP_ID,
                "ver": "2.0",
                "exp": now + 3600,
                "nbf": now - 60,
            },
            key,
        ),
    }


async def test_every_token_teams_would_not_send_is_refused_with_401(
    secured: BotHarness, stub: KeyStub
) -> None:
    outcomes = {}
    for name, header in refused_cases(secured, stub).items():
        status, sent = await send(secured, header)
        outcomes[name] = (status, len(sent))
    assert outcomes == {name: (401, 0) for name in outcomes}
    assert len(outcomes) == 15
    # Nothing of the sender was stored: no conversation reference to redirect later.
    assert await secured.services.directory.person_reference("x") is None


async def test_a_valid_channel_token_is_accepted(secured: BotHarness, stub: KeyStub) -> None:
    now = int(time.time())
    for claims in (
        channel_claims(secured),
        channel_claims(secured, exp=now - 4 * 60, nbf=now - 3600),  # within the tolerance
    ):
        status, sent = await send(secured, "Bearer " + sign(claims, stub.key))
        assert status == 201
        assert sent and sent[0].authorization == "Bearer outbound"


async def test_an_invoke_the_bot_does_not_implement_answers_501_when_authenticated(
    secured: BotHarness, stub: KeyStub
) -> None:
    body = secured.activity(REPORTER, type="invoke", name="signin/tokenExchange", value={})
    status, _ = await secured.post(
        body, headers={"Authorization": "Bearer " + sign(channel_claims(secured), stub.key)}
    )
    assert status == 501

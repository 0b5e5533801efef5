"""Inbound tokens: only what the Bot Framework channel service (Teams) sends is accepted.

botbuilder's generic validation also accepts Bot Framework Emulator tokens (issued by Entra to
the bot's own app id, without a serviceUrl binding) and tries skill tokens; neither comes from
Teams, and an emulator token would let its holder point a person's stored conversation at a
URL of their choosing. This validator accepts a token only when

- it is a compact JWS of at most 8 KB, signed with RS256 by a key from the channel service's
  OpenID metadata whose endorsements include the activity's channel id;
- its issuer is exactly `https://api.botframework.com` and its audience is the bot's app id;
- it is not expired and already valid, with the 5-minute clock tolerance botbuilder documents;
- its `serviceurl` claim equals the activity's serviceUrl.

Everything else raises PermissionError (a 401). Keys are fetched with aiohttp (never blocking
the event loop), kept for a day, and refreshed for an unknown key id at most every 5 minutes.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm

CHANNEL_ISSUER = "https://api.botframework.com"
CHANNEL_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
CLOCK_TOLERANCE_SECONDS = 5 * 60
MAX_TOKEN_LENGTH = 8192
KEYS_MAX_AGE_SECONDS = 24 * 3600
UNKNOWN_KEY_REFRESH_SECONDS = 5 * 60


@dataclass(frozen=True)
class _SigningKey:
    public_key: Any
    endorsements: tuple[str, ...]


class ChannelTokenValidator:
    def __init__(self, app_id: str, metadata_url: str = CHANNEL_OPENID_METADATA_URL) -> None:
        self._app_id = app_id
        self._metadata_url = metadata_url
        self._keys: dict[str, _SigningKey] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def validate(self, auth_header: str, channel_id: str, service_url: str) -> dict[str, Any]:
        """The token's claims if Teams sent it for this activity; PermissionError otherwise."""
        scheme, _, token = (auth_header or "").partition(" ")
        if scheme != "Bearer" or not token or len(token) > MAX_TOKEN_LENGTH:
            raise PermissionError("no bearer token")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise PermissionError("not a token") from None
        if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
            raise PermissionError("token not signed as the channel signs")
        key = await self._key(header["kid"])
        if key is None:
            raise PermissionError("unknown signing key")
        if channel_id not in key.endorsements:
            raise PermissionError("signing key not endorsed for this channel")
        try:
            claims = jwt.decode(
                token,
                key.public_key,
                algorithms=["RS256"],
                audience=self._app_id,
                issuer=CHANNEL_ISSUER,
                leeway=CLOCK_TOLERANCE_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise PermissionError(f"token refused: {type(error).__name__}") from None
        if claims.get("serviceurl") != service_url:
            raise PermissionError("token not issued for this service URL")
        return claims

    async def _key(self, key_id: str) -> _SigningKey | None:
        now = time.monotonic()
        if now - self._fetched_at > KEYS_MAX_AGE_SECONDS or (
            key_id not in self._keys and now - self._fetched_at > UNKNOWN_KEY_REFRESH_SECONDS
        ):
            async with self._lock:
                if time.monotonic() - self._fetched_at > UNKNOWN_KEY_REFRESH_SECONDS:
                    await self._refresh()
        return self._keys.get(key_id)

    async def _refresh(self) -> None:
        timeout = aiohttp.ClientTimeout(total=10)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.get(self._metadata_url) as response:
                    response.raise_for_status()
                    jwks_uri = (await response.json(content_type=None))["jwks_uri"]
                async with session.get(jwks_uri) as response:
                    response.raise_for_status()
                    keys = (await response.json(content_type=None))["keys"]
        except (aiohttp.ClientError, TimeoutError, KeyError, TypeError, ValueError):
            # Keep the keys we have; try again after the refresh interval.
            self._fetched_at = time.monotonic()
            return
        fresh: dict[str, _SigningKey] = {}
        for jwk in keys if isinstance(keys, list) else []:
            if not isinstance(jwk, dict) or not isinstance(jwk.get("kid"), str):
                continue
            try:
                public_key = RSAAlgorithm.from_jwk(json.dumps(jwk))
            except (jwt.PyJWTError, ValueError, TypeError):
                continue
            endorsements = tuple(e for e in jwk.get("endorsements", []) if isinstance(e, str))
            fresh[jwk["kid"]] = _SigningKey(public_key, endorsements)
        self._keys = fresh
        self._fetched_at = time.monotonic()

"""Bot Framework authentication with connector clients built once per service URL.

Inbound requests are checked by bot/channel_tokens.py whenever an app id is configured: only
tokens of the Bot Framework channel service, bound to the activity's serviceUrl, pass.

botbuilder builds a new ConnectorClient (and a UserTokenClient) on every turn; constructing
one costs more CPU than the rest of a turn (msrest rebuilds its configuration each time).
This wrapper delegates authentication unchanged and only caches what is safe to reuse:
clients keyed by app id, service URL and audience, whose credentials refresh their own tokens.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.skills import BotFrameworkClient

from bot.channel_tokens import ChannelTokenValidator
from bot.connector import FastConnectorClient
from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BotFrameworkConfig:
    """The attribute names botbuilder's configuration-based authentication reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


class _CachingConnectorFactory(ConnectorFactory):
    def __init__(
        self, inner: ConnectorFactory, cache: dict[tuple[str, str, str], Any], app_id: str
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._app_id = app_id

    async def create(self, service_url: str, audience: str = None) -> Any:  # noqa: RUF013 (botbuilder signature)
        key = (self._app_id, service_url, audience or "")
        client = self._cache.get(key)
        if client is None:
            client = FastConnectorClient(
                service_url, await self._inner.create(service_url, audience)
            )
            self._cache[key] = client
        return client


class CachingBotFrameworkAuthentication(BotFrameworkAuthentication):
    def __init__(
        self, inner: BotFrameworkAuthentication, validator: ChannelTokenValidator | None = None
    ) -> None:
        """`validator`: the strict check of inbound tokens; None only in development, where
        botbuilder's own path lets unauthenticated requests through."""
        self._inner = inner
        self._validator = validator
        self._connectors: dict[tuple[str, str, str], Any] = {}
        self._token_clients: dict[str, UserTokenClient] = {}

    def _wrap(
        self, factory: ConnectorFactory | None, claims: ClaimsIdentity | None
    ) -> ConnectorFactory | None:
        if factory is None:
            return None
        app_id = (claims.claims.get("aud") or claims.claims.get("appid") or "") if claims else ""
        return _CachingConnectorFactory(factory, self._connectors, app_id)

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        if self._validator is not None:
            claims = await self._validator.validate(
                auth_header, activity.channel_id or "", activity.service_url or ""
            )
            identity = ClaimsIdentity(claims, True)
            result = AuthenticateRequestResult()
            result.claims_identity = identity
            result.audience = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
            result.caller_id = CallerIdConstants.public_azure_channel
            result.connector_factory = self.create_connector_factory(identity)
            return result
        try:
            result = await self._inner.authenticate_request(activity, auth_header)
        except PermissionError:
            raise
        except Exception as error:
            # A token that cannot even be decoded or verified is an unauthenticated request.
            log.warning("inbound authentication failed: %s", type(error).__name__)
            raise PermissionError("request could not be authenticated") from None
        result.connector_factory = self._wrap(result.connector_factory, result.claims_identity)
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return self._wrap(self._inner.create_connector_factory(claims_identity), claims_identity)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        key = claims_identity.claims.get("aud", "") if claims_identity else ""
        client = self._token_clients.get(key)
        if client is None:
            client = await self._inner.create_user_token_client(claims_identity)
            self._token_clients[key] = client
        return client

    async def close(self) -> None:
        """Close the pooled HTTP sessions of the cached connector clients."""
        for client in self._connectors.values():
            await client.close()
        self._connectors.clear()

    def create_bot_framework_client(self) -> BotFrameworkClient:
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self._inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)


def create_authentication(settings: Settings) -> CachingBotFrameworkAuthentication:
    config = BotFrameworkConfig(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password,
        APP_TYPE=settings.app_type,
        APP_TENANTID=settings.app_tenant_id,
    )
    factory = None
    if settings.app_id and settings.credential != "secret":
        from bot.credentials import TokenCredentialFactory, azure_credential

        credential = azure_credential(
            settings.credential, settings.app_id, settings.app_tenant_id, settings.certificate_path
        )
        factory = TokenCredentialFactory(settings.app_id, credential)
    validator = (
        ChannelTokenValidator(settings.app_id, settings.openid_metadata_url)
        if settings.authentication_enabled
        else None
    )
    return CachingBotFrameworkAuthentication(
        ConfigurationBotFrameworkAuthentication(config, credentials_factory=factory), validator
    )

"""Outbound Bot Connector credentials from azure-identity, so production needs no client secret.

`TokenCredentialAppCredentials` asks any azure-identity `TokenCredential` (managed identity,
certificate, workload identity) for a Bot Framework token; azure-identity caches and refreshes
it. A client secret (MICROSOFT_APP_PASSWORD) remains supported through botbuilder's own factory.
"""

from __future__ import annotations

from typing import Any

from botframework.connector.auth import AppCredentials, ServiceClientCredentialsFactory

BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"


class TokenCredentialAppCredentials(AppCredentials):
    def __init__(self, app_id: str, credential: Any, scope: str = BOT_FRAMEWORK_SCOPE) -> None:
        super().__init__(app_id=app_id, oauth_scope=scope)
        self._credential = credential
        self._scope = scope

    def get_access_token(self, force_refresh: bool = False) -> str:
        return self._credential.get_token(self._scope).token


class TokenCredentialFactory(ServiceClientCredentialsFactory):
    """Credentials for exactly one bot app id, from one azure-identity credential."""

    def __init__(self, app_id: str, credential: Any) -> None:
        self._app_id = app_id
        self._credential = credential

    async def is_valid_app_id(self, app_id: str) -> bool:
        return app_id == self._app_id

    async def is_authentication_disabled(self) -> bool:
        return False

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> AppCredentials:
        if app_id != self._app_id:
            raise PermissionError("credentials requested for another app id")
        scope = (
            f"{oauth_scope.rstrip('/')}/.default"
            if oauth_scope and not oauth_scope.endswith(".default")
            else (oauth_scope or BOT_FRAMEWORK_SCOPE)
        )
        return TokenCredentialAppCredentials(app_id, self._credential, scope)


def azure_credential(kind: str, app_id: str, tenant_id: str, certificate_path: str | None) -> Any:
    """The azure-identity credential for a setting of MELDROUTE_CREDENTIAL / MICROSOFT_APP_TYPE."""
    from azure.identity import (
        CertificateCredential,
        ManagedIdentityCredential,
        WorkloadIdentityCredential,
    )

    if kind == "managed_identity":
        return ManagedIdentityCredential(client_id=app_id)
    if kind == "certificate":
        return CertificateCredential(
            tenant_id=tenant_id, client_id=app_id, certificate_path=certificate_path
        )
    if kind == "workload_identity":
        return WorkloadIdentityCredential(tenant_id=tenant_id, client_id=app_id)
    raise ValueError(kind)

"""Key-encryption key in Azure Key Vault: data keys are wrapped and unwrapped with RSA-OAEP-256
by the vault (the private key never leaves it), authenticated through azure-identity.

The Key Vault SDK is synchronous here and runs in a worker thread: wrapping happens once per
new signal or question and unwrapping once per read, never on the dialog's hot path.
"""

from __future__ import annotations

import asyncio
from typing import Any

from storage.keys import KeyProviderError

ALGORITHM = "RSA-OAEP-256"


class KeyVaultKeyProvider:
    def __init__(self, key_url: str, credential: Any, **client_options: Any) -> None:
        self._key_url = key_url.rstrip("/")
        self._credential = credential
        self._options = client_options  # e.g. transport=..., for tests without network
        self._clients: dict[str, Any] = {}
        self._version = self._key_url

    def _client(self, key_id: str) -> Any:
        from azure.keyvault.keys.crypto import CryptographyClient

        client = self._clients.get(key_id)
        if client is None:
            client = CryptographyClient(key_id, self._credential, **self._options)
            self._clients[key_id] = client
        return client

    @property
    def key_version(self) -> str:
        """The versioned key id of the last wrap (stored beside each wrapped data key)."""
        return self._version

    async def wrap(self, data_key: bytes) -> bytes:
        from azure.core.exceptions import AzureError

        try:
            result = await asyncio.to_thread(
                self._client(self._key_url).wrap_key, ALGORITHM, data_key
            )
        except AzureError as error:
            raise KeyProviderError(f"Key Vault wrap failed: {type(error).__name__}") from None
        self._version = result.key_id or self._key_url
        return result.encrypted_key

    async def unwrap(self, wrapped: bytes, key_version: str) -> bytes:
        from azure.core.exceptions import AzureError

        if not key_version.startswith(self._key_url):
            raise KeyProviderError("the data key was wrapped by another key-encryption key")
        try:
            result = await asyncio.to_thread(
                self._client(key_version).unwrap_key, ALGORITHM, wrapped
            )
        except AzureError as error:
            raise KeyProviderError(f"Key Vault unwrap failed: {type(error).__name__}") from None
        return result.key

"""A fake Azure Key Vault behind azure-core's transport hook: the real SDK, no network.

It answers the challenge-based authentication, GET key, and wrapkey / unwrapkey with a real
RSA key, and records every request so tests can see that the private key never left it.
`rotate()` adds a key version as `az keyvault key rotate` does: the unversioned key URL then
wraps with the new version, and every older version still unwraps what it wrapped.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import requests
from azure.core.pipeline.transport import HttpTransport
from azure.core.rest._requests_basic import RestRequestsTransportResponse
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

VAULT = "https://meldroute-test.vault.azure.net"
KEY_NAME = "meldroute-kek"
VERSION = "0123456789abcdef0123456789abcdef"
KEY_ID = f"{VAULT}/keys/{KEY_NAME}/{VERSION}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class FakeKeyVaultTransport(HttpTransport):
    def __init__(self) -> None:
        self._versions = {VERSION: rsa.generate_private_key(public_exponent=65537, key_size=2048)}
        self.latest = VERSION
        self.requests: list[tuple[str, str]] = []
        self.unavailable = False

    def rotate(self) -> str:
        """A new key version (the newest); returns its key id."""
        self.latest = f"{len(self._versions) + 1:032x}"
        self._versions[self.latest] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return f"{VAULT}/keys/{KEY_NAME}/{self.latest}"

    def disable(self, key_id: str) -> None:
        """Retire a version: it no longer unwraps (as a disabled or deleted key version)."""
        del self._versions[key_id.rsplit("/", 1)[1]]

    def _version_of(self, path: str) -> str | None:
        parts = path.split("/")  # /keys/<name>[/<version>][/<operation>]
        candidate = parts[3] if len(parts) > 3 else ""
        if candidate in ("", "wrapkey", "unwrapkey"):
            return self.latest
        return candidate if candidate in self._versions else None

    def __enter__(self) -> FakeKeyVaultTransport:
        return self

    def __exit__(self, *args: Any) -> None:
        return None

    def open(self) -> None:
        return None

    def close(self) -> None:
        return None

    def _respond(
        self, request: Any, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> Any:
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers.update({"Content-Type": "application/json", **(headers or {})})
        response.url = request.url
        response.request = requests.Request(request.method, request.url).prepare()
        response._content_consumed = True
        return RestRequestsTransportResponse(request=request, internal_response=response)

    def send(self, request: Any, **kwargs: Any) -> Any:
        path = request.url.split("?")[0].removeprefix(VAULT)
        self.requests.append((request.method, path))
        if "Authorization" not in request.headers:
            challenge = 'Bearer authorization="https://login.microsoftonline.com/tenant-id", resource="https://vault.azure.net"'
            return self._respond(request, 401, {}, {"WWW-Authenticate": challenge})
        if self.unavailable:
            return self._respond(
                request, 503, {"error": {"code": "ServiceUnavailable", "message": "down"}}
            )
        version = self._version_of(path)
        if version is None:
            return self._respond(
                request, 404, {"error": {"code": "KeyNotFound", "message": "no such version"}}
            )
        key = self._versions[version]
        kid = f"{VAULT}/keys/{KEY_NAME}/{version}"
        numbers = key.public_key().public_numbers()
        oaep = padding.OAEP(
            mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None
        )
        if request.method == "GET" and path.startswith(f"/keys/{KEY_NAME}"):
            jwk = {
                "kid": kid,
                "kty": "RSA",
                "key_ops": ["wrapKey", "unwrapKey"],
                "n": _b64(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
                "e": _b64(numbers.e.to_bytes(3, "big")),
            }
            return self._respond(request, 200, {"key": jwk, "attributes": {"enabled": True}})
        body = json.loads(request.body or b"{}")
        if path.endswith("/wrapkey"):
            return self._respond(
                request,
                200,
                {"kid": kid, "value": _b64(key.public_key().encrypt(_unb64(body["value"]), oaep))},
            )
        if path.endswith("/unwrapkey"):
            return self._respond(
                request,
                200,
                {"kid": kid, "value": _b64(key.decrypt(_unb64(body["value"]), oaep))},
            )
        return self._respond(request, 404, {"error": {"code": "NotFound", "message": path}})

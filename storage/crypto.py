"""Authenticated encryption of stored values: AES-256-GCM with a random 96-bit nonce.

The associated data binds a ciphertext to its table, column, row and key version, so a
ciphertext copied to another row or column does not decrypt: it is reported as tampering.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_BYTES = 32


class TamperedData(Exception):
    """A stored ciphertext failed authentication: it was changed, moved or the key is wrong."""


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def associated_data(table: str, column: str, row_id: str, key_version: str) -> bytes:
    return f"{table}|{column}|{row_id}|{key_version}".encode()


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < NONCE_BYTES + 16:
        raise TamperedData("ciphertext too short")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag as error:
        raise TamperedData("ciphertext failed authentication") from error


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON. A lone surrogate that slipped through (from a hostile client) is
    kept as it came (surrogatepass) rather than failing the write of everything beside it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8", "surrogatepass"
    )


def json_value(blob: bytes) -> Any:
    return json.loads(blob.decode("utf-8", "surrogatepass"))


def seal_json(key: bytes, value: Any, aad: bytes) -> bytes:
    return seal(key, json_bytes(value), aad)


def unseal_json(key: bytes, blob: bytes, aad: bytes) -> Any:
    return json_value(unseal(key, blob, aad))


def keyed_digest(key: bytes, value: str) -> str:
    """HMAC-SHA256 of a value: a blind index or a pseudonymous lookup key."""
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()

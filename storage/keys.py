"""Key-encryption key providers and the keyring of named system keys.

A provider wraps and unwraps data keys with a key-encryption key (KEK) it never hands out.
The embedded default keeps the KEK in a local file with owner-only permissions.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path
from typing import Protocol

from storage.crypto import KEY_BYTES, TamperedData, new_data_key, seal, unseal


class KeyProviderError(Exception):
    """The key provider is misconfigured or unreachable."""


class KeyProvider(Protocol):
    @property
    def key_version(self) -> str: ...

    async def wrap(self, data_key: bytes) -> bytes: ...

    async def unwrap(self, wrapped: bytes, key_version: str) -> bytes: ...


def create_key_file(path: Path) -> None:
    """Write a new random key-encryption key to `path` (owner-only); never overwrites."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(base64.b64encode(new_data_key()).decode() + "\n")


def local_key_version(kek: bytes) -> str:
    return "local-" + hashlib.sha256(kek).hexdigest()[:12]


class LocalKeyFileProvider:
    """A KEK in a local file, created on first use with mode 0600.

    `previous` names retired key files that may still unwrap data keys: during a key rotation
    the bot wraps with the new key and still reads what the old one wrapped, until
    `python -m bot rotate-keys` has re-wrapped everything (docs/admin.md)."""

    def __init__(self, path: Path, previous: tuple[Path, ...] = ()) -> None:
        self._path = path
        self._kek = self._load_or_create(path)
        self._version = local_key_version(self._kek)
        self._keks = {self._version: self._kek}
        for old in previous:
            kek = self._load(old)
            self._keks.setdefault(local_key_version(kek), kek)

    @classmethod
    def _load_or_create(cls, path: Path) -> bytes:
        if not path.exists():
            create_key_file(path)
        return cls._load(path)

    @staticmethod
    def _load(path: Path) -> bytes:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise KeyProviderError(
                f"key file {path} is readable by others (mode {mode:o}); run: chmod 600 {path}"
            )
        try:
            kek = base64.b64decode(path.read_text().strip(), validate=True)
        except ValueError as error:
            raise KeyProviderError(f"key file {path} is not valid base64") from error
        if len(kek) != KEY_BYTES:
            raise KeyProviderError(f"key file {path} does not hold a 256-bit key")
        return kek

    @property
    def key_version(self) -> str:
        return self._version

    async def wrap(self, data_key: bytes) -> bytes:
        return seal(self._kek, data_key, b"dek|" + self._version.encode())

    async def unwrap(self, wrapped: bytes, key_version: str) -> bytes:
        kek = self._keks.get(key_version)
        if kek is None:
            raise KeyProviderError(f"no key-encryption key for version {key_version}")
        try:
            return unseal(kek, wrapped, b"dek|" + key_version.encode())
        except TamperedData as error:
            raise TamperedData("wrapped data key failed authentication") from error

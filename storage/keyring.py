"""Named system keys (bot state, pseudonymous lookups, blind indexes), unwrapped once at start."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.crypto import keyed_digest, new_data_key
from storage.keys import KeyProvider
from storage.schema import system_keys

SYSTEM_KEY_NAMES = ("bot_state", "lookup", "blind_index", "directory", "outbox")


class Keyring:
    def __init__(self, provider: KeyProvider, keys: dict[str, bytes]) -> None:
        self.provider = provider
        self._keys = keys

    def __getitem__(self, name: str) -> bytes:
        return self._keys[name]

    def person_digest(self, aad_object_id: str) -> str:
        """A keyed pseudonym for a person, used to find where they can be reached."""
        return keyed_digest(self._keys["lookup"], "person|" + aad_object_id)

    @classmethod
    async def load_or_create(
        cls, engine: AsyncEngine, provider: KeyProvider, now: datetime
    ) -> Keyring:
        keys: dict[str, bytes] = {}
        for name in SYSTEM_KEY_NAMES:
            keys[name] = await _load_or_create_key(engine, provider, name, now)
        return cls(provider, keys)


async def _load_or_create_key(
    engine: AsyncEngine, provider: KeyProvider, name: str, now: datetime
) -> bytes:
    async with engine.begin() as conn:
        row = (
            await conn.execute(
                select(system_keys.c.wrapped_key, system_keys.c.kek_version).where(
                    system_keys.c.name == name
                )
            )
        ).first()
    if row is not None:
        return await provider.unwrap(row.wrapped_key, row.kek_version)
    key = new_data_key()
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(system_keys).values(
                    name=name,
                    wrapped_key=await provider.wrap(key),
                    kek_version=provider.key_version,
                    created_at=now,
                )
            )
    except IntegrityError:
        # Another instance created it first: use theirs.
        return await _load_or_create_key(engine, provider, name, now)
    return key

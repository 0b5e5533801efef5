"""Named system keys (bot state, pseudonymous lookups, blind indexes), unwrapped once at start."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Table, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.crypto import keyed_digest, new_data_key
from storage.keys import KeyProvider
from storage.schema import system_keys

SYSTEM_KEY_NAMES = (
    "bot_state",
    "lookup",
    "blind_index",
    "directory",
    "outbox",
    "audit_anchor",
    "blind_index_victim",
    "blind_index_organisation",
)


def wrapping_version(table: Table) -> ColumnElement[str]:
    """The key-encryption key version that wraps a row's data key now (see storage/schema.py)."""
    return func.coalesce(table.c.wrapped_by, table.c.kek_version).label("wrapping_version")


class Keyring:
    def __init__(self, provider: KeyProvider, keys: dict[str, bytes]) -> None:
        self.provider = provider
        self._keys = keys

    def __getitem__(self, name: str) -> bytes:
        return self._keys[name]

    async def stored_data_key(
        self, conn: AsyncConnection, table: Table, id_column: str, row_id: str
    ) -> tuple[bytes, str]:
        """Unwrap the data key kept in `table` for a row; returns it with the version that its
        ciphertexts' associated data names (`kek_version`)."""
        row = (
            await conn.execute(
                select(table.c.wrapped_key, table.c.kek_version, wrapping_version(table)).where(
                    table.c[id_column] == row_id
                )
            )
        ).one()
        return await self.provider.unwrap(row.wrapped_key, row.wrapping_version), row.kek_version

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
                select(system_keys.c.wrapped_key, wrapping_version(system_keys)).where(
                    system_keys.c.name == name
                )
            )
        ).first()
    if row is not None:
        return await provider.unwrap(row.wrapped_key, row.wrapping_version)
    key = new_data_key()
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(system_keys).values(
                    name=name,
                    wrapped_key=await provider.wrap(key),
                    kek_version=provider.key_version,
                    wrapped_by=provider.key_version,
                    created_at=now,
                )
            )
    except IntegrityError:
        # Another instance created it first: use theirs.
        return await _load_or_create_key(engine, provider, name, now)
    return key


# Each kind of match has its own key (the three first kinds share the original one), so an
# index of one kind says nothing about a value of another.
_BLIND_INDEX_KEYS = {"victim": "blind_index_victim", "organisation": "blind_index_organisation"}


def blind_index_digest(keyring: Keyring, kind: str, term: str) -> str:
    return keyed_digest(keyring[_BLIND_INDEX_KEYS.get(kind, "blind_index")], f"{kind}|{term}")

"""Encrypted key-value store for conversation state, with optimistic concurrency.

Every row carries an integer etag. A write that names an etag only succeeds if the row still
has it; a write without an etag only creates a row. Either way a concurrent turn that read the
same state earlier cannot silently overwrite this one: it gets `StateConflict`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.crypto import associated_data, keyed_digest, seal_json, unseal_json
from storage.dialect import upsert_insert
from storage.keyring import Keyring
from storage.schema import bot_state

ANY_ETAG = "*"


class StateConflict(Exception):
    """The stored state changed since it was read (another turn wrote it first)."""


class StateStore:
    def __init__(self, engine: AsyncEngine, keyring: Keyring) -> None:
        self._engine = engine
        self._key = keyring["bot_state"]
        self._lookup_key = keyring["lookup"]

    def _digest(self, key: str) -> str:
        return keyed_digest(self._lookup_key, "state|" + key)

    def _aad(self, digest: str) -> bytes:
        return associated_data("bot_state", "data", digest, "bot_state")

    async def read(self, keys: Iterable[str]) -> dict[str, tuple[Any, str]]:
        """Stored values with their etags, for the keys that exist."""
        by_digest = {self._digest(k): k for k in keys}
        if not by_digest:
            return {}
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(bot_state.c.key_digest, bot_state.c.etag, bot_state.c.data).where(
                    bot_state.c.key_digest.in_(list(by_digest))
                )
            )
            found = rows.all()
        return {
            by_digest[r.key_digest]: (
                unseal_json(self._key, r.data, self._aad(r.key_digest)),
                str(r.etag),
            )
            for r in found
        }

    async def write(
        self, changes: dict[str, tuple[Any, str | None]], now: datetime
    ) -> dict[str, str]:
        """Write values, each guarded by the etag it was read with; returns the new etags."""
        new_etags: dict[str, str] = {}
        async with self._engine.begin() as conn:
            for key, (value, etag) in changes.items():
                digest = self._digest(key)
                data = seal_json(self._key, value, self._aad(digest))
                if etag == ANY_ETAG:
                    result = await conn.execute(
                        update(bot_state)
                        .where(bot_state.c.key_digest == digest)
                        .values(data=data, etag=bot_state.c.etag + 1, updated_at=now)
                        .returning(bot_state.c.etag)
                    )
                    row = result.first()
                    if row is None:
                        await self._insert(conn, digest, data, now)
                        new_etags[key] = "1"
                    else:
                        new_etags[key] = str(row.etag)
                elif etag:
                    result = await conn.execute(
                        update(bot_state)
                        .where(bot_state.c.key_digest == digest, bot_state.c.etag == _as_int(etag))
                        .values(data=data, etag=bot_state.c.etag + 1, updated_at=now)
                        .returning(bot_state.c.etag)
                    )
                    row = result.first()
                    if row is None:
                        raise StateConflict("state was changed by another turn")
                    new_etags[key] = str(row.etag)
                else:
                    await self._insert(conn, digest, data, now)
                    new_etags[key] = "1"
        return new_etags

    async def _insert(self, conn: Any, digest: str, data: bytes, now: datetime) -> None:
        statement = (
            upsert_insert(self._engine.dialect.name, bot_state)
            .values(key_digest=digest, etag=1, data=data, updated_at=now)
            .on_conflict_do_nothing(index_elements=[bot_state.c.key_digest])
            .returning(bot_state.c.etag)
        )
        if (await conn.execute(statement)).first() is None:
            raise StateConflict("state was created by another turn")

    async def delete(self, keys: Iterable[str]) -> None:
        digests = [self._digest(k) for k in keys]
        if not digests:
            return
        async with self._engine.begin() as conn:
            await conn.execute(delete(bot_state).where(bot_state.c.key_digest.in_(digests)))

    async def purge_not_updated_since(self, cutoff: datetime) -> int:
        """Delete state nobody touched since `cutoff` (abandoned drafts); returns the count."""
        async with self._engine.begin() as conn:
            result = await conn.execute(delete(bot_state).where(bot_state.c.updated_at < cutoff))
        return result.rowcount or 0


def _as_int(etag: str) -> int:
    try:
        return int(etag)
    except ValueError:
        raise StateConflict("unknown etag") from None

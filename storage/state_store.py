"""Encrypted key-value store for conversation state, with optimistic concurrency.

Every row carries an integer etag. A write that names an etag only succeeds if the row still
has it; a write without an etag only creates a row. Either way a concurrent turn that read the
same state earlier cannot silently overwrite this one: it gets `StateConflict`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.crypto import associated_data, json_bytes, json_value, keyed_digest, seal, unseal
from storage.dialect import insert_unless_exists
from storage.group_commit import GroupCommit
from storage.keyring import Keyring
from storage.schema import bot_state

ANY_ETAG = "*"
CACHE_ENTRIES = 2048


# Built once: a turn's write then costs no statement construction, and SQLAlchemy finds the
# compiled form by the statement's memoised cache key.
_UPDATE_ANY = (
    update(bot_state)
    .where(bot_state.c.key_digest == bindparam("digest"))
    .values(data=bindparam("sealed"), etag=bot_state.c.etag + 1, updated_at=bindparam("now"))
    .returning(bot_state.c.etag)
)
_UPDATE_IF_ETAG = _UPDATE_ANY.where(bot_state.c.etag == bindparam("expected"))


class StateConflict(Exception):
    """The stored state changed since it was read (another turn wrote it first)."""


@dataclass(frozen=True)
class _Sealed:
    key: str
    digest: str
    etag: str | None
    plaintext: bytes
    sealed: bytes


@dataclass
class _Write:
    values: list[_Sealed]
    now: datetime
    outcome: dict[str, str] | StateConflict | None = None


class StateStore:
    def __init__(self, engine: AsyncEngine, keyring: Keyring) -> None:
        self._engine = engine
        self._key = keyring["bot_state"]
        self._lookup_key = keyring["lookup"]
        # SQLite is embedded: this process is its only writer, so what it last wrote is what is
        # stored, and reads can be served from memory (plaintext JSON of this process's own
        # writes). PostgreSQL serves several instances, so there every read goes to the database.
        # Bounded (least recently used out), so memory does not grow with conversations.
        self._cache: OrderedDict[str, tuple[bytes, str]] | None = (
            OrderedDict() if engine.dialect.name == "sqlite" else None
        )
        self._group_commit = GroupCommit(self._write_batch)
        self._insert_new = insert_unless_exists(
            engine.dialect.name, bot_state, ("key_digest",), returning=("etag",)
        )

    def _digest(self, key: str) -> str:
        return keyed_digest(self._lookup_key, "state|" + key)

    def _aad(self, digest: str) -> bytes:
        return associated_data("bot_state", "data", digest, "bot_state")

    def _remember(self, key: str, plaintext: bytes, etag: str) -> None:
        if self._cache is not None:
            self._cache[key] = (plaintext, etag)
            self._cache.move_to_end(key)
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)

    def _forget(self, keys: Iterable[str]) -> None:
        if self._cache is not None:
            for key in keys:
                self._cache.pop(key, None)

    async def read(self, keys: Iterable[str]) -> dict[str, tuple[Any, str]]:
        """Stored values with their etags, for the keys that exist."""
        keys = list(keys)
        result: dict[str, tuple[Any, str]] = {}
        missing = []
        for key in keys:
            cached = self._cache.get(key) if self._cache is not None else None
            if cached:
                result[key] = (json_value(cached[0]), cached[1])
            else:
                missing.append(key)
        if not missing:
            return result
        by_digest = {self._digest(k): k for k in missing}
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(bot_state.c.key_digest, bot_state.c.etag, bot_state.c.data).where(
                    bot_state.c.key_digest.in_(list(by_digest))
                )
            )
            found = rows.all()
        for row in found:
            key = by_digest[row.key_digest]
            plaintext = unseal(self._key, row.data, self._aad(row.key_digest))
            self._remember(key, plaintext, str(row.etag))
            result[key] = (json_value(plaintext), str(row.etag))
        return result

    async def write(
        self, changes: dict[str, tuple[Any, str | None]], now: datetime
    ) -> dict[str, str]:
        """Write values, each guarded by the etag it was read with; returns the new etags once
        they are committed. Raises StateConflict, writing none of `changes`, if a value changed
        since it was read."""
        sealed = []
        for key, (value, etag) in changes.items():
            digest = self._digest(key)
            plaintext = json_bytes(value)
            sealed.append(
                _Sealed(key, digest, etag, plaintext, seal(self._key, plaintext, self._aad(digest)))
            )
        return await self._group_commit.write(_Write(sealed, now))

    async def _write_batch(self, batch: list[_Write]) -> None:
        """One transaction (one commit, one disk flush) for the writes of all waiting turns.
        A write whose etag no longer matches is rolled back to its savepoint and fails alone."""
        async with self._engine.begin() as conn:
            for write in batch:
                if len(write.values) == 1:
                    write.outcome = await self._apply(conn, write)
                else:
                    savepoint = await conn.begin_nested()
                    write.outcome = await self._apply(conn, write)
                    await (
                        savepoint.rollback()
                        if isinstance(write.outcome, StateConflict)
                        else savepoint.commit()
                    )
        for write in batch:
            if isinstance(write.outcome, StateConflict):
                self._forget(v.key for v in write.values)
            else:
                for value in write.values:
                    self._remember(value.key, value.plaintext, write.outcome[value.key])

    async def _apply(self, conn: Any, write: _Write) -> dict[str, str] | StateConflict:
        new_etags: dict[str, str] = {}
        for value in write.values:
            params = {"digest": value.digest, "sealed": value.sealed, "now": write.now}
            if value.etag:
                if value.etag == ANY_ETAG:
                    row = (await conn.execute(_UPDATE_ANY, params)).first()
                else:
                    expected = _as_int(value.etag)
                    if expected is None:
                        return StateConflict("unknown etag")
                    row = (
                        await conn.execute(_UPDATE_IF_ETAG, {**params, "expected": expected})
                    ).first()
                if row is not None:
                    new_etags[value.key] = str(row.etag)
                    continue
                if value.etag != ANY_ETAG:
                    return StateConflict("state was changed by another turn")
            inserted = await conn.execute(
                self._insert_new,
                {
                    "key_digest": value.digest,
                    "etag": 1,
                    "data": value.sealed,
                    "updated_at": write.now,
                },
            )
            if inserted.first() is None:
                return StateConflict("state was created by another turn")
            new_etags[value.key] = "1"
        return new_etags

    async def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        self._forget(keys)
        digests = [self._digest(k) for k in keys]
        if not digests:
            return
        async with self._engine.begin() as conn:
            await conn.execute(delete(bot_state).where(bot_state.c.key_digest.in_(digests)))

    async def purge_not_updated_since(self, cutoff: datetime) -> int:
        """Delete state nobody touched since `cutoff` (abandoned drafts); returns the count."""
        async with self._engine.begin() as conn:
            result = await conn.execute(delete(bot_state).where(bot_state.c.updated_at < cutoff))
        if result.rowcount and self._cache is not None:
            self._cache.clear()  # keys are stored as digests only; start the cache afresh
        return result.rowcount or 0


def _as_int(etag: str) -> int | None:
    try:
        return int(etag)
    except ValueError:
        return None

"""Key rotation: every stored data key re-wrapped under the current key-encryption key.

Only the wrapped data keys change (`wrapped_key`, `wrapped_by`); no content is re-encrypted,
and `kek_version`, which the content's associated data names, stays. Each batch is its own
short transaction guarded by the old wrapping, so the bot keeps serving while this runs and a
row that changed or went meanwhile (retention) is simply skipped. Running it again re-wraps
only what is not yet under the current key. The run is written to the audit log.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Table, func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import audit
from storage.crypto import new_data_key
from storage.keyring import wrapping_version
from storage.keys import KeyProvider
from storage.schema import metadata

BATCH = 200


def wrapped_key_tables() -> tuple[Table, ...]:
    """Every table that keeps a wrapped data key (found from the schema, so none is missed)."""
    return tuple(t for t in metadata.sorted_tables if "wrapped_key" in t.c)


@dataclass(frozen=True)
class RotationResult:
    current_version: str
    rewrapped: int
    skipped: int  # changed or deleted by the running bot while this ran
    in_use: dict[str, int]  # wrapping version -> data keys, after the run


async def current_version(provider: KeyProvider) -> str:
    """The version new wraps get. A Key Vault provider only learns its newest key version from
    a wrap, so wrap a throwaway key first."""
    await provider.wrap(new_data_key())
    return provider.key_version


async def versions_in_use(engine: AsyncEngine) -> dict[str, int]:
    """How many data keys each key-encryption key version wraps (versions are key ids, no data)."""
    counts: Counter[str] = Counter()
    async with engine.connect() as conn:
        for table in wrapped_key_tables():
            version = wrapping_version(table)
            rows = await conn.execute(select(version, func.count()).group_by(version))
            for name, count in rows.all():
                counts[name] += count
    return dict(counts)


async def rotate_data_keys(
    engine: AsyncEngine, provider: KeyProvider, now: datetime, *, actor: str = "operator"
) -> RotationResult:
    target = await current_version(provider)
    rewrapped = skipped = 0
    for table in wrapped_key_tables():
        done, missed = await _rotate_table(engine, provider, table, target)
        rewrapped += done
        skipped += missed
    in_use = await versions_in_use(engine)
    async with engine.begin() as conn:
        await audit.append(
            conn,
            audit.AuditEvent(actor, "keys.rotate", f"rewrapped{rewrapped}-skipped{skipped}"),
            now,
        )
    return RotationResult(target, rewrapped, skipped, in_use)


async def _rotate_table(
    engine: AsyncEngine, provider: KeyProvider, table: Table, target: str
) -> tuple[int, int]:
    keys = list(table.primary_key.columns)
    version = wrapping_version(table)
    rewrapped = skipped = 0
    after: tuple[Any, ...] | None = None
    while True:
        query = select(*keys, table.c.wrapped_key, version).where(version != target)
        if after is not None:
            # Keyset paging: a row skipped once is not read again.
            query = query.where(tuple_(*keys) > tuple_(*after))
        async with engine.connect() as conn:
            rows: list[Row[Any]] = list(
                (await conn.execute(query.order_by(*keys).limit(BATCH))).all()
            )
        if not rows:
            return rewrapped, skipped
        # Unwrap and wrap outside the transaction: with Key Vault these are network calls.
        changes = []
        for row in rows:
            data_key = await provider.unwrap(row.wrapped_key, row.wrapping_version)
            changes.append((row, await provider.wrap(data_key), provider.key_version))
        async with engine.begin() as conn:
            for row, wrapped, new_version in changes:
                result = await conn.execute(
                    update(table)
                    .where(*(c == row._mapping[c.name] for c in keys))
                    .where(table.c.wrapped_key == row.wrapped_key)
                    .values(wrapped_key=wrapped, wrapped_by=new_version)
                )
                if result.rowcount:
                    rewrapped += 1
                else:
                    skipped += 1
        after = tuple(rows[-1]._mapping[c.name] for c in keys)


async def readable_data_keys(engine: AsyncEngine, provider: KeyProvider) -> int:
    """Unwrap every stored data key with `provider`; returns how many there are. Raises the
    provider's error at the first one it cannot unwrap (e.g. the wrong key file)."""
    readable = 0
    for table in wrapped_key_tables():
        async with engine.connect() as conn:
            rows = (await conn.execute(select(table.c.wrapped_key, wrapping_version(table)))).all()
        for row in rows:
            await provider.unwrap(row.wrapped_key, row.wrapping_version)
            readable += 1
    return readable
